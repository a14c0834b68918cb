/** Types the reasoning stages read, re-exported from core, plus the indicator-match summary. */
export type { Alert, Event, Incident } from '../core/index.js';

/** One indicator that matched one event of the incident. */
export interface IndicatorMatchSummary {
  eventId: string;
  indicatorId: string;
  source: string;
  confidence: number;
  field: string;
  value: string;
}

/** A multi-observation STIX pattern that matched across the incident's events. */
export interface PatternMatchSummary {
  indicatorId: string;
  source: string;
  confidence: number;
  pattern: string;
  eventIds: string[];
}
