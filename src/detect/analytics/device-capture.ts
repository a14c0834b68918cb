/**
 * A microphone or camera used by a program that has no business recording: Windows' capability
 * access manager writes, for every desktop (non-packaged) program that opens the microphone or
 * the webcam, a registry key named after the program's path under
 * `…\CapabilityAccessManager\ConsentStore\<microphone|webcam>\NonPackaged\` (the path with `#`
 * for `\`), with the times of use in its `LastUsedTimeStart`/`LastUsedTimeStop` values. The key
 * is written by the service on the program's behalf, so it names the program whatever process
 * wrote it; Sysmon 12/13/14 and Security 4657/4663 record it.
 *
 * Conferencing, dictation and recording software is installed (Program Files, an app package, a
 * per-user install under AppData) and uses these devices every day. A script host or system
 * proxy program (PowerShell, cmd, wscript, mshta, rundll32, regsvr32…) opening the device is an
 * implant's recording module or a script's, and so is a program run from a download or
 * temporary folder: T1123 Audio Capture (microphone), T1125 Video Capture (webcam). Reported
 * once per host, device and program. State: the findings already reported, at most `limits.keys`,
 * least recently used forgotten first.
 */
import type { Alert, Event } from '../../core/index.js';
import { type AnalyticOptions, type BehaviourAnalytic, findingAlert, hostOf } from './analytic.js';
import { isBroughtIn } from './brought-in-program.js';
import { programName } from './program-name.js';
import { clipped, reportingOnce } from './report-once.js';

const devices: Record<string, { technique: string; what: string }> = {
  microphone: { technique: 'T1123', what: 'the microphone' },
  webcam: { technique: 'T1125', what: 'the webcam' },
};

/** Programs that run scripts or other programs' code: none of them records on its own. */
const scriptHosts = new Set([
  'powershell.exe',
  'pwsh.exe',
  'powershell_ise.exe',
  'cmd.exe',
  'wscript.exe',
  'cscript.exe',
  'mshta.exe',
  'rundll32.exe',
  'regsvr32.exe',
  'msbuild.exe',
  'installutil.exe',
  'regasm.exe',
  'regsvcs.exe',
  'python.exe',
  'pythonw.exe',
  'wmic.exe',
  'cmstp.exe',
]);

const marker = '\\capabilityaccessmanager\\consentstore\\';
const nonPackaged = '\\nonpackaged\\';

/** The device and program a consent-store key names, when it names a desktop program. */
export function deviceUse(key: string): { device: string; program: string } | undefined {
  const lower = key.toLowerCase();
  const at = lower.indexOf(marker);
  if (at < 0) return undefined;
  const rest = lower.slice(at + marker.length);
  const deviceEnd = rest.indexOf('\\');
  if (deviceEnd < 0) return undefined;
  const device = rest.slice(0, deviceEnd);
  if (!(device in devices) || !rest.startsWith(nonPackaged, deviceEnd)) return undefined;
  const name = key.slice(at + marker.length + deviceEnd + nonPackaged.length).split('\\', 1)[0]!;
  // A program's subkey is its path with `#` for `\` (`C:#Windows#…#powershell.exe`); other
  // entries under NonPackaged (`Value`, the user's setting) are not programs.
  if (!name.includes('#')) return undefined;
  return { device, program: name.replaceAll('#', '\\') };
}

export function createDeviceCaptureAnalytic(options: AnalyticOptions = {}): BehaviourAnalytic {
  const id = 'analytic:device-capture';
  return reportingOnce(id, options, (event: Event, first): Alert[] => {
    const key = event.registry?.key;
    if (key === undefined) return [];
    const use = deviceUse(key);
    if (!use) return [];
    const host = hostOf(event) ?? '';
    const program = programName(use.program) ?? '';
    const scripted = scriptHosts.has(program);
    if (!scripted && !isBroughtIn(use.program)) return [];
    const identity = `${host}|${use.device}|${use.program.toLowerCase()}`;
    if (!first(identity)) return [];
    const device = devices[use.device]!;
    return [
      findingAlert(
        {
          analytic: id,
          title: `${scripted ? 'Script host or system proxy program' : 'Program run from a download or temporary folder'} used ${device.what}`,
          severity: 'high',
          confidence: scripted ? 0.75 : 0.7,
          techniques: [device.technique],
          tactics: ['collection'],
          timestamp: event.timestamp,
          eventIds: [event.id],
          identity: [host, use.device, use.program.toLowerCase()],
          reason: `on ${host || 'its host'}: Windows recorded that ${use.program} used ${device.what} (consent-store key ${clipped(key)}); ${
            scripted
              ? `${program} runs scripts or other programs' code and records nothing on its own`
              : 'the program runs from a download or temporary folder, not from an installation'
          }`,
        },
        options.attack,
      ),
    ];
  });
}
