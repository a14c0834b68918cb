import { describe, expect, it } from 'vitest';
import type { Event } from '../../core/index.js';
import { createDeviceCaptureAnalytic, deviceUse } from './device-capture.js';
import { at, windowsEvent } from './test-events.js';

// Written from ATT&CK T1123 (Audio Capture) and T1125 (Video Capture) and from how Windows records
// device use per desktop program (the capability access manager's consent store), not from any
// recording: the program is named in the key, the writer is the service.
const start = '2025-05-12T14:00:00Z';
const store = 'HKLM\\SOFTWARE\\Microsoft\\Windows\\CurrentVersion\\CapabilityAccessManager\\ConsentStore';
const userStore =
  'HKU\\S-1-5-21-1004336348-1177238915-682003330-1104\\Software\\Microsoft\\Windows\\CurrentVersion\\CapabilityAccessManager\\ConsentStore';
const keyOf = (base: string, device: string, program: string) =>
  `${base}\\${device}\\NonPackaged\\${program.replaceAll('\\', '#')}\\LastUsedTimeStart`;

let offset = 0;
const registryWrite = (key: string, host = 'ws12', code = '13'): Event => {
  offset += 1_000;
  return windowsEvent(
    at(start, offset),
    code,
    host,
    { TargetObject: key, EventType: 'SetValue', Details: 'QWORD (0x01d9e2a4-0x5c3b1f00)' },
    {
      category: ['registry'],
      action: 'registry-value-set',
      process: { pid: 1340, executable: 'C:\\Windows\\system32\\svchost.exe', name: 'svchost.exe' },
      registry: { key, data: 'QWORD (0x01d9e2a4-0x5c3b1f00)' },
    },
  );
};

const run = (events: Event[]) => {
  const analytic = createDeviceCaptureAnalytic();
  return events.flatMap((event) => analytic.process(event));
};

describe('device capture by programs that do not record', () => {
  it('reads the device and program from a consent-store key, and nothing from other keys under it', () => {
    expect(
      deviceUse(keyOf(store, 'microphone', 'C:\\Windows\\System32\\WindowsPowerShell\\v1.0\\powershell.exe')),
    ).toEqual({
      device: 'microphone',
      program: 'C:\\Windows\\System32\\WindowsPowerShell\\v1.0\\powershell.exe',
    });
    expect(deviceUse(`${userStore}\\microphone\\NonPackaged\\Value`)).toBeUndefined();
    expect(
      deviceUse(`${store}\\microphone\\Microsoft.WindowsSoundRecorder_8wekyb3d8bbwe\\LastUsedTimeStart`),
    ).toBeUndefined();
    expect(deviceUse(`${store}\\location\\NonPackaged\\C:#Tools#gps.exe`)).toBeUndefined();
    expect(deviceUse('HKLM\\SOFTWARE\\Microsoft\\Windows\\CurrentVersion\\Run\\Updater')).toBeUndefined();
  });

  it('reports a script host using the microphone (T1123) and a downloaded program using the webcam (T1125), each once', () => {
    const alerts = run([
      registryWrite(
        keyOf(store, 'microphone', 'C:\\Windows\\System32\\WindowsPowerShell\\v1.0\\powershell.exe'),
        'ws12',
        '12',
      ),
      registryWrite(keyOf(store, 'microphone', 'C:\\Windows\\System32\\WindowsPowerShell\\v1.0\\powershell.exe')),
      registryWrite(
        keyOf(store, 'microphone', 'C:\\Windows\\System32\\WindowsPowerShell\\v1.0\\powershell.exe').replace(
          'LastUsedTimeStart',
          'LastUsedTimeStop',
        ),
      ),
      registryWrite(keyOf(userStore, 'webcam', 'C:\\Users\\dana\\AppData\\Local\\Temp\\svc_update.exe')),
    ]);
    expect(alerts.map((alert) => [alert.techniques, alert.severity])).toEqual([
      [['T1123'], 'high'],
      [['T1125'], 'high'],
    ]);
    expect(alerts[0]!.tactics).toContain('collection');
    expect(alerts[0]!.description).toContain('powershell.exe');
    expect(alerts[1]!.description).toContain('download or temporary folder');
  });

  it('reports the same program again on another host', () => {
    const program = 'C:\\Windows\\System32\\rundll32.exe';
    expect(
      run([
        registryWrite(keyOf(store, 'microphone', program), 'ws12'),
        registryWrite(keyOf(store, 'microphone', program), 'ws13'),
      ]),
    ).toHaveLength(2);
  });

  it('does not report installed conferencing, browser or dictation software, nor app packages', () => {
    const alerts = run([
      registryWrite(
        keyOf(userStore, 'microphone', 'C:\\Users\\dana\\AppData\\Local\\Microsoft\\Teams\\current\\Teams.exe'),
      ),
      registryWrite(keyOf(userStore, 'webcam', 'C:\\Users\\dana\\AppData\\Roaming\\Zoom\\bin\\Zoom.exe')),
      registryWrite(keyOf(store, 'microphone', 'C:\\Program Files\\Google\\Chrome\\Application\\chrome.exe')),
      registryWrite(keyOf(store, 'webcam', 'C:\\Program Files (x86)\\Microsoft\\Edge\\Application\\msedge.exe')),
      registryWrite(keyOf(store, 'microphone', 'C:\\Program Files\\Nuance\\Dragon\\natspeak.exe')),
      registryWrite(`${store}\\microphone\\Microsoft.WindowsSoundRecorder_8wekyb3d8bbwe\\LastUsedTimeStart`),
      registryWrite(`${userStore}\\webcam\\NonPackaged\\Value`),
    ]);
    expect(alerts).toEqual([]);
  });

  it('keeps its state bounded with a million distinct programs, and still reports', () => {
    const analytic = createDeviceCaptureAnalytic({ limits: { keys: 1_000 } });
    const base = registryWrite(keyOf(store, 'microphone', 'C:\\Program Files\\App\\app.exe'));
    let reported = 0;
    for (let index = 0; index < 1_000_000; index++) {
      // Every hundredth in a temporary folder (reported), the rest installed (read, never kept).
      const folder = index % 100 === 0 ? 'C:#Users#Public' : 'C:#Program Files#App';
      const key = `${store}\\microphone\\NonPackaged\\${folder}#r${index}.exe\\LastUsedTimeStart`;
      reported += analytic.process({ ...base, registry: { key } }).length;
      if (index % 100_000 === 0) expect(analytic.stateKeys()).toBeLessThanOrEqual(1_000);
    }
    expect(analytic.stateKeys()).toBe(1_000);
    expect(reported).toBe(10_000);
  });
});
