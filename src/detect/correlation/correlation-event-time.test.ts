/**
 * Correlation windows in event time: matches that arrive out of order by at most the allowed
 * lateness give exactly the alerts of time order (the same events, whatever order two workers
 * interleave a host's sources in); a match later than that is left out of the window, counted per
 * correlation and reported, and the windows of the matches that arrived in time are unchanged.
 */
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import type { Event } from '../../core/index.js';
import { createDetector } from '../detector.js';
import { windowsEvent } from '../test-support/make-event.js';
import { rulesFromText } from '../test-support/rules-from-text.js';

const rules = rulesFromText(`
title: Failed logon
id: failed-logon
name: failed_logon
logsource: {product: windows, service: security}
detection: {selection: {EventID: 4625}, condition: selection}
---
title: Success logon
id: success-logon
name: success_logon
logsource: {product: windows, service: security}
detection: {selection: {EventID: 4624}, condition: selection}
---
title: Guessing
id: guessing
correlation: {type: event_count, rules: [failed_logon], group-by: [TargetUserName], timespan: 1m, condition: {gte: 3}}
---
title: Spraying
id: spraying
correlation: {type: value_count, rules: [failed_logon], group-by: [IpAddress], timespan: 2m, condition: {field: TargetUserName, gte: 3}}
---
title: Guess then success
id: guess-then-success
correlation: {type: temporal_ordered, rules: [failed_logon, success_logon], group-by: [TargetUserName], timespan: 90s, generate: true}
---
title: Few logons
id: few
correlation: {type: event_count, rules: [success_logon], group-by: [TargetUserName], timespan: 5m, condition: {lt: 2}}
`);

const start = Date.UTC(2024, 0, 1);
const lateness = 30_000;

/** A logon: failure or success, one of three users from one of two addresses, at a time in ms after the start. */
const logonArbitrary = fc.record({
  success: fc.boolean(),
  user: fc.constantFrom('alice', 'bob', 'carol'),
  address: fc.constantFrom('10.0.0.7', '10.0.0.9'),
  time: fc.integer({ min: 0, max: 20 * 60_000 }),
  /** How late it arrives: at most the allowed lateness behind its own time. */
  delay: fc.integer({ min: 0, max: lateness - 1 }),
});
interface Logon {
  success: boolean;
  user: string;
  address: string;
  time: number;
  delay: number;
}

function eventOf(logon: Logon, index: number): Event {
  const event = windowsEvent(
    'Security',
    logon.success ? 4624 : 4625,
    { TargetUserName: logon.user, IpAddress: logon.address, Sequence: index },
    new Date(start + logon.time).toISOString(),
  );
  return { ...event, id: `event-${String(index).padStart(4, '0')}` };
}

/** Every alert of the events in this order, as `rule event,event… @time`, sorted (the set, not the emission order). */
function alertsOf(events: readonly Event[], allowedLatenessMs: number) {
  const detector = createDetector(rules, { correlation: { allowedLatenessMs } });
  const alerts = [...events.flatMap((event) => detector.process(event)), ...detector.flush()];
  return {
    alerts: alerts.map((alert) => `${alert.ruleId} ${[...alert.eventIds].sort().join(',')} @${alert.timestamp}`).sort(),
    late: Object.fromEntries(detector.lateMatches),
  };
}

const inTimeOrder = (events: readonly Event[]) =>
  [...events].sort((left, right) => left.timestamp.localeCompare(right.timestamp) || left.id.localeCompare(right.id));

describe('correlation windows in event time', () => {
  it('give the alerts of time order when arrival is shuffled within the allowed lateness', () => {
    fc.assert(
      fc.property(fc.array(logonArbitrary, { minLength: 1, maxLength: 60 }), (logons) => {
        const events = logons.map(eventOf);
        const expected = alertsOf(inTimeOrder(events), lateness);
        // Arrival order: each event at its own time plus its delay, so none arrives more than the lateness behind the newest.
        const arrival = logons
          .map((logon, index) => ({ at: logon.time + logon.delay, event: events[index] as Event }))
          .sort((left, right) => left.at - right.at)
          .map(({ event }) => event);
        const shuffled = alertsOf(arrival, lateness);
        expect(shuffled).toEqual(expected);
        expect(shuffled.late).toEqual({});
        // Time order needs no lateness: the same alerts are judged as they come.
        expect(alertsOf(inTimeOrder(events), 0).alerts).toEqual(expected.alerts);
      }),
      { numRuns: 200 },
    );
  });

  it('fires in time order whether the lateness is 0 or not, judging as matches come when it is 0', () => {
    const events = [0, 10, 20].map((second, index) =>
      eventOf({ success: false, user: 'bob', address: '10.0.0.9', time: second * 1_000, delay: 0 }, index),
    );
    const immediate = createDetector(rules);
    expect(events.flatMap((event) => immediate.process(event)).map((alert) => alert.ruleId)).toContain('guessing');
    const waiting = createDetector(rules, { correlation: { allowedLatenessMs: lateness } });
    expect(events.flatMap((event) => waiting.process(event)).map((alert) => alert.ruleId)).not.toContain('guessing');
    // A later event moves the watermark past the lateness: the window is judged then.
    const later = eventOf({ success: true, user: 'dave', address: '10.0.0.1', time: 60_000, delay: 0 }, 9);
    expect(waiting.process(later).map((alert) => alert.ruleId)).toContain('guessing');
  });

  it('leaves a match later than the allowed lateness out of its window, counts it, and keeps the in-time alerts', () => {
    const failures = [0, 10, 20, 100, 200].map((second, index) =>
      eventOf({ success: false, user: 'bob', address: '10.0.0.9', time: second * 1_000, delay: 0 }, index),
    );
    const inTime = alertsOf(failures, lateness);
    expect(inTime.alerts.filter((alert) => alert.startsWith('guessing '))).toHaveLength(1);
    // Two more failures of bob at 30 s and 35 s arrive after the one at 200 s: more than the 30 s
    // allowed behind it, and their groups have judged up to 100 s, so they are counted, not used.
    const late = [30, 35].map((second, index) =>
      eventOf({ success: false, user: 'bob', address: '10.0.0.9', time: second * 1_000, delay: 0 }, 10 + index),
    );
    const detector = createDetector(rules, { correlation: { allowedLatenessMs: lateness } });
    const alerts = [...[...failures, ...late].flatMap((event) => detector.process(event)), ...detector.flush()];
    // The late events still raise their own rule's alert; the correlation alerts are those of the in-time matches.
    expect(
      alerts.map((alert) => `${alert.ruleId} ${[...alert.eventIds].sort().join(',')} @${alert.timestamp}`).sort(),
    ).toEqual(
      [
        ...inTime.alerts,
        'failed-logon event-0010 @2024-01-01T00:00:30.000Z',
        'failed-logon event-0011 @2024-01-01T00:00:35.000Z',
      ].sort(),
    );
    // Each late match is counted once per correlation that would have used it.
    expect(Object.fromEntries(detector.lateMatches)).toEqual({ guessing: 2, spraying: 2, 'guess-then-success': 2 });
  });
});
