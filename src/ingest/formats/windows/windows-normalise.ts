import type { Event } from '../../../core/index.js';
import { canonicalWindowsPath } from '../../event/canonical.js';
import { compact, integer, text } from '../../event/flatten.js';
import { parseTimestamp } from '../../event/timestamp.js';
import type { EventDraft } from '../../types.js';
import { meaningOf } from './windows-event-catalog.js';
import { canonicaliseWindowsFields } from './windows-fields.js';
import type { WindowsRecord } from './windows-shapes.js';

type Hashes = NonNullable<NonNullable<Event['process']>['hashes']>;
type Account = { name?: string; domain?: string; id?: string };

const logonEvents = new Set([4624, 4625, 4634, 4647, 4648, 4768, 4769, 4771, 4776]);
const fileHashEvents = new Set([6, 7, 15, 23, 26, 29]);
const auditSuccess = 0x0020000000000000n;
const auditFailure = 0x0010000000000000n;

function present(value: unknown): string | undefined {
  const result = text(value);
  return result === undefined || result === '' || result === '-' ? undefined : result;
}

/** A logon id that names a session: `0x0` (none, as 4688 writes for its target) is absent. */
function sessionId(value: unknown): string | undefined {
  const id = present(value);
  return id === '0x0' ? undefined : id;
}

/** A path field for ECS: as Windows shows it, without quotes or namespace prefixes. */
function pathOf(value: unknown): string | undefined {
  const path = present(value);
  return path === undefined ? undefined : canonicalWindowsPath(path, true);
}

/** `SHA1=…,MD5=…,SHA256=…,IMPHASH=…` (Sysmon `Hashes`) into ECS hash names. */
export function parseHashes(value: unknown): Hashes | undefined {
  const source = present(value);
  if (!source) return undefined;
  const hashes: Hashes = {};
  for (const part of source.split(',')) {
    const [kind, digest] = part.split('=');
    if (!kind || !digest) continue;
    const key = kind.trim().toLowerCase().replace('-', '') as keyof Hashes;
    if (key === 'md5' || key === 'sha1' || key === 'sha256' || key === 'sha512' || key === 'imphash')
      hashes[key] = digest.trim().toLowerCase();
  }
  return compact(hashes);
}

/** `DOMAIN\user` or `user@domain` into name and domain. */
function splitAccount(value: unknown): Account | undefined {
  const account = present(value);
  if (!account) return undefined;
  const slash = account.indexOf('\\');
  if (slash !== -1) return { domain: account.slice(0, slash), name: account.slice(slash + 1) };
  return { name: account };
}

function subjectAccount(fields: Record<string, unknown>): Account | undefined {
  return compact({
    name: present(fields.SubjectUserName),
    domain: present(fields.SubjectDomainName),
    id: present(fields.SubjectUserSid),
  });
}

function targetAccount(fields: Record<string, unknown>): Account | undefined {
  return compact({
    name: present(fields.TargetUserName),
    domain: present(fields.TargetDomainName),
    id: present(fields.TargetUserSid),
  });
}

function baseName(path: string | undefined): string | undefined {
  if (!path) return undefined;
  const index = Math.max(path.lastIndexOf('\\'), path.lastIndexOf('/'));
  return index === -1 ? path : path.slice(index + 1);
}

function outcomeOf(fields: Record<string, unknown>): 'success' | 'failure' | undefined {
  const keywords = text(fields.Keywords) ?? text(fields['winlog.keywords']);
  if (keywords && /^0x[0-9a-f]+$/i.test(keywords)) {
    const bits = BigInt(keywords);
    if (bits & auditFailure) return 'failure';
    if (bits & auditSuccess) return 'success';
  }
  if (keywords?.includes('Audit Failure')) return 'failure';
  if (keywords?.includes('Audit Success')) return 'success';
  return undefined;
}

/** Channels of the PowerShell engine, whose events the PowerShell process hosting it writes itself. */
const powershellChannels = new Set([
  'microsoft-windows-powershell/operational',
  'powershellcore/operational',
  'windows powershell',
]);
/** Security events whose EventData names the process `ProcessID` (the Windows Filtering Platform's connections). */
const processIdEvents = new Set([5156, 5157]);

/**
 * The pid of the process that wrote the event (System `Execution/@ProcessID`), under each
 * exporter's name for it. Only PowerShell's events are written by the process they describe;
 * for Sysmon or Security it is the logging service's own pid.
 */
function executionProcessId(record: WindowsRecord): number | undefined {
  const { fields } = record;
  switch (record.shape) {
    case 'nxlog':
      return integer(fields.ExecutionProcessID);
    case 'winlogbeat':
      return integer(fields['winlog.process.pid'] ?? fields.process_id);
    case 'xml':
      return integer(fields.ProcessID);
    case 'evtx-dump':
      return integer(fields['Event.System.Execution.#attributes.ProcessID']);
    default:
      return integer(fields.ProcessId);
  }
}

function processOf(record: WindowsRecord, sysmon: boolean): EventDraft['process'] {
  const { fields, eventId } = record;
  if (!sysmon && eventId === 4688) {
    const executable = pathOf(fields.NewProcessName);
    return compact({
      pid: integer(fields.NewProcessId),
      executable,
      name: baseName(executable),
      commandLine: present(fields.CommandLine),
      parent: compact({
        pid: integer(fields.ProcessId),
        executable: pathOf(fields.ParentProcessName),
        name: baseName(pathOf(fields.ParentProcessName)),
      }),
    });
  }
  const executable =
    pathOf(fields.Image) ?? pathOf(fields.SourceImage) ?? pathOf(fields.ProcessName) ?? pathOf(fields.Application);
  const parentExecutable = pathOf(fields.ParentImage);
  const powershell = !sysmon && powershellChannels.has((record.channel ?? '').toLowerCase());
  const processId = fields.ProcessId ?? fields.SourceProcessId;
  return compact({
    pid:
      processId !== undefined
        ? integer(processId)
        : powershell
          ? executionProcessId(record)
          : !sysmon && eventId !== undefined && processIdEvents.has(eventId)
            ? integer(fields.ProcessID)
            : undefined,
    // Sysmon's process access (10) spells it `SourceProcessGUID`, its remote thread (8) `SourceProcessGuid`.
    entityId: present(fields.ProcessGuid) ?? present(fields.SourceProcessGuid) ?? present(fields.SourceProcessGUID),
    executable,
    name: baseName(executable),
    commandLine: present(fields.CommandLine),
    hashes: sysmon && eventId !== undefined && !fileHashEvents.has(eventId) ? parseHashes(fields.Hashes) : undefined,
    parent: compact({
      pid: integer(fields.ParentProcessId),
      entityId: present(fields.ParentProcessGuid),
      executable: parentExecutable,
      name: baseName(parentExecutable),
      commandLine: present(fields.ParentCommandLine),
    }),
  });
}

function filePath(fields: Record<string, unknown>): string | undefined {
  const share = present(fields.ShareName);
  const relative = present(fields.RelativeTargetName);
  if (share && relative) return `${share}\\${relative}`;
  return (
    pathOf(fields.TargetFilename) ??
    pathOf(fields.ImageLoaded) ??
    present(fields.PipeName) ??
    pathOf(fields.ServiceFileName) ??
    pathOf(fields.ImagePath) ??
    (present(fields.ObjectType) === 'File' ? present(fields.ObjectName) : undefined)
  );
}

function dnsAnswers(value: unknown): string[] | undefined {
  const results = present(value);
  if (!results) return undefined;
  const answers = results
    .split(';')
    .map((part) =>
      part
        .replace(/^type:\s*\d+\s*/, '')
        .replace(/^::ffff:/, '')
        .trim(),
    )
    .filter((part) => part !== '');
  return answers.length > 0 ? answers : undefined;
}

/**
 * ECS-style fields of a Windows event, from its Sigma-named fields: process and parent, accounts,
 * logon, network, DNS, file, registry; category, action and outcome from the channel's catalog.
 */
export function normaliseWindows(record: WindowsRecord, referenceTime: Date): EventDraft {
  const { fields, eventId, channel } = record;
  canonicaliseWindowsFields(fields, channel);
  const sysmon = (channel ?? record.provider ?? '').toLowerCase().includes('sysmon');
  const meaning = meaningOf(channel, eventId);
  const subject = subjectAccount(fields);
  const target = targetAccount(fields) ?? compact({ name: present(fields.MemberName), id: present(fields.MemberSid) });
  const isLogon = eventId !== undefined && logonEvents.has(eventId) && !sysmon;
  const sysmonUser = splitAccount(fields.User);
  const path = filePath(fields);
  const sourceIp = present(fields.SourceIp) ?? present(fields.IpAddress) ?? present(fields.SourceAddress);
  const destinationIp = present(fields.DestinationIp) ?? present(fields.DestAddress);
  const message = text(fields.Message);
  const scriptBlock = present(fields.ScriptBlockText) ?? present(fields.Payload);
  const draft: EventDraft = {
    fields,
    dataset: channel,
    timestamp:
      parseTimestamp(record.time, referenceTime) ??
      parseTimestamp(fields['@timestamp'], referenceTime) ??
      parseTimestamp(fields.UtcTime, referenceTime),
    originalTimestamp: text(record.time),
    code: eventId === undefined ? undefined : String(eventId),
    provider: record.provider,
    // The whole rendered text, not its first line: the lines below the title carry what an analyst
    // reads (account, logon type, command line); it is the same string as `fields.Message`.
    message: message || undefined,
    category: meaning?.category ?? ['host'],
    action: meaning?.action,
    outcome: meaning?.outcome ?? outcomeOf(fields) ?? 'unknown',
    host: compact({ name: record.computer }),
    user: isLogon ? target : (sysmonUser ?? subject),
    targetUser: isLogon ? undefined : target,
    process: processOf(record, sysmon),
    file: path
      ? compact({
          path,
          name: baseName(path),
          hashes: eventId !== undefined && fileHashEvents.has(eventId) ? parseHashes(fields.Hashes) : undefined,
        })
      : undefined,
    registry: compact({
      key:
        present(fields.TargetObject) ?? (present(fields.ObjectType) === 'Key' ? present(fields.ObjectName) : undefined),
      value: present(fields.ObjectValueName),
      data: present(fields.Details) ?? present(fields.NewValue),
    }),
    source: compact({
      ip: sourceIp,
      port: integer(fields.SourcePort ?? fields.IpPort),
      domain: present(fields.SourceHostname) ?? present(fields.WorkstationName),
    }),
    destination: compact({
      ip: destinationIp,
      port: integer(fields.DestinationPort ?? fields.DestPort),
      domain: present(fields.DestinationHostname),
    }),
    network: compact({
      transport: present(fields.Protocol)?.toLowerCase(),
      direction: fields.Initiated === 'true' ? 'egress' : undefined,
    }),
    dns: present(fields.QueryName)
      ? compact({
          question: { name: present(fields.QueryName) },
          answers: dnsAnswers(fields.QueryResults),
          responseCode: present(fields.QueryStatus),
        })
      : undefined,
    auth: compact({
      logonType: present(fields.LogonType),
      logonId: sessionId(fields.TargetLogonId) ?? sessionId(fields.SubjectLogonId) ?? sessionId(fields.LogonId),
      method: present(fields.AuthenticationPackageName) ?? present(fields.LogonProcessName),
    }),
    freeText: scriptBlock ? [scriptBlock] : undefined,
  };
  return draft;
}
