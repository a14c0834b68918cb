/**
 * Which NTFS stream a file event wrote, and whether that is data hidden in an alternate data
 * stream (T1564.004, NTFS File Attributes). A path names an alternate stream after a colon in its
 * last component (`notes.txt:payload.exe`); without one it is the file's own, unnamed data. Two
 * streams a download writes are not hiding anything, whatever a rule matching them tags:
 *   - the file's own data (Sysmon's stream-created event records the downloaded file itself,
 *     with its hashes, when a browser writes it);
 *   - `Zone.Identifier`, the Mark of the Web that Windows (browsers, mail and chat clients,
 *     archive tools: whatever calls the attachment manager) attaches to every file fetched from
 *     another zone, holding the zone and the address it came from.
 * Such a match shows a download. A stream of any other name is what T1564.004 is about.
 */
import type { Alert, Event } from '../../core/index.js';
import type { UnsupportedTag } from './tag-support.js';

const hiddenStream = 'T1564.004';
const markOfTheWeb = 'zone.identifier';

/** The stream a file event wrote: '' for the file's own data, the stream's name, or undefined when the event names no file. */
export function writtenStream(event: Event | undefined): string | undefined {
  if (!event?.category.includes('file')) return undefined;
  const path = event.file?.path ?? event.fields.TargetFilename;
  if (typeof path !== 'string' || path === '') return undefined;
  const name = path.slice(Math.max(path.lastIndexOf('\\'), path.lastIndexOf('/')) + 1);
  // A drive letter (`C:`) is not a stream: only a colon in the last component names one.
  const colon = name.indexOf(':');
  return colon === -1 ? '' : name.slice(colon + 1).toLowerCase();
}

/** Whether the event wrote a file's own data or its Mark of the Web: no data hidden in a stream. */
export function writesNoHiddenStream(event: Event | undefined): boolean {
  const stream = writtenStream(event);
  return stream === '' || stream === markOfTheWeb || stream === `${markOfTheWeb}:$data`;
}

/**
 * The alert's hidden-stream tag when every event it matched wrote a file's own data or its Mark
 * of the Web: that match shows a download, not data hidden in an alternate data stream.
 */
export function notHiddenStreamTags(
  alert: Alert,
  techniques: readonly string[],
  events: ReadonlyMap<string, Event>,
): UnsupportedTag[] {
  if (!techniques.includes(hiddenStream)) return [];
  const matched = alert.eventIds.slice(0, 50).map((id) => events.get(id));
  if (matched.length === 0 || !matched.every(writesNoHiddenStream)) return [];
  return [
    {
      technique: hiddenStream,
      reason: `"${alert.ruleTitle}" tags ${hiddenStream}, but the stream it matched is the file's own data or its Zone.Identifier (the Mark of the Web Windows writes on every downloaded file): it shows a download, not data hidden in an alternate data stream`,
    },
  ];
}
