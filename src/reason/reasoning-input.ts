/** Types the reasoning stages read, re-exported from core. */
import type { IndicatorHit } from '../core/index.js';

export type { Alert, Event, Incident } from '../core/index.js';

/** One indicator that matched one event of the incident (the incident's `indicatorHits` artifact). */
export type IndicatorMatchSummary = IndicatorHit;

/** A multi-observation STIX pattern that matched across the incident's events. */
export interface PatternMatchSummary {
  indicatorId: string;
  source: string;
  confidence: number;
  pattern: string;
  eventIds: string[];
}
