/**
 * Indicator hits with repeats folded: an incident's hits are one per matching event, so a C2
 * address seen in 60 connections is 60 hits. Folded, it is one line per indicator and value with
 * the number of events and the first of them, for the console and the case report alike.
 */
import { z } from 'zod';
import { type IndicatorHit, indicatorHitSchema } from '../core/index.js';

/** At most this many event ids kept per folded hit (the count says how many there were). */
const citedEvents = 20;

export const foldedIndicatorHitSchema = indicatorHitSchema.omit({ eventId: true }).extend({
  count: z.number().int().min(1),
  /** The first matching events, in the order the hits were recorded (at most 20). */
  eventIds: z.array(z.string()),
});
export type FoldedIndicatorHit = z.infer<typeof foldedIndicatorHitSchema>;

export function foldIndicatorHits(hits: readonly IndicatorHit[]): FoldedIndicatorHit[] {
  const folds = new Map<string, FoldedIndicatorHit>();
  for (const { eventId, ...hit } of hits) {
    const key = `${hit.indicatorId}\n${hit.value.toLowerCase()}`;
    const fold = folds.get(key);
    if (fold === undefined) {
      folds.set(key, { ...hit, count: 1, eventIds: [eventId] });
      continue;
    }
    if (fold.eventIds.includes(eventId)) continue;
    fold.count += 1;
    if (fold.eventIds.length < citedEvents) fold.eventIds.push(eventId);
  }
  return [...folds.values()].sort((left, right) => right.count - left.count);
}
