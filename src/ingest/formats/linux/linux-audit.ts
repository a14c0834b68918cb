/**
 * Linux audit logs as `auditd` writes them (`/var/log/audit/audit.log`, `ausearch --raw`), one
 * record a line:
 *
 *   type=SYSCALL msg=audit(1604994496.155:92733): arch=c000003e syscall=59 success=yes ppid=29002 pid=1631 auid=1000 uid=1000 comm="arp" exe="/usr/sbin/arp" key=(null)
 *   type=EXECVE msg=audit(1604994496.155:92733): argc=2 a0="arp" a1="-a"
 *
 * Every record becomes an event with its own fields under their audit names (`type`, `syscall`,
 * `exe`, `comm`, `key`, `a0`…, `name`, `cwd`, `proctitle`), what the Sigma `linux`/`auditd` rules
 * match, with the dataset `auditd`. Records of one audit event share its serial: the `EXECVE`
 * record is a process start, completed from its `SYSCALL` record (executable, pid, parent pid,
 * user) and given the command line its arguments spell; `USER_CMD` (sudo) gives the command run,
 * `USER_AUTH`, `USER_LOGIN` and `USER_START` a logon with its outcome, account and address.
 * Values auditd hex-encodes (arguments, titles, paths with spaces or control characters) are
 * decoded. State: the `SYSCALL` records of the last `maxPending` serials (oldest forgotten).
 * Parsed by a scanner, no regular expression: a line costs time linear in its length.
 */
import type { EventDraft, FormatDefinition, ParseOutcome, RawRecord } from '../../types.js';

const maxPending = 1_024;
const maxFields = 200;

interface Header {
  node?: string;
  type: string;
  seconds: number;
  serial: string;
  /** Where the record's fields start. */
  rest: number;
}

const isUpperWord = (text: string) => {
  for (let index = 0; index < text.length; index++) {
    const code = text.charCodeAt(index);
    if (!((code >= 65 && code <= 90) || (code >= 48 && code <= 57) || code === 95)) return false;
  }
  return text.length > 0;
};
const isDigits = (text: string) => text.length > 0 && [...text].every((char) => char >= '0' && char <= '9');

/** `[node=NAME ]type=TYPE msg=audit(SECONDS.MILLIS:SERIAL):` */
export function auditHeader(line: string): Header | undefined {
  let position = 0;
  let node: string | undefined;
  if (line.startsWith('node=')) {
    const space = line.indexOf(' ');
    if (space < 0) return undefined;
    node = line.slice(5, space);
    position = space + 1;
  }
  if (!line.startsWith('type=', position)) return undefined;
  const typeEnd = line.indexOf(' ', position);
  if (typeEnd < 0) return undefined;
  const type = line.slice(position + 5, typeEnd);
  if (!isUpperWord(type) || !line.startsWith('msg=audit(', typeEnd + 1)) return undefined;
  const open = typeEnd + 1 + 'msg=audit('.length;
  const close = line.indexOf('):', open);
  if (close < 0) return undefined;
  const [time, serial] = line.slice(open, close).split(':');
  const [whole, fraction = '0'] = (time ?? '').split('.');
  if (!isDigits(whole ?? '') || !isDigits(fraction) || !isDigits(serial ?? '')) return undefined;
  const seconds = Number(whole) + Number(`0.${fraction}`);
  return { ...(node ? { node } : {}), type, seconds, serial: serial!, rest: close + 2 };
}

/** `key=value` pairs: values bare, "double-quoted", or 'single-quoted' (a nested list of pairs, read as well). */
export function auditFields(text: string, into: Record<string, string> = {}, depth = 0): Record<string, string> {
  let position = 0;
  const length = text.length;
  while (position < length && Object.keys(into).length < maxFields) {
    // Spaces, and the group separator auditd puts before its enriched (upper-case) names.
    while (position < length && (text[position] === ' ' || text[position] === '\u001d')) position++;
    const equals = text.indexOf('=', position);
    if (equals < 0) break;
    const key = text.slice(position, equals);
    if (key.includes(' ')) {
      position += key.indexOf(' ') + 1;
      continue;
    }
    let value: string;
    const quote = text[equals + 1];
    if (quote === '"' || quote === "'") {
      const end = text.indexOf(quote, equals + 2);
      const stop = end < 0 ? length : end;
      value = text.slice(equals + 2, stop);
      position = stop + 1;
      if (quote === "'" && depth === 0) auditFields(value, into, 1);
    } else {
      let end = equals + 1;
      while (end < length && text[end] !== ' ' && text[end] !== '\u001d') end++;
      value = text.slice(equals + 1, end);
      position = end;
    }
    if (key !== '' && !(key in into)) into[key] = value;
  }
  return into;
}

const isHex = (value: string) => value.length >= 2 && value.length % 2 === 0 && /^[0-9A-Fa-f]+$/.test(value);

/** A value auditd hex-encoded (bare, even length, hex digits only), decoded; NULs become spaces. */
export function auditText(value: string | undefined, quoted: boolean): string | undefined {
  if (value === undefined || value === '(null)') return undefined;
  if (quoted || !isHex(value)) return value;
  return Buffer.from(value, 'hex')
    .toString('utf8')
    .replace(/\u0000+/g, ' ')
    .trim();
}

/** Whether the raw line wrote `key` quoted (a quoted value is never hex-encoded). */
const quotedIn = (line: string, key: string) => line.includes(` ${key}="`) || line.includes(`'${key}="`);

/** Fields that hold untrusted strings (auditd hex-encodes them when they need it), decoded in place. */
const stringKeys = new Set(['exe', 'comm', 'cmd', 'acct', 'proctitle', 'name', 'cwd']);
function decodeStrings(fields: Record<string, string>, line: string): void {
  for (const key of Object.keys(fields)) {
    const isArgument = fields.type === 'EXECVE' && key.length > 1 && key[0] === 'a' && key !== 'argc';
    if (!isArgument && !stringKeys.has(key)) continue;
    if (isArgument && key.endsWith('_len')) continue;
    const decoded = auditText(fields[key], quotedIn(line, key));
    if (decoded !== undefined) fields[key] = decoded;
  }
}

const quoteArgument = (argument: string) => (/\s/.test(argument) ? `"${argument}"` : argument);

/** The command line an `EXECVE` record's arguments spell (`a0`…, with `aN[i]` chunks of long ones joined). */
function commandLine(fields: Record<string, string>): string | undefined {
  const count = Number(fields.argc);
  const argumentsRead: string[] = [];
  for (let index = 0; index < (Number.isFinite(count) ? Math.min(count, 256) : 256); index++) {
    const key = `a${index}`;
    let value = fields[key];
    if (value === undefined) {
      const chunks: string[] = [];
      for (let chunk = 0; fields[`${key}[${chunk}]`] !== undefined; chunk++) chunks.push(fields[`${key}[${chunk}]`]!);
      if (chunks.length === 0) break;
      value = chunks.join('');
    }
    argumentsRead.push(quoteArgument(value));
  }
  return argumentsRead.length > 0 ? argumentsRead.join(' ') : undefined;
}

const baseName = (path: string | undefined) => path?.split('/').pop();
const number = (value: string | undefined) => {
  const parsed = Number(value);
  return value !== undefined && value !== '' && Number.isInteger(parsed) ? parsed : undefined;
};
const known = (value: string | undefined) =>
  value === undefined || value === '' || value === '?' || value === '(null)' || value === '4294967295'
    ? undefined
    : value;

/** The process a `SYSCALL` record describes (its executable, pid, parent pid), and its user. */
function processOf(syscall: Record<string, string>): Pick<EventDraft, 'process' | 'user'> {
  const executable = known(syscall.exe);
  const name = known(syscall.comm) ?? baseName(executable);
  const pid = number(syscall.pid);
  const parentPid = number(syscall.ppid);
  const user = known(syscall.UID) ?? known(syscall.AUID);
  const uid = known(syscall.uid);
  return {
    process: {
      ...(pid !== undefined ? { pid } : {}),
      ...(name ? { name } : {}),
      ...(executable ? { executable } : {}),
      ...(parentPid !== undefined ? { parent: { pid: parentPid } } : {}),
    },
    ...(user || uid ? { user: { ...(user ? { name: user } : {}), ...(uid ? { id: uid } : {}) } } : {}),
  };
}

export function createAuditParser(): { parse(record: RawRecord): ParseOutcome } {
  /** SYSCALL records by serial, with their line, until the serial's EXECVE record arrives. */
  const pending = new Map<string, Record<string, string>>();
  return {
    parse(record) {
      const header = auditHeader(record.text);
      if (!header) return { type: 'reject', reason: 'not a Linux audit record (type=… msg=audit(…):)' };
      const fields = auditFields(record.text.slice(header.rest));
      fields.type = header.type;
      decodeStrings(fields, record.text);
      const time = new Date(header.seconds * 1000);
      if (Number.isNaN(time.getTime())) return { type: 'reject', reason: 'Linux audit record with an unreadable time' };
      const timestamp = time.toISOString();
      const draft: EventDraft = {
        fields,
        dataset: 'auditd',
        timestamp,
        code: header.type,
        action: header.type.toLowerCase(),
        message: record.text,
        ...(header.node ? { host: { name: header.node } } : {}),
      };
      if (fields.success === 'yes' || fields.res === 'success' || fields.res === '1') draft.outcome = 'success';
      else if (fields.success === 'no' || fields.res === 'failed' || fields.res === '0') draft.outcome = 'failure';
      if (header.type === 'SYSCALL') {
        if (pending.size >= maxPending) pending.delete(pending.keys().next().value!);
        pending.set(header.serial, fields);
        Object.assign(draft, processOf(fields));
        draft.category = ['process'];
      } else if (header.type === 'EXECVE') {
        const syscall = pending.get(header.serial);
        pending.delete(header.serial);
        const started = syscall ? processOf(syscall) : { process: {} };
        const command = commandLine(fields);
        Object.assign(draft, started);
        draft.process = { ...started.process, ...(command ? { commandLine: command } : {}) };
        draft.category = ['process'];
        draft.action = 'process-started';
        if (syscall?.success === 'no') draft.outcome = 'failure';
        else draft.outcome = 'success';
      } else if (header.type === 'USER_CMD') {
        const command = known(fields.cmd);
        const executable = known(fields.exe);
        draft.category = ['process'];
        draft.process = {
          ...(command ? { commandLine: command } : {}),
          ...(executable ? { executable, name: baseName(executable)! } : {}),
        };
      } else if (header.type === 'USER_AUTH' || header.type === 'USER_LOGIN' || header.type === 'USER_START') {
        const account = known(fields.acct);
        const address = known(fields.addr);
        draft.category = ['authentication'];
        if (account) draft.user = { name: account };
        if (address && [...address].every((char) => /[0-9A-Fa-f.:]/.test(char))) draft.source = { ip: address };
        const executable = known(fields.exe);
        if (executable) draft.process = { executable, name: baseName(executable)! };
      } else if (header.type === 'PATH' && known(fields.name)) {
        draft.file = { path: fields.name!, name: baseName(fields.name)! };
      }
      return { type: 'event', draft };
    },
  };
}

export const linuxAuditFormat: FormatDefinition = {
  name: 'linux-audit',
  logFormat: 'syslog',
  description: 'Linux audit logs (auditd audit.log, ausearch --raw)',
  framing: 'lines',
  sniff(sample) {
    if (sample.records.length === 0) return 0;
    const matches = sample.records.filter((record) => auditHeader(record) !== undefined).length;
    return (0.95 * matches) / sample.records.length;
  },
  createParser: () => createAuditParser(),
};
