/**
 * Mass renaming or rewriting of files like ransomware: one process on one host writes, within 5
 * minutes, at least 50 files across at least 3 folders that carry one and the same extension
 * appended after a document, image or archive extension (`report.docx.locked`), the mark of
 * encryption in place. Ransom notes (one name such as `README…`, `DECRYPT…`, `HOW_TO…`
 * written into many folders) raise confidence. A backup writes copies under their own names or
 * into archives; an update or a build writes many files of many extensions: neither qualifies.
 * State: per (host, process) one 5-minute window with capped sets (folders 64, notes 16), counts
 * per appended extension capped at 32 extensions; at most `limits.keys` keys.
 */
import type { Alert, Event } from '../../core/index.js';
import { BoundedMap } from '../../core/index.js';
import {
  type AnalyticOptions,
  type BehaviourAnalytic,
  CappedSet,
  EvidenceSample,
  findingAlert,
  hostOf,
  limitsOf,
  minute,
  timeOf,
} from './analytic.js';

const window = 5 * minute;
const minimumFiles = 50;
const minimumFolders = 3;
const userData =
  /\.(docx?|xlsx?|pptx?|pdf|txt|rtf|odt|ods|csv|jpe?g|png|gif|bmp|tiff?|mp4|mov|avi|mp3|wav|zip|7z|rar|tar|gz|sql|mdb|accdb|psd|dwg|xml|json|html?|bak|vmdk|vhdx?)\.([a-z0-9_-]{2,16})$/i;
const noteExtension = /\.(?:txt|html?|hta|rtf)$/i;
const noteWord = /readme|decrypt|restore|recover|how[_-]?to|ransom|instructions?/i;

interface Burst {
  start: number;
  byExtension: Map<string, number>;
  folders: CappedSet;
  notes: CappedSet;
  noteFolders: CappedSet;
  evidence: EvidenceSample;
  alerted: boolean;
}

/** A ransom-note name: a telling word before a text or HTML extension (two linear scans). */
function isRansomNote(name: string): boolean {
  const extension = noteExtension.exec(name);
  return extension !== null && noteWord.test(name.slice(0, extension.index));
}

function folderOf(path: string): string {
  const index = Math.max(path.lastIndexOf('\\'), path.lastIndexOf('/'));
  return index === -1 ? '' : path.slice(0, index).toLowerCase();
}

function nameOf(path: string): string {
  const index = Math.max(path.lastIndexOf('\\'), path.lastIndexOf('/'));
  return (index === -1 ? path : path.slice(index + 1)).toLowerCase();
}

export function createMassFileEncryptionAnalytic(options: AnalyticOptions = {}): BehaviourAnalytic {
  const limits = limitsOf(options);
  const bursts = new BoundedMap<string, Burst>(limits.keys);
  const id = 'analytic:mass-file-encryption';

  return {
    id,
    process(event: Event): Alert[] {
      const path =
        event.file?.path ?? (typeof event.fields.TargetFilename === 'string' ? event.fields.TargetFilename : undefined);
      if (path === undefined) return [];
      const host = hostOf(event);
      const time = timeOf(event);
      if (host === undefined || !Number.isFinite(time)) return [];
      const process =
        event.process?.entityId ?? event.process?.executable ?? event.process?.name ?? String(event.process?.pid ?? '');
      const key = `${host}|${process.toLowerCase()}`;
      let burst = bursts.get(key);
      if (burst === undefined || time - burst.start > window) {
        burst = {
          start: time,
          byExtension: new Map(),
          folders: new CappedSet(64),
          notes: new CappedSet(16),
          noteFolders: new CappedSet(64),
          evidence: new EvidenceSample(limits.evidence),
          alerted: false,
        };
        bursts.set(key, burst);
      }
      const name = nameOf(path);
      if (isRansomNote(name)) {
        burst.notes.add(name);
        burst.noteFolders.add(folderOf(path));
        burst.evidence.add(event.id);
        return [];
      }
      const appended = userData.exec(name)?.[2]?.toLowerCase();
      if (appended === undefined) return [];
      if (burst.byExtension.has(appended) || burst.byExtension.size < 32)
        burst.byExtension.set(appended, (burst.byExtension.get(appended) ?? 0) + 1);
      burst.folders.add(folderOf(path));
      burst.evidence.add(event.id);
      const count = burst.byExtension.get(appended) ?? 0;
      if (burst.alerted || count < minimumFiles || burst.folders.size < minimumFolders) return [];
      burst.alerted = true;
      const notes = burst.noteFolders.size >= minimumFolders;
      const who = event.process?.executable ?? event.process?.name ?? 'one process';
      return [
        findingAlert(
          {
            analytic: id,
            title: 'Mass file encryption: many files rewritten with one appended extension',
            severity: 'critical',
            confidence: notes ? 0.9 : 0.75,
            techniques: ['T1486'],
            tactics: ['impact'],
            timestamp: event.timestamp,
            eventIds: burst.evidence.ids(),
            reason: `${who} on ${host} wrote ${count} files ending in .${appended} after their own extension across ${burst.folders.size} folders within ${Math.max(1, Math.round((time - burst.start) / 1000))} s${notes ? `, and ransom-note-like files (${burst.notes.values().slice(0, 3).join(', ')}) in ${burst.noteFolders.size} folders` : ''}`,
          },
          options.attack,
        ),
      ];
    },
    stateKeys() {
      return bursts.size;
    },
    flush() {
      bursts.clear();
      return [];
    },
  };
}
