/**
 * Synthetic Windows records (NXLog-style JSON lines of Sysmon and Security events), written by
 * Vigil itself for scenarios and tests: normal activity, attack steps and returning campaigns.
 */
import { createHash } from 'node:crypto';

interface Common {
  time: Date;
  host: string;
  user: string;
}

let recordNumber = 700_000;

function base(common: Common, eventId: number, channel: string, source: string): Record<string, unknown> {
  const iso = common.time.toISOString();
  recordNumber += 1;
  return {
    EventTime: iso.slice(0, 19).replace('T', ' '),
    Hostname: common.host,
    EventType: 'INFO',
    SeverityValue: 2,
    Severity: 'INFO',
    EventID: eventId,
    SourceName: source,
    Channel: channel,
    RecordNumber: recordNumber,
    '@timestamp': iso,
    SourceModuleName: 'eventlog',
    SourceModuleType: 'im_msvistalog',
  };
}

const guidOf = (text: string) => {
  const hex = createHash('sha256').update(text).digest('hex').toUpperCase();
  return `{${hex.slice(0, 8)}-${hex.slice(8, 12)}-${hex.slice(12, 16)}-${hex.slice(16, 20)}-${hex.slice(20, 32)}}`;
};

/** A stable SHA-256 for a program path (synthetic, not the real binary's). */
export const programHash = (image: string): string =>
  createHash('sha256').update(`program:${image.toLowerCase()}`).digest('hex').toUpperCase();

export function processCreated(
  common: Common & { image: string; commandLine: string; parentImage?: string; processId?: number },
): string {
  const processId = common.processId ?? 1000 + (recordNumber % 8000);
  return JSON.stringify({
    ...base(common, 1, 'Microsoft-Windows-Sysmon/Operational', 'Microsoft-Windows-Sysmon'),
    UtcTime: common.time.toISOString().slice(0, 23).replace('T', ' '),
    ProcessGuid: guidOf(`${common.host}|${processId}|${common.image}`),
    ProcessId: processId,
    Image: common.image,
    CommandLine: common.commandLine,
    CurrentDirectory: 'C:\\Windows\\system32\\',
    User: common.user,
    IntegrityLevel: 'Medium',
    Hashes: `SHA256=${programHash(common.image)}`,
    ParentImage: common.parentImage ?? 'C:\\Windows\\explorer.exe',
    ParentCommandLine: common.parentImage ?? 'C:\\Windows\\Explorer.EXE',
    Message: `Process Create:\r\nImage: ${common.image}\r\nCommandLine: ${common.commandLine}`,
  });
}

export function networkConnection(
  common: Common & {
    image: string;
    sourceIp: string;
    destinationIp: string;
    destinationHostname?: string;
    port: number;
  },
): string {
  return JSON.stringify({
    ...base(common, 3, 'Microsoft-Windows-Sysmon/Operational', 'Microsoft-Windows-Sysmon'),
    ProcessGuid: guidOf(`${common.host}|${common.image}`),
    ProcessId: 4000 + (recordNumber % 4000),
    Image: common.image,
    User: common.user,
    Protocol: 'tcp',
    Initiated: 'true',
    SourceIp: common.sourceIp,
    SourceHostname: common.host,
    SourcePort: 49152 + (recordNumber % 16000),
    DestinationIp: common.destinationIp,
    ...(common.destinationHostname ? { DestinationHostname: common.destinationHostname } : {}),
    DestinationPort: common.port,
    Message: `Network connection detected:\r\nDestinationIp: ${common.destinationIp}`,
  });
}

export function logonSucceeded(common: Common & { sourceIp: string; logonType: number }): string {
  const [domain, name] = common.user.includes('\\') ? common.user.split('\\') : ['CORP', common.user];
  return JSON.stringify({
    ...base(common, 4624, 'Security', 'Microsoft-Windows-Security-Auditing'),
    SubjectUserSid: 'S-1-0-0',
    TargetUserName: name,
    TargetDomainName: domain,
    TargetLogonId: `0x${(recordNumber * 7919).toString(16)}`,
    LogonType: common.logonType,
    LogonProcessName: 'Kerberos',
    AuthenticationPackageName: 'Kerberos',
    WorkstationName: '-',
    IpAddress: common.sourceIp,
    IpPort: '0',
    Message: `An account was successfully logged on.\r\nAccount Name: ${name}`,
  });
}

export function scheduledTaskRegistered(common: Common & { taskName: string; command: string }): string {
  const [domain, name] = common.user.includes('\\') ? common.user.split('\\') : ['CORP', common.user];
  return JSON.stringify({
    ...base(common, 4698, 'Security', 'Microsoft-Windows-Security-Auditing'),
    SubjectUserName: name,
    SubjectDomainName: domain,
    TaskName: common.taskName,
    TaskContent: `<Task><Actions><Exec><Command>${common.command}</Command></Exec></Actions></Task>`,
    Message: `A scheduled task was created.\r\nTask Name: ${common.taskName}`,
  });
}
