import { describe, expect, it } from 'vitest';
import { age } from './format';

const now = Date.parse('2026-12-01T12:00:00Z');
const ago = (milliseconds: number) => new Date(now - milliseconds).toISOString();
const minute = 60_000;
const day = 24 * 60 * minute;

describe('age', () => {
  it('names minutes, hours, days and years, number and unit joined by a non-breaking space', () => {
    expect(age(ago(5 * minute), now)).toBe('5\u00a0min');
    expect(age(ago(3 * 60 * minute), now)).toBe('3\u00a0h');
    expect(age(ago(12 * day), now)).toBe('12\u00a0d');
    expect(age(ago(756 * day), now)).toBe('2.1\u00a0y');
  });

  it('never shows a negative age for a clock ahead of the browser', () => {
    expect(age(ago(-10 * minute), now)).toBe('0\u00a0min');
  });
});
