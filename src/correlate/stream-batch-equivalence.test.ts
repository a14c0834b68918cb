import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';
import type { Alert, Event } from '../core/index.js';
import { createDetector, loadRules } from '../detect/index.js';
import { readEvents } from '../ingest/index.js';
import { IndicatorIndex, importIntel, matchesToAlert } from '../intel/index.js';
import { buildIncident } from './build-incident.js';
import { correlateWithExplanations } from './correlate-alerts.js';
import { linkFactOf } from './link-facts.js';
import { StreamingCorrelator } from './streaming-correlator.js';

const repository = (path: string) => fileURLToPath(new URL(`../../${path}`, import.meta.url));

/** The demo story's logs (Windows and Zeek), merged in time order as a live feed would deliver them. */
async function demoFeed(): Promise<Event[]> {
  const events: Event[] = [];
  for await (const batch of readEvents([repository('examples/demo/logs')], {})) events.push(...batch.events);
  return events.sort((left, right) => left.timestamp.localeCompare(right.timestamp) || left.id.localeCompare(right.id));
}

describe('batch and streaming correlation on the demo story', () => {
  it('give the same incidents and explanations', async () => {
    const events = await demoFeed();
    const rules = await loadRules([repository('rules')]);
    const intel = await importIntel([repository('examples/demo/intel')]);
    const indicators = new IndicatorIndex();
    indicators.add(intel.indicators);
    const eventsById = new Map(events.map((event) => [event.id, event]));
    const detect = (detector: ReturnType<typeof createDetector>, event: Event): Alert[] => {
      const alerts = detector.process(event);
      const found = indicators.match(event);
      if (found.length > 0) alerts.push(matchesToAlert(event, found));
      return alerts;
    };
    const eventsOf = (alert: Alert) => alert.eventIds.flatMap((id) => eventsById.get(id) ?? []);

    const batchDetector = createDetector(rules);
    const alerts = events.flatMap((event) => detect(batchDetector, event));
    alerts.push(...batchDetector.flush());
    const facts = events.flatMap((event) => linkFactOf(event) ?? []);
    const batch = correlateWithExplanations(alerts, eventsById, {}, facts);

    const streamDetector = createDetector(rules);
    const streaming = new StreamingCorrelator();
    const sizes: number[] = [];
    for (const event of events) {
      streaming.pushEvent(event);
      for (const alert of detect(streamDetector, event)) streaming.pushAlert(alert, eventsOf(alert));
      sizes.push(streaming.groups().length);
    }
    for (const alert of streamDetector.flush()) streaming.pushAlert(alert, eventsOf(alert));
    streaming.flush();
    const streamed = streaming.groups().map((group) => ({
      incident: buildIncident(group, eventsById),
      explanation: group.explanation,
    }));

    expect(alerts.length).toBeGreaterThan(10);
    expect(streaming.lateAlerts).toBe(0);
    expect(streamed).toEqual(batch);
    // incidents appeared while the feed was running, not only at the end
    expect(sizes.some((size) => size > 0)).toBe(true);
    expect(batch).toHaveLength(1);
  });
});
