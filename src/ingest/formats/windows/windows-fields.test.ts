/**
 * Windows values reach rules in Windows' own rendering whatever the exporter wrote: evtxexport's
 * zero-padded hex, unnamed `<Data>` elements as Sigma's `Data`, `<UserData>` leaves, and a 4688's
 * parent completed from the earlier 4688 of that process. Checked through ingest and real Sigma rules.
 */
import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { createDetector, loadRules } from '../../../detect/index.js';
import { collectAll } from '../../collect-all.js';

const scratch = () => mkdtempSync(join(tmpdir(), 'vigil-windows-fields-'));

function system(eventId: number, channel: string, provider: string, time: string): string {
  return `<System><Provider Name="${provider}"/><EventID>${eventId}</EventID><Keywords>0x8020000000000000</Keywords><TimeCreated SystemTime="${time}"/><Channel>${channel}</Channel><Computer>ws1.corp.example</Computer><Security UserID="S-1-5-18"/></System>`;
}

const processAccess = (access: string) =>
  `<Event xmlns="http://schemas.microsoft.com/win/2004/08/events/event">${system(10, 'Microsoft-Windows-Sysmon/Operational', 'Microsoft-Windows-Sysmon', '2025-01-01T10:00:00Z')}<EventData><Data Name="SourceProcessGuid">{5aa13a44-0bda-68fd-7836-000000004002}</Data><Data Name="SourceImage">C:\\Users\\x\\tool.exe</Data><Data Name="TargetImage">C:\\Windows\\System32\\lsass.exe</Data><Data Name="GrantedAccess">${access}</Data><Data Name="SourceUser">CORP\\x</Data></EventData></Event>`;

const classicPowerShell = (context: string) =>
  `<Event>${system(400, 'Windows PowerShell', 'PowerShell', '2025-01-01T10:01:00Z')}<EventData><Data>Available</Data><Data>None</Data><Data>${context}</Data></EventData></Event>`;

const wmiClientFailure = `<Event>${system(5858, 'Microsoft-Windows-WMI-Activity/Operational', 'Microsoft-Windows-WMI-Activity', '2025-01-01T10:02:00Z')}<UserData><Operation_ClientFailure xmlns="http://manifests.microsoft.com/win/2006/windows/WMI"><Id>{00000000-0000-0000-0000-000000000000}</Id><ClientMachine>WS1</ClientMachine><Operation>Start IWbemServices::ExecMethod - ROOT\\CIMV2 : Win32_NTEventlogFile.Name="System"::cleareventlog</Operation><ResultCode>0x80041003</ResultCode></Operation_ClientFailure></UserData></Event>`;

const rules = {
  'lsass-access.yml': `title: Full access to LSASS
id: 0e6f5a57-0000-4000-8000-000000000001
logsource: { product: windows, category: process_access }
detection:
  selection:
    TargetImage|endswith: '\\lsass.exe'
    GrantedAccess: '0x1f3fff'
  condition: selection
tags: [attack.credential-access, attack.t1003.001]
`,
  'downgrade.yml': `title: PowerShell engine version 2 started
id: 0e6f5a57-0000-4000-8000-000000000002
logsource: { product: windows, category: ps_classic_start }
detection:
  selection:
    Data|contains: 'EngineVersion=2.'
  filter_main:
    Data|contains: 'HostVersion=2.'
  condition: selection and not filter_main
tags: [attack.defense-evasion, attack.t1562.010]
`,
  'wmi-clear.yml': `title: Event log cleared through WMI
id: 0e6f5a57-0000-4000-8000-000000000003
logsource: { product: windows, service: wmi }
detection:
  selection:
    EventID: 5858
    Operation|contains|all: ['Win32_NTEventlogFile', 'cleareventlog']
  condition: selection
tags: [attack.defense-evasion, attack.t1070.001]
`,
};

async function detect(lines: string[]): Promise<string[]> {
  const directory = scratch();
  for (const [name, text] of Object.entries(rules)) writeFileSync(join(directory, name), text);
  const ruleSet = await loadRules([directory]);
  expect(ruleSet.failed).toEqual([]);
  writeFileSync(join(directory, 'events.xml.log'), `${lines.join('\n')}\n`);
  const { events, rejected } = await collectAll([join(directory, 'events.xml.log')]);
  expect(rejected).toEqual([]);
  const detector = createDetector(ruleSet);
  return events.flatMap((event) => detector.process(event).map((alert) => alert.ruleTitle));
}

describe('Windows fields for rules', () => {
  it('matches hex written zero-padded (evtxexport) and written as Windows does; not other access masks', async () => {
    expect(await detect([processAccess('0x001f3fff')])).toEqual(['Full access to LSASS']);
    expect(await detect([processAccess('0x1F3FFF')])).toEqual(['Full access to LSASS']);
    expect(await detect([processAccess('0x00001010')])).toEqual([]);
  });

  it("fills Sigma's Data from unnamed <Data>, so selections match and filters exclude", async () => {
    expect(await detect([classicPowerShell('NewEngineState=Available HostVersion=5.1 EngineVersion=2.0')])).toEqual([
      'PowerShell engine version 2 started',
    ]);
    // A real version-2 host (both 2.x) is what the filter excludes; version 5 never matches.
    expect(await detect([classicPowerShell('HostVersion=2.0 EngineVersion=2.0')])).toEqual([]);
    expect(await detect([classicPowerShell('HostVersion=5.1 EngineVersion=5.1')])).toEqual([]);
  });

  it('reads <UserData> leaves as fields', async () => {
    expect(await detect([wmiClientFailure])).toEqual(['Event log cleared through WMI']);
  });

  it('writes canonical SIDs, GUIDs and logon ids into fields and ECS', async () => {
    const directory = scratch();
    const line = JSON.stringify({
      EventID: 1,
      Channel: 'Microsoft-Windows-Sysmon/Operational',
      Hostname: 'ws1',
      ProcessGuid: '5aa13a44-0bda-68fd-7836-000000004002',
      ProcessId: 10,
      Image: 'C:\\\\Windows\\\\System32\\\\cmd.exe',
      LogonId: '0x0000000000529AE3',
      Initiated: true,
      UserSid: 's-1-5-21-1-2-3-1001',
    });
    writeFileSync(join(directory, 'sysmon.jsonl'), `${line}\n`);
    const { events } = await collectAll([join(directory, 'sysmon.jsonl')]);
    const [event] = events;
    expect(event?.fields).toMatchObject({
      ProcessGuid: '{5AA13A44-0BDA-68FD-7836-000000004002}',
      LogonId: '0x529ae3',
      Initiated: 'true',
      UserSid: 'S-1-5-21-1-2-3-1001',
      Image: 'C:\\Windows\\System32\\cmd.exe',
    });
    expect(event?.process).toMatchObject({ entityId: '{5AA13A44-0BDA-68FD-7836-000000004002}', name: 'cmd.exe' });
    expect(event?.auth?.logonId).toBe('0x529ae3');
  });

  it('fills Data from the Message of an NXLog classic PowerShell event (the exporter dropped the unnamed data)', async () => {
    const directory = scratch();
    const line = JSON.stringify({
      EventID: 400,
      Channel: 'Windows PowerShell',
      SourceName: 'PowerShell',
      Hostname: 'ws1',
      Message:
        'Engine state is changed from None to Available.\r\n\r\nDetails:\r\n\tHostVersion=5.1\r\n\tEngineVersion=2.0',
    });
    writeFileSync(join(directory, 'ps.jsonl'), `${line}\n`);
    const { events } = await collectAll([join(directory, 'ps.jsonl')]);
    expect(events[0]?.fields.Data).toContain('EngineVersion=2.0');
  });
});

describe('process and session context', () => {
  const security4688 = (pid: string, parentPid: string, image: string, commandLine: string, time: string) =>
    JSON.stringify({
      EventID: 4688,
      Channel: 'Security',
      Hostname: 'ws1',
      EventTime: time,
      NewProcessId: pid,
      NewProcessName: image,
      ProcessId: parentPid,
      CommandLine: commandLine,
      SubjectLogonId: '0x3e7a1',
    });

  it('completes a 4688 without its parent from the earlier 4688 of that parent, in the same or another file', async () => {
    const directory = scratch();
    writeFileSync(
      join(directory, 'a.jsonl'),
      [
        JSON.stringify({
          EventID: 4624,
          Channel: 'Security',
          Hostname: 'ws1',
          EventTime: '2025-01-01 09:59:00',
          TargetUserName: 'alice',
          TargetDomainName: 'CORP',
          TargetLogonId: '0x0003E7A1',
          LogonType: 3,
          Keywords: '0x8020000000000000',
        }),
        security4688('0x1a4', '0x100', 'C:\\Windows\\System32\\cmd.exe', 'cmd /c whoami', '2025-01-01 10:00:00'),
      ].join('\n'),
    );
    writeFileSync(
      join(directory, 'b.jsonl'),
      `${security4688('0x2b0', '0x1a4', 'C:\\Windows\\System32\\whoami.exe', 'whoami', '2025-01-01 10:00:01')}\n`,
    );
    const { events } = await collectAll([join(directory, 'a.jsonl'), join(directory, 'b.jsonl')]);
    const child = events.find((event) => event.process?.name === 'whoami.exe');
    expect(child?.process?.parent).toMatchObject({
      pid: 0x1a4,
      executable: 'C:\\Windows\\System32\\cmd.exe',
      commandLine: 'cmd /c whoami',
    });
    expect(child?.fields.ParentProcessName).toBe('C:\\Windows\\System32\\cmd.exe');
    // The session's logon type and account come from its 4624 (logon ids written differently).
    expect(child?.auth).toMatchObject({ logonId: '0x3e7a1', logonType: '3' });
    // The first 4688's parent was never seen: nothing is invented.
    const first = events.find((event) => event.process?.name === 'cmd.exe');
    expect(first?.process?.parent?.executable).toBeUndefined();
    expect(first?.fields.ParentProcessName).toBeUndefined();
  });
});
