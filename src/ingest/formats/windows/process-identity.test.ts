/**
 * Which process a Windows event belongs to, whatever the exporter: the pid of a PowerShell event is
 * the pid of the process that wrote it (System `Execution/@ProcessID`, under each exporter's name),
 * while that of a Sysmon or Security event is never the logging service's own; Sysmon's process
 * access names its process GUID `SourceProcessGUID`; WFP connections name the pid `ProcessID`.
 */
import { describe, expect, it } from 'vitest';
import type { EventDraft } from '../../types.js';
import { parseWindowsRecord } from './windows-json.js';

const reference = new Date('2024-03-02T00:00:00Z');

function processOf(record: object | string): EventDraft['process'] {
  const outcome = parseWindowsRecord(typeof record === 'string' ? record : JSON.stringify(record), reference);
  if (outcome.type !== 'event') throw new Error(`not an event: ${JSON.stringify(outcome)}`);
  return outcome.draft.process;
}

const nxlogScriptBlock = {
  EventID: 4104,
  SourceName: 'Microsoft-Windows-PowerShell',
  Channel: 'Microsoft-Windows-PowerShell/Operational',
  Hostname: 'ws01',
  ExecutionProcessID: 6404,
  ScriptBlockText: 'Get-Process',
};

const xml = (channel: string, provider: string, eventId: number, data: string) =>
  `<Event><System><Provider Name='${provider}'/><EventID>${eventId}</EventID><Execution ProcessID='4810' ThreadID='1'/><Channel>${channel}</Channel><Computer>ws01</Computer></System><EventData>${data}</EventData></Event>`;

describe('the process of a Windows event', () => {
  it('is the writing process for PowerShell events, under every exporter name for it', () => {
    expect(processOf(nxlogScriptBlock)?.pid).toBe(6404);
    expect(
      processOf({
        ...nxlogScriptBlock,
        EventID: 4103,
        Channel: 'Microsoft-Windows-PowerShell/Operational',
        Payload: 'CommandInvocation(Start-Sleep)',
      })?.pid,
    ).toBe(6404);
    // Winlogbeat 6 and 7.
    expect(
      processOf({
        event_id: 4104,
        log_name: 'Microsoft-Windows-PowerShell/Operational',
        source_name: 'Microsoft-Windows-PowerShell',
        computer_name: 'ws01',
        process_id: 5452,
        event_data: { ScriptBlockText: 'Get-Process' },
      })?.pid,
    ).toBe(5452);
    expect(
      processOf({
        winlog: {
          event_id: 4104,
          channel: 'Microsoft-Windows-PowerShell/Operational',
          provider_name: 'Microsoft-Windows-PowerShell',
          computer_name: 'ws01',
          process: { pid: 5453, thread: { id: 1 } },
          event_data: { ScriptBlockText: 'Get-Process' },
        },
      })?.pid,
    ).toBe(5453);
    // Rendered XML and evtx_dump JSON.
    expect(
      processOf(
        xml(
          'Microsoft-Windows-PowerShell/Operational',
          'Microsoft-Windows-PowerShell',
          4104,
          "<Data Name='ScriptBlockText'>Get-Process</Data>",
        ),
      )?.pid,
    ).toBe(4810);
    expect(
      processOf({
        Event: {
          System: {
            Provider: { '#attributes': { Name: 'PowerShell' } },
            EventID: 800,
            Execution: { '#attributes': { ProcessID: 4811, ThreadID: 2 } },
            Channel: 'Windows PowerShell',
            Computer: 'ws01',
          },
          EventData: { Data: 'Get-Process' },
        },
      })?.pid,
    ).toBe(4811);
  });

  it('is never the logging service for Sysmon or Security events', () => {
    // NXLog drops Sysmon's own `ProcessId` (it clashes with NXLog's `ProcessID`): the record's
    // execution pid is Sysmon's, so the event names its process by GUID only.
    const sysmon = processOf({
      EventID: 1,
      SourceName: 'Microsoft-Windows-Sysmon',
      Channel: 'Microsoft-Windows-Sysmon/Operational',
      Hostname: 'ws01',
      ExecutionProcessID: 3392,
      ProcessGuid: '{d273d0f0-8065-5f67-ca06-000000000800}',
      ParentProcessGuid: '{d273d0f0-e867-5f64-1900-000000000800}',
      ParentProcessId: '1184',
      Image: 'C:\\Windows\\System32\\cmd.exe',
    });
    expect(sysmon).toMatchObject({ entityId: '{D273D0F0-8065-5F67-CA06-000000000800}', parent: { pid: 1184 } });
    expect(sysmon?.pid).toBeUndefined();
    // Special privileges (4672) name no process: the execution pid in its XML is lsass's.
    const privileges = processOf(
      xml(
        'Security',
        'Microsoft-Windows-Security-Auditing',
        4672,
        "<Data Name='SubjectUserName'>alice</Data><Data Name='PrivilegeList'>SeDebugPrivilege</Data>",
      ),
    );
    expect(privileges?.pid).toBeUndefined();
    // A logon names the logon process in its EventData, not the execution pid.
    const logon = processOf(
      xml(
        'Security',
        'Microsoft-Windows-Security-Auditing',
        4624,
        "<Data Name='TargetUserName'>bob</Data><Data Name='ProcessId'>0x2a4</Data><Data Name='ProcessName'>C:\\Windows\\System32\\lsass.exe</Data>",
      ),
    );
    expect(logon?.pid).toBe(0x2a4);
  });

  it('is named by GUID in Sysmon process access, and by pid in WFP connections', () => {
    const access = processOf({
      EventID: 10,
      SourceName: 'Microsoft-Windows-Sysmon',
      Channel: 'Microsoft-Windows-Sysmon/Operational',
      Hostname: 'ws01',
      SourceProcessGUID: '{b34bc01c-7fae-5f63-1000-000000000400}',
      SourceProcessId: '880',
      SourceImage: 'C:\\Users\\Public\\procdump.exe',
      TargetImage: 'C:\\Windows\\System32\\lsass.exe',
    });
    expect(access).toMatchObject({ pid: 880, entityId: '{B34BC01C-7FAE-5F63-1000-000000000400}' });
    const connection = processOf({
      EventID: 5156,
      SourceName: 'Microsoft-Windows-Security-Auditing',
      Channel: 'Security',
      Hostname: 'ws01',
      ProcessID: '3428',
      Application: '\\device\\harddiskvolume2\\windows\\system32\\svchost.exe',
      DestAddress: '10.0.0.5',
    });
    expect(connection?.pid).toBe(3428);
    // A Security event whose `ProcessID` is not its process's (here the execution pid of the XML).
    const filter = processOf(
      xml('Security', 'Microsoft-Windows-Security-Auditing', 4946, "<Data Name='RuleName'>allow smb</Data>"),
    );
    expect(filter?.pid).toBeUndefined();
  });
});
