import { describe, expect, it } from 'vitest';
import { createDetector } from '../detector.js';
import { windowsEvent } from '../test-support/make-event.js';
import { rulesFromText } from '../test-support/rules-from-text.js';

const base = `
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
`;

const at = (second: number) => new Date(Date.UTC(2024, 0, 1, 0, 0, second)).toISOString();
const logon = (eventId: number, second: number, fields: Record<string, unknown>) =>
  windowsEvent('Security', eventId, fields, at(second));

describe('correlation rules', () => {
  it('event_count fires once per group when the window holds enough matches', () => {
    const detector = createDetector(
      rulesFromText(`${base}---
title: Password guessing
id: guessing
level: high
tags: [attack.t1110]
correlation: {type: event_count, rules: [failed_logon], group-by: [TargetUserName], timespan: 10s, condition: {gte: 3}}
`),
    );
    const alerts = [
      ...detector.process(logon(4625, 0, { TargetUserName: 'bob' })),
      ...detector.process(logon(4625, 1, { TargetUserName: 'eve' })),
      ...detector.process(logon(4625, 2, { TargetUserName: 'bob' })),
      ...detector.process(logon(4625, 30, { TargetUserName: 'bob' })),
      ...detector.process(logon(4625, 31, { TargetUserName: 'bob' })),
      ...detector.process(logon(4625, 32, { TargetUserName: 'bob' })),
    ];
    expect(alerts).toHaveLength(1);
    expect(alerts[0]).toMatchObject({
      source: 'sigma-correlation',
      ruleId: 'guessing',
      techniques: ['T1110'],
      timestamp: at(32),
    });
    expect(alerts[0]?.eventIds).toHaveLength(3);
  });

  it('value_count counts distinct values and suppresses the base rule unless generate is set', () => {
    const detector = createDetector(
      rulesFromText(`${base}---
title: Spraying
id: spraying
correlation: {type: value_count, rules: [failed-logon], group-by: [IpAddress], timespan: 1m, condition: {field: TargetUserName, gte: 3}}
`),
    );
    const alerts = ['a', 'a', 'b', 'c'].flatMap((user, index) =>
      detector.process(logon(4625, index, { IpAddress: '10.0.0.9', TargetUserName: user })),
    );
    expect(alerts.map((alert) => alert.ruleId)).toEqual(['spraying']);
  });

  it('temporal_ordered needs the rules in order within the timespan', () => {
    const rules = rulesFromText(`${base}---
title: Guess then success
id: guess-then-success
correlation: {type: temporal_ordered, rules: [failed_logon, success_logon], group-by: [TargetUserName], timespan: 1m, generate: true}
`);
    const inOrder = createDetector(rules);
    inOrder.process(logon(4625, 0, { TargetUserName: 'bob' }));
    expect(inOrder.process(logon(4624, 5, { TargetUserName: 'bob' })).map((alert) => alert.ruleId)).toEqual([
      'success-logon',
      'guess-then-success',
    ]);
    const reversed = createDetector(rules);
    reversed.process(logon(4624, 0, { TargetUserName: 'bob' }));
    expect(reversed.process(logon(4625, 5, { TargetUserName: 'bob' })).map((alert) => alert.ruleId)).toEqual([
      'failed-logon',
    ]);
  });

  it('lt conditions are judged when the window closes or at flush', () => {
    const detector = createDetector(
      rulesFromText(`${base}---
title: Few logons
id: few
correlation: {type: event_count, rules: [success_logon], group-by: [TargetUserName], timespan: 10s, condition: {lt: 2}}
`),
    );
    expect(detector.process(logon(4624, 0, { TargetUserName: 'bob' }))).toEqual([]);
    expect(detector.process(logon(4624, 1, { TargetUserName: 'bob' }))).toEqual([]);
    expect(detector.process(logon(4624, 30, { TargetUserName: 'eve' }))).toEqual([]);
    expect(detector.flush().map((alert) => alert.ruleId)).toEqual(['few']);
    expect(detector.flush()).toEqual([]);
  });

  it('keeps state bounded', () => {
    const detector = createDetector(
      rulesFromText(`${base}---
title: Burst
id: burst
correlation: {type: event_count, rules: [failed_logon], group-by: [TargetUserName], timespan: 1h, condition: {gte: 2}}
`),
      { correlation: { maxGroups: 2 } },
    );
    detector.process(logon(4625, 0, { TargetUserName: 'a' }));
    detector.process(logon(4625, 1, { TargetUserName: 'b' }));
    detector.process(logon(4625, 2, { TargetUserName: 'c' }));
    expect(detector.process(logon(4625, 3, { TargetUserName: 'a' }))).toEqual([]);
    expect(detector.process(logon(4625, 4, { TargetUserName: 'c' }))).toHaveLength(1);
  });
  it('value_sum, value_avg and value_percentile aggregate a numeric field and skip non-numbers', () => {
    const correlate = (type: string, condition: string) =>
      createDetector(
        rulesFromText(`${base}---
title: Aggregate
id: aggregate
correlation: {type: ${type}, rules: [failed_logon], group-by: [IpAddress], timespan: 1m, condition: ${condition}}
`),
      );
    const feed = (detector: ReturnType<typeof createDetector>, sizes: unknown[], from = 0) =>
      sizes.flatMap((size, index) =>
        detector
          .process(logon(4625, from + index, { IpAddress: '10.0.0.9', Bytes: size }))
          .map((alert) => alert.ruleId),
      );
    expect(feed(correlate('value_sum', '{field: Bytes, gte: 100}'), [40, 'n/a', 50, 10])).toEqual(['aggregate']);
    expect(feed(correlate('value_sum', '{field: Bytes, gte: 100}'), [40, 'n/a', 50])).toEqual([]);
    const average = correlate('value_avg', '{field: Bytes, lt: 20}');
    expect(feed(average, [10, 20, 40])).toEqual([]);
    expect(average.flush().map((alert) => alert.ruleId)).toEqual([]);
    const lowAverage = correlate('value_avg', '{field: Bytes, lt: 20}');
    feed(lowAverage, [10, 20, 12]);
    expect(lowAverage.flush().map((alert) => alert.ruleId)).toEqual(['aggregate']);
    // Nearest rank: the 90th percentile of 1..8 is 8 (rank ceil(7.2)); of 1..9 it is 9 (rank ceil(8.1)).
    const percentile = correlate('value_percentile', '{field: Bytes, percentile: 90, gte: 9}');
    expect(feed(percentile, [1, 2, 3, 4, 5, 6, 7, 8])).toEqual([]);
    expect(feed(percentile, [9], 8)).toEqual(['aggregate']);
    expect(
      rulesFromText(`${base}---
title: No percentile
correlation: {type: value_percentile, rules: [failed_logon], timespan: 1m, condition: {field: Bytes, gt: 1}}
`).failed[0]?.error,
    ).toMatch(/percentile/);
  });
});
