import type { Tlp } from '../../core/index.js';
import { emptyIntelImport, type IntelImport } from '../import/intel-import.js';
import { mispEventToIndicators, unwrapMispEvents } from './misp-event-to-indicators.js';

/** Imports a MISP JSON document (one event, a list, or a restSearch response). */
export function importMispDocument(
  document: unknown,
  source: string,
  feedName?: string,
  options: { unmarkedTlp?: Tlp } = {},
): IntelImport {
  const result = emptyIntelImport();
  const events = unwrapMispEvents(document);
  if (events.length === 0) {
    result.rejected.push({ source, reason: 'no MISP event found (expected {"Event": …} or {"response": […]})' });
    return result;
  }
  events.forEach((event, index) => {
    try {
      const conversion = mispEventToIndicators(event, feedName, options);
      result.objects += conversion.attributes;
      result.indicators.push(...conversion.indicators);
      result.sightings.push(...conversion.sightings);
      result.withdrawn.push(...conversion.withdrawn);
      for (const problem of conversion.problems) {
        result.rejected.push({
          source,
          ...(problem.objectId ? { objectId: problem.objectId } : {}),
          position: `${events.length > 1 ? `events[${index}].` : ''}${problem.position}`,
          reason: problem.reason,
        });
      }
    } catch (error) {
      const uuid = (event as { uuid?: unknown }).uuid;
      result.rejected.push({
        source,
        ...(typeof uuid === 'string' ? { objectId: uuid } : {}),
        position: `events[${index}]`,
        reason: `invalid MISP event: ${error instanceof Error ? error.message : String(error)}`,
      });
    }
  });
  return result;
}
