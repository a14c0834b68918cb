import { describe, expect, it } from 'vitest';
import type { Event } from '../../core/index.js';
import { createBroughtInProgramAnalytic } from './brought-in-program.js';
import { at, windowsEvent } from './test-events.js';

// Written from ATT&CK's T1204.002 (a user opens a file they were sent or downloaded), T1059 and
// T1105 (a program brought in fetches or drops further tools), not from any recording.
const start = '2025-04-07T09:00:00Z';
const noVersion = { FileVersion: '-', Description: '-', Product: '-', Company: '-' };
const vendor = {
  FileVersion: '121.0.1',
  Description: 'Google Chrome Installer',
  Product: 'Google Chrome',
  Company: 'Google LLC',
};

const started = (
  offset: number,
  executable: string,
  parent: { executable: string; pid: number },
  pid: number,
  fields: Record<string, unknown> = {},
  code = '1',
): Event =>
  windowsEvent(at(start, offset), code, 'ws7', fields, {
    action: 'process-created',
    process: {
      pid,
      executable,
      name: executable.split('\\').pop()!,
      commandLine: `"${executable}"`,
      parent: { pid: parent.pid, executable: parent.executable, name: parent.executable.split('\\').pop()! },
    },
  });

const wrote = (offset: number, writer: { executable: string; pid: number }, path: string): Event =>
  windowsEvent(
    at(start, offset),
    '11',
    'ws7',
    { TargetFilename: path },
    {
      action: 'file-created',
      category: ['file'],
      process: { pid: writer.pid, executable: writer.executable },
      file: { path },
    },
  );

const explorer = { executable: 'C:\\Windows\\explorer.exe', pid: 4100 };
const run = (events: Event[]) => {
  const analytic = createBroughtInProgramAnalytic();
  return events.flatMap((event) => analytic.process(event));
};

describe('programs brought in to download or temporary folders', () => {
  it('reports a downloaded program without version information that the user opened, its shell and the tool it dropped, each once', () => {
    const payload = { executable: 'C:\\Users\\ann\\Downloads\\invoice_viewer.exe', pid: 5200 };
    const alerts = run([
      started(0, payload.executable, explorer, payload.pid, noVersion),
      started(20_000, 'C:\\Windows\\System32\\cmd.exe', payload, 5300, { Company: 'Microsoft Corporation' }),
      started(40_000, 'C:\\Windows\\System32\\cmd.exe', payload, 5301, { Company: 'Microsoft Corporation' }),
      wrote(60_000, payload, 'C:\\Windows\\System32\\dumper.x64.exe'),
      wrote(61_000, payload, 'C:\\Users\\ann\\AppData\\Local\\notes.txt'),
    ]);
    expect(alerts.map((alert) => [alert.techniques, alert.tactics, alert.severity])).toEqual([
      [['T1204.002'], ['execution'], 'medium'],
      [['T1059'], ['execution'], 'medium'],
      [['T1105'], ['command-and-control'], 'medium'],
    ]);
    expect(alerts[0]!.description).toContain('explorer.exe started C:\\Users\\ann\\Downloads\\invoice_viewer.exe');
    expect(alerts[2]!.description).toContain('dumper.x64.exe');
  });

  it("reports nothing for a vendor's installer run from Downloads, an installed program, or a browser saving a download", () => {
    const installer = { executable: 'C:\\Users\\ann\\Downloads\\ChromeSetup.exe', pid: 6100 };
    const browser = { executable: 'C:\\Program Files (x86)\\Microsoft\\Edge\\Application\\msedge.exe', pid: 6200 };
    const alerts = run([
      started(0, installer.executable, explorer, installer.pid, vendor),
      started(5_000, 'C:\\Windows\\System32\\cmd.exe', installer, 6101, { Company: 'Microsoft Corporation' }),
      wrote(6_000, installer, 'C:\\Program Files\\Google\\Chrome\\Application\\chrome.exe'),
      started(10_000, 'C:\\Program Files\\Tools\\inhouse.exe', explorer, 6300, noVersion),
      started(12_000, browser.executable, explorer, browser.pid, { Company: 'Microsoft Corporation' }),
      wrote(15_000, browser, 'C:\\Users\\ann\\Downloads\\ChromeSetup.exe'),
    ]);
    expect(alerts).toEqual([]);
  });

  it('keeps a finding at low confidence, saying why, when the record has no version fields (4688)', () => {
    const alerts = run([started(0, 'C:\\Users\\Public\\upd.exe', explorer, 7100, {}, '4688')]);
    expect(alerts).toHaveLength(1);
    expect(alerts[0]!.severity).toBe('low');
    expect(alerts[0]!.confidence).toBeLessThan(0.5);
    expect(alerts[0]!.description).toContain('no version information fields');
  });

  it('reports again, at full confidence, when a record with version fields follows one without (4688 then Sysmon 1)', () => {
    const alerts = run([
      started(0, 'C:\\Users\\bo\\Downloads\\scan.exe', explorer, 7200, {}, '4688'),
      started(5, 'C:\\Users\\bo\\Downloads\\scan.exe', explorer, 7200, noVersion),
      started(9, 'C:\\Users\\bo\\Downloads\\scan.exe', explorer, 7200, {}, '4688'),
    ]);
    expect(alerts.map((alert) => alert.severity)).toEqual(['low', 'medium']);
  });

  it('keeps bounded state through a million distinct programs and still reports afterwards', () => {
    const limits = { keys: 1_000 };
    const analytic = createBroughtInProgramAnalytic({ limits });
    // One event object, changed in place: the analytic keeps strings, never the event.
    // Every tenth is opened by the user, so the table of reported findings fills too.
    const event = started(0, 'C:\\Windows\\Temp\\p.exe', { executable: 'C:\\svc\\svc.exe', pid: 1 }, 10, noVersion);
    let reported = 0;
    for (let index = 0; index < 1_000_000; index++) {
      event.process!.pid = index + 10;
      event.process!.parent!.name = index % 10 === 0 ? 'explorer.exe' : 'svc.exe';
      event.process!.executable = `C:\\Windows\\Temp\\p${index}.exe`;
      reported += analytic.process(event).length;
    }
    expect(reported).toBe(100_000);
    expect(analytic.stateKeys()).toBeLessThanOrEqual(2 * limits.keys);
    const found = analytic.process(started(2_000_000, 'C:\\Users\\bo\\Desktop\\tool.exe', explorer, 3, noVersion));
    expect(found.map((alert) => alert.techniques)).toEqual([['T1204.002']]);
  });
});
