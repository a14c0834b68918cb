/**
 * One line a person understands for any event, whatever its format: a connection as
 * `10.1.2.45:51234 → 203.0.113.66:443 tcp ssl 1.2 KB`, a logon as who, where, from where and
 * how, a process as its image and command line (an encoded PowerShell command decoded), a DNS
 * question with its answers, a file or registry change with the process that made it. The
 * timeline, the case report and the CLI all use it. The text is attacker-written data: it is
 * only cut, collapsed and quoted, never interpreted.
 */
import type { Event } from '../../core/index.js';

const maxLength = 240;

/** Control characters and runs of white space become one space. */
function clean(text: string): string {
  let out = '';
  let space = false;
  for (const character of text) {
    const code = character.codePointAt(0) ?? 0;
    const blank = code < 0x20 || code === 0x7f || (code >= 0x80 && code < 0xa0) || character === ' ';
    if (blank) {
      if (!space && out.length > 0) out += ' ';
      space = true;
    } else {
      out += character;
      space = false;
    }
    if (out.length > maxLength * 2) break;
  }
  return out.trimEnd();
}

function cut(text: string, length = maxLength): string {
  return text.length > length ? `${text.slice(0, length - 1)}…` : text;
}

export function humanBytes(bytes: number): string {
  if (bytes < 1024) return `${bytes} B`;
  const units = ['KB', 'MB', 'GB', 'TB'];
  let value = bytes / 1024;
  let unit = 0;
  while (value >= 1024 && unit < units.length - 1) {
    value /= 1024;
    unit += 1;
  }
  return `${value.toFixed(1)} ${units[unit]}`;
}

const endpoint = (point: { ip?: string | undefined; port?: number | undefined; domain?: string | undefined }) => {
  const address = point.ip ?? point.domain ?? '?';
  const shown = address.includes(':') ? `[${address}]` : address;
  return point.port !== undefined ? `${shown}:${point.port}` : shown;
};

const account = (user: Event['user']): string | undefined =>
  user?.name ? (user.domain ? `${user.domain}\\${user.name}` : user.name) : undefined;

const baseName = (path: string): string => path.split(/[\\/]/).pop() ?? path;

/** Zeek connection states that say something other than "a normal connection". */
const connectionStates: Record<string, string> = {
  S0: 'no reply',
  S1: 'established, not closed',
  REJ: 'rejected',
  RSTO: 'reset by originator',
  RSTR: 'reset by responder',
  RSTOS0: 'originator sent SYN then reset',
  RSTRH: 'responder reset after SYN-ACK',
  SH: 'originator sent SYN then FIN',
  SHR: 'responder sent SYN-ACK then FIN',
  OTH: 'no SYN seen (midstream)',
  S2: 'closed by originator only',
  S3: 'closed by responder only',
};

/** Windows logon types by number. */
const logonTypes: Record<string, string> = {
  '2': 'interactive',
  '3': 'network',
  '4': 'batch',
  '5': 'service',
  '7': 'unlock',
  '8': 'network cleartext',
  '9': 'new credentials',
  '10': 'remote interactive',
  '11': 'cached interactive',
};

/** The command an `-EncodedCommand` (or any unambiguous prefix of it, `-e`, `-enc`) carries, decoded. */
export function decodedPowerShell(commandLine: string): string | undefined {
  const tokens = commandLine.split(/\s+/);
  for (let index = 0; index < tokens.length - 1; index++) {
    const token = (tokens[index] ?? '').toLowerCase().replace(/^[-/]+/, '');
    const flag = (tokens[index] ?? '').startsWith('-') || (tokens[index] ?? '').startsWith('/');
    if (!flag || token.length === 0 || (token !== 'ec' && !'encodedcommand'.startsWith(token))) continue;
    const payload = (tokens[index + 1] ?? '').replace(/^["']|["']$/g, '');
    if (payload.length < 4 || payload.length > 65_536 || !/^[A-Za-z0-9+/=]+$/.test(payload)) return undefined;
    const decoded = Buffer.from(payload, 'base64').toString('utf16le');
    // a real command decodes to mostly printable text
    const printable = [...decoded].filter((character) => character >= ' ' && character <= '~').length;
    return printable >= decoded.length * 0.8 ? clean(decoded) : undefined;
  }
  return undefined;
}

function describeProcess(event: Event): string | undefined {
  const process = event.process;
  if (!process?.commandLine && !process?.executable) return undefined;
  const image = process.executable ? baseName(process.executable) : (process.name ?? 'process');
  const commandLine = process.commandLine ? clean(process.commandLine) : undefined;
  let text = commandLine ?? process.executable ?? image;
  const decoded = commandLine ? decodedPowerShell(commandLine) : undefined;
  if (decoded) text = `${cut(text, 80)} (decoded: ${decoded})`;
  const by = account(event.user);
  const parent = process.parent?.executable ? baseName(process.parent.executable) : process.parent?.name;
  const prefix = event.action === 'process-created' || !event.action ? '' : `${event.action.replaceAll('-', ' ')}: `;
  return `${prefix}${text}${parent ? ` ← ${parent}` : ''}${by ? ` as ${by}` : ''}`;
}

function describeAuthentication(event: Event): string {
  const who = account(event.targetUser) ?? account(event.user) ?? 'unknown account';
  const failed = event.outcome === 'failure';
  const from = event.source?.ip || event.source?.domain;
  const workstation = event.source?.domain && event.source.domain !== event.source.ip ? event.source.domain : undefined;
  const origin = from ? ` from ${workstation && event.source?.ip ? `${workstation} (${event.source.ip})` : from}` : '';
  const type = event.auth?.logonType ? logonTypes[event.auth.logonType] : undefined;
  const how = [type ? `${type} logon` : undefined, event.auth?.method].filter(Boolean).join(', ');
  const verb = failed ? 'failed logon of' : 'logon of';
  return `${verb} ${who}${event.host?.name ? ` to ${event.host.name}` : ''}${origin}${how ? ` (${how})` : ''}`;
}

function describeNetwork(event: Event): string | undefined {
  if (event.dns?.question?.name) {
    const answers = event.dns.answers?.length ? ` → ${event.dns.answers.slice(0, 4).join(', ')}` : '';
    const code = event.dns.responseCode && !['0', 'NOERROR'].includes(event.dns.responseCode);
    return `DNS ${event.dns.question.type ?? 'query'} ${event.dns.question.name}${answers}${code ? ` (${event.dns.responseCode})` : ''}${event.source?.ip ? ` asked by ${event.source.ip}` : ''}`;
  }
  if (event.url?.full || event.http?.method) {
    const status = event.http?.statusCode !== undefined ? ` → ${event.http.statusCode}` : '';
    const method = event.http?.method ?? (event.action && /^[A-Z]+$/.test(event.action) ? event.action : 'HTTP');
    return `${event.source?.ip ? `${event.source.ip} ` : ''}${method} ${event.url?.full ?? event.url?.domain ?? ''}${status}`;
  }
  if (!event.destination && !event.network) return undefined;
  const from = event.source ? endpoint(event.source) : '?';
  const to = event.destination ? endpoint(event.destination) : '?';
  const parts = [`${from} → ${to}`];
  if (event.network?.transport) parts.push(event.network.transport);
  if (event.network?.protocol) parts.push(event.network.protocol);
  if (event.tls?.serverName) parts.push(`SNI ${event.tls.serverName}`);
  if (event.network?.bytes !== undefined) parts.push(humanBytes(event.network.bytes));
  const state = event.action ? connectionStates[event.action] : undefined;
  if (state) parts.push(`(${state})`);
  const by = event.process?.executable ? ` by ${baseName(event.process.executable)}` : '';
  return `${parts.join(' ')}${by}`;
}

function firstLine(message: string): string {
  const lines = message.split(/\r?\n/).map((line) => line.trim());
  const useful = lines.filter((line) => line.length > 0 && !line.endsWith(':'));
  return useful.slice(0, 2).join(' — ');
}

/** One human-readable line for an event (at most 240 characters). */
export function describeEvent(event: Event): string {
  const action = event.action?.replaceAll('-', ' ');
  const program = event.origin.format === 'syslog' || event.origin.dataset === 'linux_secure';
  if (program && event.message) {
    const name = event.process?.name ?? event.origin.dataset ?? 'syslog';
    return cut(`${name}: ${clean(event.message)}`);
  }
  if (event.kind === 'alert' && event.rule?.name) {
    const between =
      event.source || event.destination ? ` ${describeNetwork({ ...event, action: undefined }) ?? ''}` : '';
    return cut(`IDS alert: ${clean(event.rule.name)}${between}`);
  }
  if (event.category.includes('authentication')) return cut(describeAuthentication(event));
  const script = event.fields.ScriptBlockText;
  if (event.action === 'powershell-script-block-logged' && (typeof script === 'string' || event.message)) {
    const text =
      typeof script === 'string' ? script : (event.message ?? '').replace(/^Creating Scriptblock text[^\n]*\n/i, '');
    return cut(`PowerShell script block: ${clean(text)}`);
  }
  const service = event.fields.ServiceName;
  if (event.action === 'service-installed' && typeof service === 'string')
    return cut(
      `service installed: ${clean(service)} → ${clean(event.file?.path ?? String(event.fields.ImagePath ?? '?'))}`,
    );
  if (event.registry?.key) {
    const by = event.process?.executable ? ` by ${baseName(event.process.executable)}` : '';
    const data = event.registry.data ? ` = ${clean(event.registry.data)}` : '';
    return cut(
      `${action ?? 'registry'} ${event.registry.key}${event.registry.value ? `\\${event.registry.value}` : ''}${data}${by}`,
    );
  }
  if (event.file?.path) {
    const by = event.process?.executable ? ` by ${baseName(event.process.executable)}` : '';
    const hash = event.file.hashes?.sha256 ? ` sha256 ${event.file.hashes.sha256.slice(0, 12)}…` : '';
    return cut(`${action ?? 'file'} ${clean(event.file.path)}${by}${hash}`);
  }
  const process = describeProcess(event);
  if (process && !event.destination && !event.dns) return cut(process);
  const network = describeNetwork(event);
  if (network) return cut(network);
  if (process) return cut(process);
  if (event.message) return cut(`${action ? `${action}: ` : ''}${clean(firstLine(event.message))}`);
  if (event.rule?.name) return cut(clean(event.rule.name));
  const pairs = Object.entries(event.fields)
    .filter(([, value]) => typeof value === 'string' || typeof value === 'number' || typeof value === 'boolean')
    .slice(0, 6)
    .map(([key, value]) => `${key}=${clean(String(value))}`);
  const described = [action, account(event.user), pairs.join(' ')].filter(Boolean).join(' · ');
  return cut(described || `${event.origin.dataset ?? event.origin.format} event`);
}

/** A short name for where an event came from: `sysmon`, `security`, `zeek conn`, `sshd`, `suricata alert`. */
export function eventSourceName(event: Event): string {
  const dataset = event.origin.dataset;
  if (!dataset) return event.origin.format;
  let name = dataset;
  if (name.startsWith('XmlWinEventLog:') || name.startsWith('WinEventLog:')) name = name.slice(name.indexOf(':') + 1);
  if (name.startsWith('Microsoft-Windows-')) name = name.slice('Microsoft-Windows-'.length);
  if (name.endsWith('/Operational')) name = name.slice(0, -'/Operational'.length);
  name = name.toLowerCase();
  if (event.origin.format.startsWith('zeek')) return `zeek ${name}`;
  if (event.origin.format === 'suricata-eve') return `suricata ${name}`;
  return name.length > 24 ? `${name.slice(0, 23)}…` : name;
}
