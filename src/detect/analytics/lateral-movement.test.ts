import { describe, expect, it } from 'vitest';
import type { Event } from '../../core/index.js';
import { createLateralMovementAnalytic } from './lateral-movement.js';
import { at, windowsEvent } from './test-events.js';

const start = '2025-03-03T13:00:00Z';
const logon = (offset: number, host: string, user: string, source: string, type = '3') =>
  windowsEvent(
    at(start, offset),
    '4624',
    host,
    { TargetUserName: user, IpAddress: source, LogonType: type },
    { action: 'logged-in' },
  );
const processCreated = (
  offset: number,
  host: string,
  user: string,
  parent: string,
  child: string,
  commandLine: string,
) =>
  windowsEvent(
    at(start, offset),
    '1',
    host,
    {
      Image: `C:\\Windows\\System32\\${child}`,
      ParentImage: `C:\\Windows\\System32\\${parent}`,
      CommandLine: commandLine,
    },
    {
      action: 'process-created',
      user: { name: user },
      process: { name: child, commandLine, parent: { name: parent } },
      origin: { format: 'windows-json', dataset: 'Microsoft-Windows-Sysmon/Operational' },
    },
  );
const run = (events: Event[]) => {
  const analytic = createLateralMovementAnalytic();
  return events.flatMap((event) => analytic.process(event));
};

describe('lateral movement from the logon graph', () => {
  it('finds a PsExec-style service after a network logon', () => {
    const alerts = run([
      logon(0, 'srv1', 'admin_it', '10.1.1.20'),
      windowsEvent(at(start, 4_000), '7045', 'srv1', {
        ServiceName: 'PSEXESVC',
        ImagePath: '%SystemRoot%\\PSEXESVC.exe',
      }),
    ]);
    expect(alerts).toHaveLength(1);
    expect(alerts[0]?.techniques).toEqual(['T1021.002', 'T1569.002']);
    expect(alerts[0]?.tactics).toContain('lateral-movement');
  });

  it('finds wmiexec (cmd /Q /c with output to ADMIN$) and PowerShell remoting running recon', () => {
    const alerts = run([
      logon(0, 'srv2', 'jdoe', '10.1.1.21'),
      processCreated(
        2_000,
        'srv2',
        'jdoe',
        'wmiprvse.exe',
        'cmd.exe',
        'cmd.exe /Q /c whoami 1> \\\\127.0.0.1\\ADMIN$\\__1700 2>&1',
      ),
      logon(10_000, 'srv3', 'jdoe', '10.1.1.21'),
      processCreated(12_000, 'srv3', 'jdoe', 'wsmprovhost.exe', 'whoami.exe', 'whoami /all'),
    ]);
    expect(alerts.map((alert) => alert.techniques)).toEqual([['T1047'], ['T1021.006']]);
    expect(alerts[0]?.confidence).toBeGreaterThanOrEqual(0.8);
  });

  it('does not report an administrator remoting in to run management programs, nor execution with no remote logon before it', () => {
    const alerts = run([
      logon(0, 'srv4', 'admin_it', '10.1.1.5'),
      processCreated(3_000, 'srv4', 'admin_it', 'wsmprovhost.exe', 'gpupdate.exe', 'gpupdate.exe /force'),
      windowsEvent(at(start, 5_000), '7045', 'srv4', {
        ServiceName: 'Contoso Agent',
        ImagePath: '"C:\\Program Files\\Contoso\\agent.exe"',
      }),
      processCreated(4_000_000, 'srv5', 'svc', 'wmiprvse.exe', 'cmd.exe', 'cmd.exe /c echo hi'),
      logon(8_000_000, 'srv6', 'WS1$', '10.1.1.30'),
      processCreated(8_001_000, 'srv6', 'system', 'wmiprvse.exe', 'powershell.exe', 'powershell.exe -nop -c Get-Date'),
    ]);
    expect(alerts).toEqual([]);
  });

  // Written from ATT&CK T1021.003 (a remote caller activates Excel.Application, MMC20.Application
  // and similar COM objects, which the DCOM launcher starts with -Embedding under the caller's
  // account) and T1047/T1546.003 (a remote WMI subscription with a script or command consumer).
  const wmi = (offset: number, host: string, user: string, code: string, fields: Record<string, unknown>) =>
    windowsEvent(at(start, offset), code, host, fields, {
      user: { name: user },
      origin: { format: 'windows-json', dataset: 'Microsoft-Windows-Sysmon/Operational' },
    });

  it('finds Excel and MMC started as COM servers for the account that just logged on over the network', () => {
    const alerts = run([
      logon(0, 'ws20', 'kim', '10.1.2.7'),
      processCreated(
        40,
        'ws20',
        'kim',
        'svchost.exe',
        'EXCEL.EXE',
        '"C:\\Program Files\\Microsoft Office\\root\\Office16\\EXCEL.EXE" /automation -Embedding',
      ),
      logon(60_000, 'srv21', 'kim', '10.1.2.7'),
      processCreated(60_200, 'srv21', 'kim', 'svchost.exe', 'mmc.exe', 'C:\\Windows\\system32\\mmc.exe -Embedding'),
    ]);
    expect(alerts.map((alert) => alert.techniques)).toEqual([['T1021.003'], ['T1021.003']]);
    expect(alerts[0]?.tactics).toContain('lateral-movement');
  });

  it('does not take COM servers for DCOM lateral movement without a network logon of their own account', () => {
    const alerts = run([
      // The user opens a workbook from Outlook on their own machine: no remote logon at all.
      processCreated(0, 'ws22', 'lee', 'svchost.exe', 'EXCEL.EXE', '"EXCEL.EXE" /automation -Embedding'),
      // Another account's file-share logon, then this user's own Office automation.
      logon(100_000, 'ws23', 'backup_svc', '10.1.2.9'),
      processCreated(100_500, 'ws23', 'lee', 'svchost.exe', 'WINWORD.EXE', '"WINWORD.EXE" /Automation -Embedding'),
      // A user who connected over RDP starts Excel through COM: ordinary desktop use.
      logon(200_000, 'ws24', 'may', '10.1.2.10', '10'),
      processCreated(201_000, 'ws24', 'may', 'svchost.exe', 'EXCEL.EXE', '"EXCEL.EXE" /automation -Embedding'),
      // Routine COM servers after a network logon are not application objects.
      logon(300_000, 'ws25', 'kim', '10.1.2.7'),
      processCreated(
        300_100,
        'ws25',
        'kim',
        'svchost.exe',
        'RuntimeBroker.exe',
        'C:\\Windows\\System32\\RuntimeBroker.exe -Embedding',
      ),
      processCreated(300_200, 'ws25', 'kim', 'explorer.exe', 'EXCEL.EXE', '"EXCEL.EXE" C:\\Users\\kim\\report.xlsx'),
    ]);
    expect(alerts).toEqual([]);
  });

  it('finds a WMI subscription with a script consumer made by the account that logs on from another host, even when recorded just before the logon', () => {
    const alerts = run([
      wmi(0, 'ws30', 'kim', '19', { Operation: 'Created', Query: 'select * from __InstanceCreationEvent within 5' }),
      wmi(100, 'ws30', 'kim', '21', { Operation: 'Created', Consumer: 'ActiveScriptEventConsumer.Name="Updater"' }),
      logon(300, 'ws30', 'kim', '10.1.2.7'),
    ]);
    expect(alerts.map((alert) => alert.techniques)).toEqual([['T1047', 'T1546.003']]);
    expect(alerts[0]?.description).toContain('recorded before the logon');
  });

  it('does not report WMI subscriptions that only log, are deleted, are local, or whose logon comes long after', () => {
    const alerts = run([
      // A monitoring product's event-log consumer, made remotely.
      logon(0, 'ws31', 'ops', '10.1.2.8'),
      wmi(500, 'ws31', 'ops', '21', {
        Operation: 'Created',
        Consumer: 'NTEventLogEventConsumer.Name="SCM Event Log Consumer"',
      }),
      // Removing a script consumer is clean-up, not execution.
      wmi(1_000, 'ws31', 'ops', '21', { Operation: 'Deleted', Consumer: 'ActiveScriptEventConsumer.Name="Old"' }),
      // A local installer's command consumer, with no remote logon near it.
      wmi(100_000, 'ws32', 'system', '20', {
        Operation: 'Created',
        Type: 'Command Line',
        Destination: 'C:\\agent\\run.cmd',
      }),
      logon(160_000, 'ws32', 'system', '10.1.2.8'),
    ]);
    expect(alerts).toEqual([]);
  });
});
