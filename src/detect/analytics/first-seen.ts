/**
 * First-seen behaviour per host, baselined on the data itself: during the first hour of a host's
 * own records everything it does is its baseline; afterwards, what it has never done is reported
 * when the novelty is one attackers need:
 *
 * - a parent/child pair never seen on the host where a shell or script host is started by a
 *   program that does not normally start one: a web server or application server (T1505.003 web
 *   shell + T1059), an Office program or PDF reader (T1204.002 + T1059), other (T1059);
 * - a service never installed on the host before (7045, 4697): T1543.003;
 * - a scheduled task never registered on the host before (4698, `schtasks /create`): T1053.005;
 * - a binary never run on the host before from a world-writable folder (`/tmp`, `/dev/shm`,
 *   `\Users\Public`, `\Windows\Temp`, `\PerfLogs`, the root of `\ProgramData`): T1204.
 *
 * Shells started by shells, terminals and service managers are ordinary. State: one bounded
 * table of (host, kind, value) keys seen (at most `limits.keys` × 5) and the first time of each
 * host (at most `limits.keys` hosts); a forgotten key is seen as new again.
 */
import type { Alert, Event, Severity, Tactic } from '../../core/index.js';
import { BoundedMap } from '../../core/index.js';
import {
  type AnalyticOptions,
  type BehaviourAnalytic,
  findingAlert,
  hostOf,
  hour,
  limitsOf,
  timeOf,
} from './analytic.js';
import { programName } from './program-name.js';
import { clipped } from './report-once.js';

const learning = hour;

const shellLike = new Set([
  'cmd.exe',
  'powershell.exe',
  'pwsh.exe',
  'wscript.exe',
  'cscript.exe',
  'mshta.exe',
  'rundll32.exe',
  'regsvr32.exe',
  'certutil.exe',
  'bitsadmin.exe',
  'sh',
  'bash',
  'dash',
  'zsh',
  'ksh',
  'python',
  'python3',
  'perl',
  'nc',
  'ncat',
  'socat',
]);

const webServers = new Set([
  'w3wp.exe',
  'httpd.exe',
  'nginx.exe',
  'php-cgi.exe',
  'tomcat.exe',
  'tomcat9.exe',
  'java.exe',
  'httpd',
  'apache2',
  'nginx',
  'php-fpm',
  'php',
  'java',
  'node',
  'sqlservr.exe',
]);
const documentReaders = new Set([
  'winword.exe',
  'excel.exe',
  'powerpnt.exe',
  'outlook.exe',
  'onenote.exe',
  'mspub.exe',
  'acrord32.exe',
  'acrobat.exe',
]);
const ordinaryParents = new Set([
  'cmd.exe',
  'powershell.exe',
  'pwsh.exe',
  'explorer.exe',
  'conhost.exe',
  'windowsterminal.exe',
  'bash',
  'sh',
  'zsh',
  'sshd',
  'sudo',
  'su',
  'login',
  'systemd',
  'cron',
  'crond',
  'tmux',
  'screen',
  'code.exe',
  'userinit.exe',
  'services.exe',
  'svchost.exe',
  'taskeng.exe',
  'taskhostw.exe',
  'wmiprvse.exe',
  'wsmprovhost.exe',
]);
const writable = [
  /^\/tmp\//,
  /^\/dev\/shm\//,
  /^\/var\/tmp\//,
  /\\users\\public\\/i,
  /\\windows\\temp\\/i,
  /\\perflogs\\/i,
  /^[a-z]:\\programdata\\[^\\]+$/i,
];

interface Novelty {
  kind: string;
  value: string;
  title: string;
  techniques: string[];
  /** The techniques' ATT&CK tactics, so the finding has a kill-chain place without a catalogue loaded. */
  tactics: Tactic[];
  severity: Severity;
  confidence: number;
  what: string;
}

function text(value: unknown): string | undefined {
  return typeof value === 'string' && value !== '' && value !== '-' ? value : undefined;
}

function candidatesOf(event: Event): Novelty[] {
  const found: Novelty[] = [];
  const code = event.code;
  if (code === '7045' || code === '4697') {
    const name = text(event.fields.ServiceName) ?? '';
    const binary = text(event.fields.ImagePath) ?? text(event.fields.ServiceFileName) ?? '';
    found.push({
      kind: 'service',
      value: name.toLowerCase(),
      title: 'Service installed for the first time on this host',
      techniques: ['T1543.003'],
      tactics: ['persistence', 'privilege-escalation'],
      severity: 'low',
      confidence: 0.5,
      what: `service ${name} (${binary})`,
    });
  }
  const command = event.process?.commandLine ?? '';
  if (code === '4698' || createsTask(command)) {
    const name = text(event.fields.TaskName) ?? taskNameOf(command) ?? command;
    found.push({
      kind: 'task',
      value: name.toLowerCase(),
      title: 'Scheduled task registered for the first time on this host',
      techniques: ['T1053.005'],
      tactics: ['execution', 'persistence', 'privilege-escalation'],
      severity: 'low',
      confidence: 0.5,
      what: `scheduled task ${name}`,
    });
  }
  if (event.action === 'process-created' && event.process) {
    const child = event.process.name?.toLowerCase() ?? programName(event.process.executable);
    const parent = event.process.parent?.name?.toLowerCase() ?? programName(event.process.parent?.executable);
    if (child && parent && shellLike.has(child) && !ordinaryParents.has(parent) && !shellLike.has(parent)) {
      const web = webServers.has(parent);
      const document = documentReaders.has(parent);
      found.push({
        kind: 'pair',
        value: `${parent}>${child}`,
        title: web
          ? 'Web or application server started a shell for the first time (web shell)'
          : document
            ? 'Document reader started a shell for the first time'
            : 'Rare parent started a shell',
        techniques: web ? ['T1505.003', 'T1059'] : document ? ['T1204.002', 'T1059'] : ['T1059'],
        tactics: web ? ['persistence', 'execution'] : ['execution'],
        severity: web || document ? 'high' : 'low',
        confidence: web || document ? 0.75 : 0.45,
        what: `${parent} started ${child}${command ? `: ${clipped(command)}` : ''}`,
      });
    }
    const executable = event.process.executable;
    if (executable && writable.some((pattern) => pattern.test(executable))) {
      found.push({
        kind: 'binary',
        value: executable.toLowerCase(),
        title: 'Program run for the first time on this host from a world-writable folder',
        techniques: ['T1204'],
        tactics: ['execution'],
        severity: 'low',
        confidence: 0.45,
        what: `${executable} ran`,
      });
    }
  }
  return found;
}

export function createFirstSeenAnalytic(options: AnalyticOptions = {}): BehaviourAnalytic {
  const limits = limitsOf(options);
  const firstTime = new BoundedMap<string, number>(limits.keys);
  const seen = new BoundedMap<string, true>(limits.keys * 5);
  const id = 'analytic:first-seen';

  return {
    id,
    process(event: Event): Alert[] {
      const host = hostOf(event);
      const time = timeOf(event);
      if (host === undefined || !Number.isFinite(time) || event.category.includes('network')) return [];
      let start = firstTime.get(host);
      if (start === undefined || time < start) {
        start = Math.min(start ?? time, time);
        firstTime.set(host, start);
      }
      const candidates = candidatesOf(event);
      if (candidates.length === 0) return [];
      const alerts: Alert[] = [];
      for (const novelty of candidates) {
        const key = `${host}|${novelty.kind}|${novelty.value}`;
        if (seen.get(key)) continue;
        seen.set(key, true);
        if (time - start < learning) continue;
        alerts.push(
          findingAlert(
            {
              analytic: id,
              title: novelty.title,
              severity: novelty.severity,
              confidence: novelty.confidence,
              techniques: novelty.techniques,
              tactics: novelty.tactics,
              timestamp: event.timestamp,
              eventIds: [event.id],
              reason: `first time on ${host} after ${Math.round((time - start) / hour)} h of its own records: ${novelty.what}`,
            },
            options.attack,
          ),
        );
      }
      return alerts;
    },
    stateKeys() {
      return firstTime.size + seen.size;
    },
    flush() {
      firstTime.clear();
      seen.clear();
      return [];
    },
  };
}

/** `schtasks … /create` on one line: the first `schtasks`, then `/create` after it (linear scans). */
function createsTask(command: string): boolean {
  const program = /\bschtasks(?:\.exe)?\b/i.exec(command);
  return program !== null && /^.*?\/create\b/i.test(command.slice(program.index + program[0].length));
}

/** The `/tn` value: a quoted name or the next word. */
function taskNameOf(command: string): string | undefined {
  const flag = /\/tn\s+/i.exec(command);
  return flag ? /^("[^"]+"|\S+)/.exec(command.slice(flag.index + flag[0].length))?.[1] : undefined;
}
