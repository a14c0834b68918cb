import { describe, expect, it } from 'vitest';
import { defaultSlaTargets, formatSlaDuration, parseSlaTargets, slaStatus, slaSummary } from './sla-timers.js';

const opened = '2024-05-01T10:00:00.000Z';
const at = (minutes: number) => new Date(Date.parse(opened) + minutes * 60_000);

describe('SLA timers', () => {
  it('counts down from the opening, then breaches, per severity', () => {
    const running = slaStatus('critical', { openedAt: opened }, defaultSlaTargets, at(10));
    expect(running.timers.map((timer) => [timer.kind, timer.state, timer.remainingMs])).toEqual([
      ['acknowledge', 'running', 5 * 60_000],
      ['contain', 'running', 50 * 60_000],
      ['close', 'running', (24 * 60 - 10) * 60_000],
    ]);
    expect(running.next?.kind).toBe('acknowledge');
    expect(slaSummary(running)).toBe('acknowledge: 5m left');
    const breached = slaStatus('critical', { openedAt: opened }, defaultSlaTargets, at(80));
    expect(breached.breached).toEqual(['acknowledge', 'contain']);
    expect(slaSummary(breached)).toBe('acknowledge: breached 1h 05m ago');
    // the same 80 minutes are within a low incident's targets
    expect(slaStatus('low', { openedAt: opened }, defaultSlaTargets, at(80)).breached).toEqual([]);
  });

  it('stops a timer when its milestone is reached, in time or late, and a close stops them all', () => {
    const status = slaStatus(
      'high',
      { openedAt: opened, acknowledgedAt: at(45).toISOString(), containedAt: at(60).toISOString() },
      defaultSlaTargets,
      at(600),
    );
    expect(status.timers.map((timer) => [timer.kind, timer.state])).toEqual([
      ['acknowledge', 'late'],
      ['contain', 'met'],
      ['close', 'running'],
    ]);
    const closed = slaStatus('high', { openedAt: opened, closedAt: at(20).toISOString() }, defaultSlaTargets, at(9999));
    expect(closed.timers.every((timer) => timer.state === 'met')).toBe(true);
    expect(closed.next).toBeUndefined();
    expect(slaSummary(closed)).toBe('closed in time');
  });

  it('reads targets from YAML, keeping the defaults of what is not given, and names a bad field', () => {
    const targets = parseSlaTargets('version: 1\ncritical: { acknowledge: 5m }\nlow:\n  close: 60d\n');
    expect(targets.critical).toEqual({ ...defaultSlaTargets.critical, acknowledge: 5 * 60_000 });
    expect(targets.low.close).toBe(60 * 86_400_000);
    expect(targets.high).toEqual(defaultSlaTargets.high);
    expect(() => parseSlaTargets('version: 1\nhigh: { acknowledge: soon }\n', 'sla.yaml')).toThrow(
      /sla\.yaml: high\.acknowledge: not a duration/,
    );
    expect(() => parseSlaTargets('version: 1\nurgent: { close: 1d }\n')).toThrow(/urgent/);
    expect(() => parseSlaTargets('version: 1\nhigh: { respond: 1h }\n')).toThrow(/respond/);
  });

  it('writes durations for a person', () => {
    expect([59_000, 12 * 60_000, 65 * 60_000, 27 * 3_600_000].map(formatSlaDuration)).toEqual([
      '0m',
      '12m',
      '1h 05m',
      '1d 3h',
    ]);
  });
});
