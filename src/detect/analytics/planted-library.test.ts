import { describe, expect, it } from 'vitest';
import type { Event } from '../../core/index.js';
import { createPlantedLibraryAnalytic } from './planted-library.js';
import { at, windowsEvent } from './test-events.js';

// Written from ATT&CK T1574.001 (a service made to load a library planted where it searches) and
// from what Windows ships in its system folders (signed libraries only), not from any recording.
const start = '2025-07-01T10:00:00Z';
const sysmon = { format: 'windows-json' as const, dataset: 'Microsoft-Windows-Sysmon/Operational' };

const wrote = (offset: number, writer: string, path: string, host = 'srv40'): Event =>
  windowsEvent(
    at(start, offset),
    '11',
    host,
    { TargetFilename: path, Image: writer },
    { action: 'file-created', category: ['file'], process: { executable: writer }, file: { path }, origin: sysmon },
  );

const loaded = (offset: number, loader: string, path: string, signed: string, host = 'srv40'): Event =>
  windowsEvent(
    at(start, offset),
    '7',
    host,
    { ImageLoaded: path, Image: loader, Signed: signed },
    { action: 'image-loaded', category: ['library'], process: { executable: loader }, file: { path }, origin: sysmon },
  );

const svchost = 'C:\\Windows\\System32\\svchost.exe';
const run = (events: Event[]) => {
  const analytic = createPlantedLibraryAnalytic();
  return events.flatMap((event) => analytic.process(event));
};

describe('libraries planted in the system folders and loaded by a service', () => {
  it('reports an unsigned library a service host loads from System32, naming the writer when the write was seen, once', () => {
    const alerts = run([
      wrote(0, 'System', 'C:\\Windows\\System32\\tsmsisrv.dll'),
      loaded(90_000, svchost, 'C:\\Windows\\System32\\tsmsisrv.dll', 'false'),
      loaded(95_000, svchost, 'C:\\Windows\\System32\\tsmsisrv.dll', 'false'),
      loaded(120_000, 'C:\\Windows\\System32\\spoolsv.exe', 'C:\\Windows\\SysWOW64\\ualapi.dll', 'false', 'srv41'),
    ]);
    expect(alerts.map((alert) => [alert.techniques, alert.confidence])).toEqual([
      [['T1574.001'], 0.8],
      [['T1574.001'], 0.65],
    ]);
    expect(alerts[0]!.description).toContain('System wrote it 90 s before');
    expect(alerts[0]!.eventIds).toHaveLength(2);
  });

  it('does not report signed system libraries, vendor driver folders, .NET native images, programs loading their own libraries, or unsigned libraries elsewhere', () => {
    const alerts = run([
      loaded(0, svchost, 'C:\\Windows\\System32\\ikeext.dll', 'true'),
      loaded(
        1_000,
        'C:\\Windows\\System32\\spoolsv.exe',
        'C:\\Windows\\System32\\spool\\drivers\\x64\\3\\hpcpp.dll',
        'false',
      ),
      loaded(2_000, svchost, 'C:\\Windows\\System32\\DriverStore\\FileRepository\\nv.inf_amd64\\nvapi64.dll', 'false'),
      loaded(
        3_000,
        'C:\\Windows\\System32\\taskhostw.exe',
        'C:\\Windows\\assembly\\NativeImages_v4.0.30319_64\\System\\b187\\System.ni.dll',
        'false',
      ),
      loaded(4_000, 'C:\\Program Files\\Vendor\\agent.exe', 'C:\\Windows\\System32\\vendorhook.dll', 'false'),
      loaded(5_000, svchost, 'C:\\Program Files\\Vendor\\plugin.dll', 'false'),
      // A copy of svchost outside the system folder is another program (and not this analytic's).
      loaded(6_000, 'C:\\Users\\Public\\svchost.exe', 'C:\\Windows\\System32\\evil.dll', 'false'),
    ]);
    expect(alerts).toEqual([]);
  });

  it('keeps its state bounded with a million distinct libraries written and loaded', () => {
    const analytic = createPlantedLibraryAnalytic({ limits: { keys: 1_000 } });
    const write = wrote(0, 'C:\\Windows\\System32\\msiexec.exe', 'C:\\Windows\\System32\\a.dll');
    const load = loaded(0, svchost, 'C:\\Windows\\System32\\a.dll', 'false');
    let reported = 0;
    for (let index = 0; index < 1_000_000; index++) {
      const path = `C:\\Windows\\System32\\lib${index}.dll`;
      write.file = { path };
      analytic.process(write);
      // Every hundredth is loaded unsigned by a service (reported); the rest only written.
      if (index % 100 === 0) {
        load.file = { path };
        reported += analytic.process(load).length;
      }
    }
    expect(analytic.stateKeys()).toBeLessThanOrEqual(2_000);
    expect(reported).toBe(10_000);
  });
});
