/**
 * Streaming correlation: events and alerts arrive as ingest and detection produce them (not
 * quite in time order: files interleave, correlation rules emit late). Items wait in a small
 * buffer until the watermark (newest event time − `allowedLatenessMs`) passes them, and are then
 * released in exactly the order batch correlation uses, so the same input gives the same
 * incidents. Alerts later than the allowance are still added (as if they happened at release)
 * and counted in `lateAlerts`.
 */
import type { Alert, Event } from '../core/index.js';
import { type AlertGroup, type CorrelatorOptions, IncidentCorrelator } from './incident-correlator.js';
import { type LinkFact, linkFactOf } from './link-facts.js';

export interface StreamingCorrelatorOptions extends CorrelatorOptions {
  /** How long items wait for earlier ones (ms). Default 5 min. */
  allowedLatenessMs?: number;
}

type Pending = { time: number; fact: LinkFact } | { time: number; alert: Alert; events: readonly Event[] };

const order = (left: Pending, right: Pending): number => {
  if (left.time !== right.time) return left.time - right.time;
  const leftFact = 'fact' in left;
  const rightFact = 'fact' in right;
  if (leftFact !== rightFact) return leftFact ? -1 : 1;
  if ('fact' in left && 'fact' in right) return left.fact.eventId.localeCompare(right.fact.eventId);
  if ('alert' in left && 'alert' in right) return left.alert.id.localeCompare(right.alert.id);
  return 0;
};

export class StreamingCorrelator {
  readonly correlator: IncidentCorrelator;
  private readonly allowedLatenessMs: number;
  private pending: Pending[] = [];
  private watermark = Number.NEGATIVE_INFINITY;
  private released = Number.NEGATIVE_INFINITY;
  lateAlerts = 0;

  constructor(options: StreamingCorrelatorOptions = {}) {
    this.correlator = new IncidentCorrelator(options);
    this.allowedLatenessMs = options.allowedLatenessMs ?? 5 * 60_000;
  }

  /** Feeds one ingested event (for its link facts); returns the ids of alerts released by the watermark. */
  pushEvent(event: Event): string[] {
    const fact = linkFactOf(event);
    const time = Date.parse(event.timestamp);
    if (fact) this.pending.push({ time: fact.time, fact });
    if (time - this.allowedLatenessMs > this.watermark) this.watermark = time - this.allowedLatenessMs;
    return this.release(this.watermark);
  }

  /** Feeds one alert with its events; it is released once the watermark passes it. */
  pushAlert(alert: Alert, events: readonly Event[]): string[] {
    this.pending.push({ time: Date.parse(alert.timestamp), alert, events });
    return this.release(this.watermark);
  }

  /** Releases everything still waiting (end of input); returns the released alert ids. */
  flush(): string[] {
    return this.release(Number.POSITIVE_INFINITY);
  }

  private release(until: number): string[] {
    if (this.pending.length === 0) return [];
    const ready = this.pending.filter((item) => item.time <= until).sort(order);
    if (ready.length === 0) return [];
    this.pending = this.pending.filter((item) => item.time > until);
    const releasedAlerts: string[] = [];
    for (const item of ready) {
      if ('fact' in item) {
        this.correlator.observeFact(item.fact);
        continue;
      }
      if (item.time < this.released) {
        this.lateAlerts += 1;
        this.correlator.addLate(item.alert, item.events);
      } else {
        this.released = item.time;
        this.correlator.add(item.alert, item.events);
      }
      releasedAlerts.push(item.alert.id);
    }
    return releasedAlerts;
  }

  groups(): AlertGroup[] {
    return this.correlator.groups();
  }
}
