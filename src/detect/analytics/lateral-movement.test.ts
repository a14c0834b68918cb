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
});
