/**
 * A MISP feed as MISP's own feed generator writes it, so a MISP instance can subscribe to Vigil:
 * one `<event uuid>.json` per event (`{"Event": …}`), `manifest.json` (per event uuid: Orgc with
 * name and uuid, Tag, info, date, analysis, threat_level_id, timestamp) and `hashes.csv` (one line
 * `md5(value),event uuid` per attribute value, each part of a composite `a|b` value on its own).
 */
import { createHash } from 'node:crypto';

interface FeedEvent {
  Event: Record<string, unknown>;
}

const md5 = (text: string) => createHash('md5').update(text, 'utf8').digest('hex');
const numberOf = (value: unknown) => (typeof value === 'string' && /^\d+$/.test(value) ? Number(value) : value);

/** File name → content of a feed folder holding `events`. */
export function mispFeedFiles(events: readonly FeedEvent[]): Map<string, string> {
  const files = new Map<string, string>();
  const manifest: Record<string, unknown> = {};
  const hashes: string[] = [];
  for (const { Event: event } of events) {
    const uuid = String(event.uuid);
    if (!/^[0-9a-f-]{36}$/i.test(uuid)) throw new RangeError(`a feed event needs a uuid, not ${uuid}`);
    files.set(`${uuid}.json`, `${JSON.stringify({ Event: event }, null, 2)}\n`);
    manifest[uuid] = {
      Orgc: event.Orgc,
      Tag: event.Tag ?? [],
      info: event.info,
      date: event.date,
      analysis: numberOf(event.analysis),
      threat_level_id: numberOf(event.threat_level_id),
      timestamp: numberOf(event.timestamp),
    };
    const attributes = [
      ...((event.Attribute as { type: string; value: string }[] | undefined) ?? []),
      ...((event.Object as { Attribute?: { type: string; value: string }[] }[] | undefined) ?? []).flatMap(
        (object) => object.Attribute ?? [],
      ),
    ];
    for (const attribute of attributes) {
      const parts = attribute.type.includes('|') ? attribute.value.split('|') : [attribute.value];
      for (const part of parts) hashes.push(`${md5(part)},${uuid}`);
    }
  }
  files.set('manifest.json', `${JSON.stringify(manifest, null, 2)}\n`);
  files.set('hashes.csv', hashes.length > 0 ? `${hashes.join('\n')}\n` : '');
  return files;
}
