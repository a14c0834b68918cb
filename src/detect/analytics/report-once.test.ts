import { describe, expect, it } from 'vitest';
import type { Alert, Event } from '../../core/index.js';
import { clipped, ReportedIdentities, reportingOnce } from './report-once.js';
import { event } from './test-events.js';

const time = '2025-03-03T00:00:00Z';

/** An analytic reporting each event's `fields.key` once, as the report-once analytics do. */
function keyAnalytic(keys: number) {
  return reportingOnce('analytic:test', { limits: { keys } }, (input: Event, first): Alert[] => {
    const key = String(input.fields.key);
    return first(key) ? [{ id: key } as Alert] : [];
  });
}

describe('reporting once', () => {
  it('reports an identity once, and again only once flushed or forgotten', () => {
    const analytic = keyAnalytic(3);
    const of = (key: string) => analytic.process(event({ timestamp: time, fields: { key } })).length;
    expect([of('a'), of('a'), of('b')]).toEqual([1, 0, 1]);
    expect(analytic.stateKeys()).toBe(2);
    expect(analytic.flush()).toEqual([]);
    expect(analytic.stateKeys()).toBe(0);
    expect(of('a')).toBe(1);
    // Three more keys push `a` out (least recently reported first): it may be reported again.
    for (const key of ['b', 'c', 'd']) of(key);
    expect(of('a')).toBe(1);
    expect(of('d')).toBe(0);
  });

  it('forgets the least recently reported first, however often it is seen again', () => {
    const analytic = keyAnalytic(2);
    const of = (key: string) => analytic.process(event({ timestamp: time, fields: { key } })).length;
    expect([of('a'), of('b'), of('a'), of('c')]).toEqual([1, 1, 0, 1]);
    expect([of('a'), of('c')]).toEqual([1, 0]);
  });

  it('stays within its bound through a million distinct identities', () => {
    const reported = new ReportedIdentities(1_000);
    for (let index = 0; index < 1_000_000; index++) reported.first(`host${index}|key`);
    expect(reported.size).toBe(1_000);
    expect(reported.first('host999999|key')).toBe(false);
    expect(reported.first('host0|key')).toBe(true);
  });
});

describe('clipped', () => {
  it('keeps a value within the limit whole, and marks the cut of a longer one', () => {
    expect(clipped('a'.repeat(200))).toBe('a'.repeat(200));
    const long = clipped(`${'b'.repeat(250)}`);
    expect(long).toHaveLength(200);
    expect(long.endsWith('b...')).toBe(true);
    expect(clipped('abcdef', 5)).toBe('ab...');
  });
});
