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
 * - an Office application or the management console started by the DCOM launcher as a COM
 *   server (`EXCEL.EXE /automation -Embedding`, `mmc.exe -Embedding`: the Excel.Application,
 *   MMC20.Application and similar objects a remote caller activates), under the account that
 *   just logged on over the network: T1021.003 (Distributed Component Object Model);
 * - a WMI event subscription whose consumer runs a script or a command (Sysmon 19/20/21, WMI
 *   activity 5861), made by the account that logged on: T1047 + T1546.003;
 *
 * where the executed program is a shell or a living-off-the-land binary, or its command line has
 * remote-execution tooling traits (`cmd /Q /c`, output redirected to `ADMIN$`, encoded
 * PowerShell). An administrator's remote session that runs management programs (gpupdate, sc,
 * msiexec) does not qualify; neither does a logon that is not followed by remote execution.
 * After an RDP logon the technique is T1021.001 (DCOM and WMI subscriptions need a network
 * logon: an RDP user starts COM servers all day). Hosts write the logon record once the
 * authentication completes, and a remote call's own records can carry an earlier time, so an
 * execution that needs its caller's account may precede the logon by up to 5 s: it waits for it.
 * State: per host the last 8 remote logons and the last 8 executions waiting, at most
 * `limits.keys` hosts each; one alert per (host, source, method).
 */
import type { Alert, Event } from '../../core/index.js';
import { BoundedMap } from '../../core/index.js';
import {
  type AnalyticOptions,
  type BehaviourAnalytic,
  CappedSet,
  fieldText,
  findingAlert,
  limitsOf,
  minute,
  timeOf,
} from './analytic.js';
import { isInternalAddress } from './network-address.js';
import { programName } from './program-name.js';

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

function looksLikeTooling(commandOrPath: string): string | undefined {
  const trait = toolingTraits.find((pattern) => pattern.test(commandOrPath));
  return trait ? trait.source : undefined;
}

interface Execution {
  method: string;
  techniques: string[];
  what: string;
  trait: string;
  /** Only after a network (type 3) logon of the account that runs it (DCOM, WMI subscriptions). */
  sameAccount?: boolean;
}

/**
 * COM servers a remote caller can activate to run code (Excel.Application, Word, PowerPoint,
 * Outlook, Visio and Access objects, MMC20.Application): documented DCOM lateral-movement objects.
 */
const dcomApplications = new Set([
  'excel.exe',
  'winword.exe',
  'powerpnt.exe',
  'outlook.exe',
  'visio.exe',
  'msaccess.exe',
  'mmc.exe',
]);
const embedding = /(?:^|\s)[-/]embedding\b/i;
/** WMI consumers that run something: a script (ActiveScriptEventConsumer) or a command line. */
const runningConsumer = /activescripteventconsumer|commandlineeventconsumer/i;
const lateLogon = 5_000;

function subscriptionOf(event: Event): Execution | undefined {
  const code = event.code;
  if (code !== '19' && code !== '20' && code !== '21' && code !== '5861') return undefined;
  const fields = event.fields;
  const consumerType = fieldText(fields.Type)?.toLowerCase();
  const described = [
    fields.Consumer,
    fields.CONSUMER,
    fields.PossibleCause,
    code === '5861' ? event.message : undefined,
  ]
    .map(fieldText)
    .find((value) => value !== undefined && runningConsumer.test(value));
  const running =
    described !== undefined || (code === '20' && (consumerType === 'script' || consumerType === 'command line'));
  if (!running || fieldText(fields.Operation)?.toLowerCase() === 'deleted') return undefined;
  return {
    method: 'wmi-subscription',
    techniques: ['T1047', 'T1546.003'],
    what: `a WMI event subscription was made whose consumer runs ${consumerType === 'command line' || /commandline/i.test(described ?? '') ? 'a command' : 'a script'}`,
    trait: 'WMI consumer that runs code',
    sameAccount: true,
  };
}

function executionOf(event: Event): Execution | undefined {
  const subscription = subscriptionOf(event);
  if (subscription) return subscription;
  const code = event.code;
  if (code === '7045' || code === '4697') {
    const binary = fieldText(event.fields.ImagePath) ?? fieldText(event.fields.ServiceFileName) ?? '';
    const name = fieldText(event.fields.ServiceName) ?? '';
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
    const content = fieldText(event.fields.TaskContent) ?? '';
    const trait =
      looksLikeTooling(content) ??
      (/<Command>[^<]*(cmd|powershell|rundll32|mshta)/i.test(content) ? 'task runs a shell' : undefined);
    if (trait === undefined) return undefined;
    return {
      method: 'task',
      techniques: ['T1053.005'],
      what: `scheduled task ${fieldText(event.fields.TaskName) ?? ''} registered`,
      trait,
    };
  }
  if (event.action !== 'process-created' || !event.process) return undefined;
  const parent = event.process.parent?.name?.toLowerCase() ?? programName(event.process.parent?.executable) ?? '';
  const child = event.process.name?.toLowerCase() ?? programName(event.process.executable) ?? '';
  const command = event.process.commandLine ?? '';
  if (parent === 'svchost.exe' && dcomApplications.has(child) && embedding.test(command))
    return {
      method: 'dcom',
      techniques: ['T1021.003'],
      what: `the DCOM launcher started ${command || child} as a COM server`,
      trait: 'application started as a COM server (-Embedding)',
      sameAccount: true,
    };
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
  /** Executions that need their caller's logon and came before it, by host (at most 8 each). */
  const waiting = new BoundedMap<string, Array<{ time: number; event: Event; execution: Execution }>>(limits.keys);
  const reported = new BoundedMap<string, CappedSet>(limits.keys);
  const id = 'analytic:lateral-movement';

  const alertFor = (host: string, logon: RemoteLogon, event: Event, execution: Execution, time: number): Alert[] => {
    const actor = event.user?.name?.toLowerCase();
    const done = reported.upsert(host, () => new CappedSet(64));
    const key = `${logon.source}|${execution.method}`;
    if (done.has(key)) return [];
    done.add(key);
    const rdp = logon.type === '10';
    const techniques = rdp
      ? ['T1021.001', ...execution.techniques.filter((technique) => technique !== 'T1021.002')]
      : execution.techniques;
    const gap = Math.abs(Math.round((time - logon.time) / 1000));
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
          reason: `${logon.user} logged on to ${host} from ${logon.source} (logon type ${logon.type}) and ${time >= logon.time ? `${gap} s later` : `within ${Math.max(1, gap)} s (recorded before the logon)`} ${execution.what} (${execution.trait})`,
        },
        options.attack,
      ),
    ];
  };

  /** The logon an execution follows: the latest by its own account, else (when it may) any recent one. */
  const logonFor = (candidates: RemoteLogon[], event: Event, execution: Execution): RemoteLogon | undefined => {
    const actor = event.user?.name?.toLowerCase();
    const own = candidates.findLast((candidate) => candidate.user === actor);
    if (execution.sameAccount) return own?.type === '3' ? own : undefined;
    return own ?? candidates.at(-1);
  };

  return {
    id,
    process(event: Event): Alert[] {
      if (event.origin.format !== 'windows-json') return [];
      const host = event.host?.name?.toLowerCase();
      const time = timeOf(event);
      if (host === undefined || !Number.isFinite(time)) return [];
      if (event.code === '4624') {
        const type = fieldText(event.fields.LogonType);
        const source = fieldText(event.fields.IpAddress)?.replace(/^::ffff:/i, '');
        const user = fieldText(event.fields.TargetUserName)?.toLowerCase();
        if ((type !== '3' && type !== '10') || source === undefined || user === undefined) return [];
        if (user.endsWith('$') || user === 'anonymous logon' || source === '127.0.0.1' || source === '::1') return [];
        if (!isInternalAddress(source) && !/^[0-9a-f:.]+$/i.test(source)) return [];
        const logon = { time, source, user, type, eventId: event.id };
        const list = logons.upsert(host, () => []);
        list.push(logon);
        if (list.length > 8) list.shift();
        // Executions recorded just before this logon, by its account, were waiting for it.
        const pending = waiting.peek(host);
        if (!pending) return [];
        const alerts: Alert[] = [];
        const still = pending.filter((entry) => {
          if (entry.time < time - lateLogon) return false;
          if (logonFor([logon], entry.event, entry.execution) === undefined) return true;
          alerts.push(...alertFor(host, logon, entry.event, entry.execution, entry.time));
          return false;
        });
        if (still.length > 0) waiting.set(host, still);
        else waiting.delete(host);
        return alerts;
      }
      const execution = executionOf(event);
      if (execution === undefined) return [];
      const recent = (logons.peek(host) ?? []).filter(
        (logon) => time >= logon.time && time - logon.time <= followWindow,
      );
      const logon = logonFor(recent, event, execution);
      if (logon !== undefined) return alertFor(host, logon, event, execution, time);
      if (execution.sameAccount && event.user?.name) {
        const list = waiting.upsert(host, () => []);
        list.push({ time, event, execution });
        if (list.length > 8) list.shift();
      }
      return [];
    },
    stateKeys() {
      return logons.size + waiting.size + reported.size;
    },
    flush() {
      logons.clear();
      waiting.clear();
      reported.clear();
      return [];
    },
  };
}
