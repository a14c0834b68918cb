/**
 * A library planted in the Windows system folders and loaded by a Windows service: DLL search-
 * order hijacking (T1574.001), the way a service that looks for a DLL Windows does not ship
 * (`wlbsctrl.dll` for IKEEXT, `wbemcomn.dll`, `tsmsisrv.dll`…) or that searches a folder an
 * attacker can write is made to run the attacker's code with the service's privileges.
 *
 * Every library Windows ships in `\Windows\System32` and `\Windows\SysWOW64` is signed (by
 * signature or catalogue), and Sysmon's image-load record (event 7) says whether the loaded file
 * is. A service host (svchost, services, the WMI provider host, the task host, dllhost,
 * spoolsv, lsass, winlogon) running from the system folder that loads an unsigned library from
 * the system folder itself (printer drivers and the driver store, which vendors fill, excepted)
 * is reported, once per host and library. When the same library was written shortly before
 * (Sysmon 11), the writer is named and the confidence is higher: over the network by `System`
 * (an admin share), or by a script host.
 *
 * State: the libraries written to the system folders (at most `limits.keys`, by host and path)
 * and the findings already reported (at most `limits.keys`), least recently used forgotten first.
 */
import type { Alert, Event } from '../../core/index.js';
import { BoundedMap } from '../../core/index.js';
import { type AnalyticOptions, type BehaviourAnalytic, findingAlert, hostOf, limitsOf, timeOf } from './analytic.js';
import { programName } from './program-name.js';
import { ReportedIdentities } from './report-once.js';

const systemFolder = /^[a-z]:\\windows\\(?:system32|syswow64)\\/i;
/** Vendor-filled folders under the system folder: printer drivers and the driver store. */
const vendorFolder = /\\(?:spool|driverstore|drivers)\\/i;
const serviceHosts = new Set([
  'svchost.exe',
  'services.exe',
  'wmiprvse.exe',
  'taskhostw.exe',
  'dllhost.exe',
  'spoolsv.exe',
  'lsass.exe',
  'winlogon.exe',
]);
const writeWindow = 24 * 60 * 60_000;

const isSystemLibrary = (path: string) =>
  systemFolder.test(path) && !vendorFolder.test(path) && /\.(?:dll|cpl|ocx)$/i.test(path);

export function createPlantedLibraryAnalytic(options: AnalyticOptions = {}): BehaviourAnalytic {
  const limits = limitsOf(options);
  const written = new BoundedMap<string, { time: number; writer: string; eventId: string }>(limits.keys);
  const reported = new ReportedIdentities(limits.keys);
  const id = 'analytic:planted-library';
  return {
    id,
    process(event: Event): Alert[] {
      const path = event.file?.path;
      if (path === undefined || event.origin.format !== 'windows-json') return [];
      const host = hostOf(event) ?? '';
      const time = timeOf(event);
      if (event.action === 'file-created' && isSystemLibrary(path)) {
        written.set(`${host}|${path.toLowerCase()}`, {
          time,
          writer: event.process?.executable ?? event.process?.name ?? 'an unnamed process',
          eventId: event.id,
        });
        return [];
      }
      if (event.action !== 'image-loaded' || String(event.fields.Signed).toLowerCase() !== 'false') return [];
      const loader = event.process?.executable;
      if (loader === undefined || !systemFolder.test(loader) || !serviceHosts.has(programName(loader) ?? '')) return [];
      if (!isSystemLibrary(path)) return [];
      const key = `${host}|${path.toLowerCase()}`;
      if (!reported.first(key)) return [];
      const write = written.peek(key);
      const planted = write !== undefined && Number.isFinite(time) && time - write.time <= writeWindow;
      return [
        findingAlert(
          {
            analytic: id,
            title: 'Windows service loaded an unsigned library from the system folder',
            severity: 'high',
            confidence: planted ? 0.8 : 0.65,
            techniques: ['T1574.001'],
            timestamp: event.timestamp,
            eventIds: planted ? [write.eventId, event.id] : [event.id],
            identity: [host, path.toLowerCase()],
            reason: `on ${host || 'its host'}: ${loader} loaded ${path}, which is not signed (every library Windows ships there is)${
              planted
                ? `; ${write.writer} wrote it ${Math.max(0, Math.round((time - write.time) / 1000))} s before${/^system$/i.test(write.writer) ? ' (System writes files that arrive over an SMB share)' : ''}`
                : ''
            }`,
          },
          options.attack,
        ),
      ];
    },
    stateKeys() {
      return written.size + reported.size;
    },
    flush() {
      written.clear();
      reported.clear();
      return [];
    },
  };
}
