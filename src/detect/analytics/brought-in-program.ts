/**
 * Programs brought onto a host and run from where a user or a download leaves them, baselined on
 * where software lives rather than on the host's history, so it works on a recording minutes
 * long: installed programs live in system and program folders; a program in a user's Downloads,
 * Desktop or temporary folder, `\Users\Public`, `\Windows\Temp` or `/tmp` was brought in. Among
 * those, one without version information (no company, product, description or file version in its
 * process-creation record) is not a vendor's installer. Reported, each once per host and program:
 *
 * - the user opened it (started by Explorer, a browser, a mail client, a document reader or an
 *   archive tool): T1204.002 User Execution: Malicious File;
 * - it started a shell or script host: T1059;
 * - it wrote an executable or script file: T1105 Ingress Tool Transfer (a dropper).
 *
 * A brought-in program that carries version information (a vendor's setup program) is not
 * reported. When the record has no version fields at all (a 4688 event), the finding is kept at
 * low confidence and says so, and is reported again if a record with version fields follows. State: the brought-in processes seen (at most `limits.keys`, by host
 * and process id) and the findings already reported (at most `limits.keys`), least recently used
 * forgotten first.
 */
import type { Alert, Event, Severity, Tactic } from '../../core/index.js';
import { BoundedMap } from '../../core/index.js';
import { type AnalyticOptions, type BehaviourAnalytic, findingAlert, hostOf, limitsOf } from './analytic.js';
import { programName } from './program-name.js';
import { clipped } from './report-once.js';

const broughtInFolders = [
  /\\users\\[^\\]+\\(?:downloads|desktop)\\/i,
  /\\appdata\\local\\temp\\/i,
  /\\(?:inetcache|content\.outlook|temporary internet files)\\/i,
  /\\users\\public\\/i,
  /\\windows\\temp\\/i,
  /\\perflogs\\/i,
  /^[a-z]:\\\$recycle\.bin\\/i,
  /^\/(?:tmp|var\/tmp|dev\/shm)\//,
  /^\/home\/[^/]+\/downloads\//i,
];

/** Programs through which a user opens what they were sent or downloaded. */
const userLaunchers = new Set([
  'explorer.exe',
  'msedge.exe',
  'chrome.exe',
  'firefox.exe',
  'iexplore.exe',
  'opera.exe',
  'brave.exe',
  'outlook.exe',
  'thunderbird.exe',
  'winword.exe',
  'excel.exe',
  'powerpnt.exe',
  'acrord32.exe',
  'acrobat.exe',
  '7zfm.exe',
  'winrar.exe',
  'nautilus',
  'xdg-open',
]);

const shells = new Set([
  'cmd.exe',
  'powershell.exe',
  'pwsh.exe',
  'wscript.exe',
  'cscript.exe',
  'mshta.exe',
  'sh',
  'bash',
  'dash',
  'zsh',
]);

const executableFile = /\.(?:exe|dll|scr|sys|ps1|bat|cmd|vbs|js|hta|msi)$/i;

const versionFields = ['FileVersion', 'Description', 'Product', 'Company'];

/** 'none': the record has version fields, all empty; 'present': one has a value; 'unknown': the record has none. */
function versionInformation(event: Event): 'none' | 'present' | 'unknown' {
  let seen = false;
  for (const name of versionFields) {
    const value = event.fields[name];
    if (value === undefined || value === null) continue;
    seen = true;
    const text = String(value).trim();
    if (text !== '' && text !== '-' && text !== '?') return 'present';
  }
  return seen ? 'none' : 'unknown';
}

export function isBroughtIn(path: string | undefined): boolean {
  return path !== undefined && broughtInFolders.some((folder) => folder.test(path));
}

interface BroughtIn {
  executable: string;
  version: 'none' | 'present' | 'unknown';
}

interface Finding {
  kind: string;
  key: string;
  title: string;
  technique: string;
  tactic: Tactic;
  version: BroughtIn['version'];
  confidence: number;
  severity: Severity;
  what: string;
}

export function createBroughtInProgramAnalytic(options: AnalyticOptions = {}): BehaviourAnalytic {
  const limits = limitsOf(options);
  const processes = new BoundedMap<string, BroughtIn>(limits.keys);
  const reported = new BoundedMap<string, 'known' | 'unknown'>(limits.keys);
  const id = 'analytic:brought-in-program';
  const processKey = (host: string, process: { entityId?: string | undefined; pid?: number | undefined }) => {
    const identity = process.entityId ?? process.pid;
    return identity === undefined ? undefined : `${host}|${identity}`;
  };

  const findingsOf = (event: Event, host: string): Finding[] => {
    const process = event.process;
    if (!process) return [];
    const findings: Finding[] = [];
    if (event.action === 'process-created') {
      const executable = process.executable;
      const parentExecutable = process.parent?.executable;
      if (executable && isBroughtIn(executable)) {
        const version = versionInformation(event);
        const key = processKey(host, process);
        if (key) processes.set(key, { executable, version });
        if (version !== 'present') {
          const launcher = process.parent?.name?.toLowerCase() ?? programName(parentExecutable);
          if (launcher && userLaunchers.has(launcher))
            findings.push({
              kind: 'opened',
              key: executable.toLowerCase(),
              title: 'User ran a program brought in to a download or temporary folder, without version information',
              technique: 'T1204.002',
              tactic: 'execution',
              version,
              confidence: 0.6,
              severity: 'medium',
              what: `${launcher} started ${executable}`,
            });
        }
      }
      const child = process.name?.toLowerCase() ?? programName(executable);
      const parent = process.parent ? processKey(host, process.parent) : undefined;
      const known = parent ? processes.get(parent) : undefined;
      const source =
        known ??
        (isBroughtIn(parentExecutable) ? { executable: parentExecutable!, version: 'unknown' as const } : undefined);
      if (child && shells.has(child) && source && source.version !== 'present')
        findings.push({
          kind: 'shell',
          key: `${source.executable.toLowerCase()}>${child}`,
          title: 'Program brought in to a download or temporary folder started a shell',
          technique: 'T1059',
          tactic: 'execution',
          version: source.version,
          confidence: 0.6,
          severity: 'medium',
          what: `${source.executable} started ${child}${process.commandLine ? `: ${clipped(process.commandLine)}` : ''}`,
        });
    } else if (event.action === 'file-created' && event.file?.path && executableFile.test(event.file.path)) {
      const key = processKey(host, process);
      const writer = key ? processes.get(key) : undefined;
      if (writer && writer.version !== 'present')
        findings.push({
          kind: 'dropped',
          key: `${writer.executable.toLowerCase()}>${event.file.path.toLowerCase()}`,
          title: 'Program brought in to a download or temporary folder wrote an executable file',
          technique: 'T1105',
          tactic: 'command-and-control',
          version: writer.version,
          confidence: 0.5,
          severity: 'medium',
          what: `${writer.executable} wrote ${event.file.path}`,
        });
    }
    return findings;
  };

  return {
    id,
    process(event: Event): Alert[] {
      const host = hostOf(event);
      if (host === undefined || !event.process) return [];
      const alerts: Alert[] = [];
      for (const finding of findingsOf(event, host)) {
        const key = `${host}|${finding.kind}|${finding.key}`;
        const unknown = finding.version === 'unknown';
        // A finding reported from a record without version fields (4688) is reported again
        // when a record of the same program that has them (Sysmon 1) follows; once known, once.
        const before = reported.get(key);
        if (before === 'known' || (before === 'unknown' && unknown)) continue;
        reported.set(key, unknown ? 'unknown' : 'known');
        alerts.push(
          findingAlert(
            {
              analytic: id,
              title: finding.title,
              severity: unknown ? 'low' : finding.severity,
              confidence: unknown ? finding.confidence - 0.25 : finding.confidence,
              techniques: [finding.technique],
              tactics: [finding.tactic],
              timestamp: event.timestamp,
              eventIds: [event.id],
              identity: [host, finding.kind, finding.key],
              reason: `on ${host}: ${finding.what}; ${
                unknown
                  ? 'the record names no version information fields, so whether it is a vendor program is unknown (lower confidence)'
                  : 'the program has no company, product, description or file version'
              }`,
            },
            options.attack,
          ),
        );
      }
      return alerts;
    },
    stateKeys() {
      return processes.size + reported.size;
    },
    flush() {
      processes.clear();
      reported.clear();
      return [];
    },
  };
}
