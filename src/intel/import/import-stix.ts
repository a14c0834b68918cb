import { basename } from 'node:path';
import { scanJsonBundle } from '../stix/scan-json-bundle.js';
import { type StixObject, validateStixObject } from '../stix/stix-object.js';
import { stixToIndicators } from '../stix/stix-to-indicators.js';
import { emptyIntelImport, type IntelImport } from './intel-import.js';

/**
 * Imports one STIX document (bundle, TAXII envelope, single object or array)
 * read as text chunks. Every object is validated on its own; invalid ones are
 * rejected with their id and position, the rest kept. Relaxed (not strict) reads
 * objects without spec_version as 2.1 unless the bundle declares another version.
 * Sightings of indicators are counted.
 */
export async function importStixDocument(
  chunks: AsyncIterable<string> | Iterable<string>,
  source: string,
  options: { strict?: boolean; maxObjectBytes?: number } = {},
): Promise<IntelImport> {
  const result = emptyIntelImport();
  let accepted: StixObject[] = [];
  const versionAssumed = new Set<StixObject>();
  for await (const item of scanJsonBundle(chunks, options.maxObjectBytes)) {
    if (item.kind === 'header') {
      const header = item.value as { spec_version?: unknown } | null;
      if (header?.spec_version !== undefined && header.spec_version !== '2.1') {
        const version = JSON.stringify(header.spec_version);
        result.rejected.push({ source, reason: `bundle spec_version ${version}: only STIX 2.1 is read` });
        for (const object of versionAssumed) {
          result.rejected.push({ source, objectId: object.id, reason: `no spec_version in a ${version} bundle` });
        }
        accepted = accepted.filter((object) => !versionAssumed.has(object));
      }
      continue;
    }
    const position = `objects[${item.index}]`;
    if (item.kind === 'invalid-object') {
      result.rejected.push({
        source,
        position,
        ...(item.objectId ? { objectId: item.objectId } : {}),
        reason: item.reason,
      });
      continue;
    }
    const validated = validateStixObject(item.value, { assumeSpecVersion: !options.strict });
    if (!validated.ok) {
      const { objectId, reason } = validated.error;
      result.rejected.push({ source, position, ...(objectId ? { objectId } : {}), reason });
      continue;
    }
    accepted.push(validated.value);
    if (validated.value.spec_version === undefined) versionAssumed.add(validated.value);
  }
  const { indicators, problems } = stixToIndicators(accepted, `stix:${basename(source)}`);
  for (const problem of problems) result.rejected.push({ source, objectId: problem.objectId, reason: problem.reason });
  const indicatorIds = new Set(indicators.map((indicator) => indicator.id));
  for (const object of accepted) {
    if (object.type !== 'sighting' || !indicatorIds.has(String(object.sighting_of_ref))) continue;
    result.sightings.push({
      indicatorId: String(object.sighting_of_ref),
      count: typeof object.count === 'number' ? object.count : 1,
      ...(typeof object.last_seen === 'string' ? { lastSeen: object.last_seen } : {}),
    });
  }
  result.objects = accepted.length;
  result.indicators = indicators;
  result.stixObjects = accepted;
  return result;
}
