/**
 * Lateral movement from the logon graph: a network (type 3) or RDP (type 10) logon onto a host
 * from another machine, followed within 10 minutes on that host by remote execution:
 *
 * - a service installed (7045, 4697) whose binary is a shell one-liner, lives in a share, a
 *   temporary or user folder, or is a known remote-execution service (PsExec, RemCom, and the
 *   like): T1021.002 (admin shares) + T1569.002 (service execution);
 * - a process started by the WMI provider host (`wmiprvse.exe`): T1047;
 * - a process started by the WinRM / PowerShell-remoting host (`wsmprovhost.exe`): T1021.006;
 * - a scheduled task registered (4698): T1053.005;
 *
 * where the executed program is a shell or a living-off-the-land binary, or its command line has
 * remote-execution tooling traits (`cmd /Q /c`, output redirected to `ADMIN$`, encoded
 * PowerShell). An administrator's remote session that runs management programs (gpupdate, sc,
 * msiexec) does not qualify; neither does a logon that is not followed by remote execution.
 * After an RDP logon the technique is T1021.001. State: per host the last 8 remote logons, at
 * most `limits.keys` hosts; one alert per (host, source, method).
 */
import type { Alert, Event } from '../../core/index.js';
import { BoundedMap } from '../../core/index.js';
import {
  type AnalyticOptions,
  type BehaviourAnalytic,
  CappedSet,
  findingAlert,
  limitsOf,
  minute,
  timeOf,
} from './analytic.js';
import { isInternalAddress } from './network-address.js';

const followWindow = 10 * minute;

interface RemoteLogon {
  time: number;
  source: string;
  user: string;
  type: string;
  eventId: string;
}

const shells = new Set([
  'cmd.exe',
  'powershell.exe',
  'pwsh.exe',
  'rundll32.exe',
  'regsvr32.exe',
  'mshta.exe',
  'certutil.exe',
  'bitsadmin.exe',
  'wscript.exe',
  'cscript.exe',
  'whoami.exe',
  'nltest.exe',
  'procdump.exe',
  'procdump64.exe',
  'ntdsutil.exe',
  'vssadmin.exe',
  'wmic.exe',
]);

const toolingTraits = [
  /\bcmd(\.exe)?\s+\/q\s+\/c\b/i,
  /\\\\127\.0\.0\.1\\admin\$/i,
  /\badmin\$\\/i,
  /(?<=\s)-e(?:nc|ncodedcommand)?\s+[a-z0-9+/=]{20}/i,
  /%comspec%/i,
  /\bcmd(\.exe)?\s+\/c\b/i,
  /\\(temp|tmp|appdata|users\\public|programdata|perflogs)\\/i,
  /\bpsexesvc|remcomsvc|paexec|csexec/i,
];

function text(value: unknown): string | undefined {
  return typeof value === 'string' && value !== '' && value !== '-'
    ? value
    : typeof value === 'number'
      ? String(value)
      : undefined;
}

function looksLikeTooling(commandOrPath: string): string | undefined {
  const trait = toolingTraits.find((pattern) => pattern.test(commandOrPath));
  return trait ? trait.source : undefined;
}

interface Execution {
  method: string;
  techniques: string[];
  what: string;
  trait: string;
}

function baseName(path: string | undefined): string {
  if (!path) return '';
  const index = Math.max(path.lastIndexOf('\\'), path.lastIndexOf('/'));
  return (index === -1 ? path : path.slice(index + 1)).toLowerCase();
}

function executionOf(event: Event): Execution | undefined {
  const code = event.code;
  if (code === '7045' || code === '4697') {
    const binary = text(event.fields.ImagePath) ?? text(event.fields.ServiceFileName) ?? '';
    const name = text(event.fields.ServiceName) ?? '';
    const trait = looksLikeTooling(`${binary} ${name}`);
    if (trait === undefined) return undefined;
    return {
      method: 'service',
      techniques: ['T1021.002', 'T1569.002'],
      what: `service ${name} installed running ${binary}`,
      trait,
    };
  }
  if (code === '4698') {
    const content = text(event.fields.TaskContent) ?? '';
    const trait =
      looksLikeTooling(content) ??
      (/<Command>[^<]*(cmd|powershell|rundll32|mshta)/i.test(content) ? 'task runs a shell' : undefined);
    if (trait === undefined) return undefined;
    return {
      method: 'task',
      techniques: ['T1053.005'],
      what: `scheduled task ${text(event.fields.TaskName) ?? ''} registered`,
      trait,
    };
  }
  if (event.action !== 'process-created' || !event.process) return undefined;
  const parent = event.process.parent?.name?.toLowerCase() ?? baseName(event.process.parent?.executable);
  const child = event.process.name?.toLowerCase() ?? baseName(event.process.executable);
  const command = event.process.commandLine ?? '';
  const trait = shells.has(child) ? `${child} started` : looksLikeTooling(command);
  if (trait === undefined) return undefined;
  if (parent === 'wmiprvse.exe')
    return { method: 'wmi', techniques: ['T1047'], what: `WMI started ${command || child}`, trait };
  if (parent === 'wsmprovhost.exe')
    return {
      method: 'winrm',
      techniques: ['T1021.006'],
      what: `PowerShell remoting started ${command || child}`,
      trait,
    };
  if (parent === 'services.exe' && looksLikeTooling(`${command} ${event.process.executable ?? ''}`) !== undefined)
    return {
      method: 'service',
      techniques: ['T1021.002', 'T1569.002'],
      what: `a service started ${command || child}`,
      trait,
    };
  return undefined;
}

export function createLateralMovementAnalytic(options: AnalyticOptions = {}): BehaviourAnalytic {
  const limits = limitsOf(options);
  const logons = new BoundedMap<string, RemoteLogon[]>(limits.keys);
  const reported = new BoundedMap<string, CappedSet>(limits.keys);
  const id = 'analytic:lateral-movement';

  return {
    id,
    process(event: Event): Alert[] {
      if (event.origin.format !== 'windows-json') return [];
      const host = event.host?.name?.toLowerCase();
      const time = timeOf(event);
      if (host === undefined || !Number.isFinite(time)) return [];
      if (event.code === '4624') {
        const type = text(event.fields.LogonType);
        const source = text(event.fields.IpAddress)?.replace(/^::ffff:/i, '');
        const user = text(event.fields.TargetUserName)?.toLowerCase();
        if ((type !== '3' && type !== '10') || source === undefined || user === undefined) return [];
        if (user.endsWith('$') || user === 'anonymous logon' || source === '127.0.0.1' || source === '::1') return [];
        if (!isInternalAddress(source) && !/^[0-9a-f:.]+$/i.test(source)) return [];
        const list = logons.upsert(host, () => []);
        list.push({ time, source, user, type, eventId: event.id });
        if (list.length > 8) list.shift();
        return [];
      }
      const execution = executionOf(event);
      if (execution === undefined) return [];
      const recent = (logons.peek(host) ?? []).filter(
        (logon) => time >= logon.time && time - logon.time <= followWindow,
      );
      const actor = event.user?.name?.toLowerCase();
      const logon = recent.reverse().find((candidate) => candidate.user === actor) ?? recent[0];
      if (logon === undefined) return [];
      const done = reported.upsert(host, () => new CappedSet(64));
      const key = `${logon.source}|${execution.method}`;
      if (done.has(key)) return [];
      done.add(key);
      const rdp = logon.type === '10';
      const techniques = rdp
        ? ['T1021.001', ...execution.techniques.filter((technique) => technique !== 'T1021.002')]
        : execution.techniques;
      return [
        findingAlert(
          {
            analytic: id,
            title: `Remote execution on ${host} after a ${rdp ? 'RDP' : 'network'} logon from ${logon.source}`,
            severity: 'high',
            confidence: logon.user === actor ? 0.8 : 0.65,
            techniques,
            tactics: ['lateral-movement', 'execution'],
            timestamp: event.timestamp,
            eventIds: [logon.eventId, event.id],
            reason: `${logon.user} logged on to ${host} from ${logon.source} (logon type ${logon.type}) and ${Math.round((time - logon.time) / 1000)} s later ${execution.what} (${execution.trait})`,
          },
          options.attack,
        ),
      ];
    },
    stateKeys() {
      return logons.size + reported.size;
    },
    flush() {
      logons.clear();
      reported.clear();
      return [];
    },
  };
}
