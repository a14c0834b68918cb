import { fc, it as property } from '@fast-check/vitest';
import { describe, expect, it } from 'vitest';
import { parseTimestamp } from './timestamp.js';

const reference = new Date('2024-06-20T00:00:00Z');
const representable = fc.integer({ min: 0, max: 253_402_300_799_999 });
const epochSeconds = fc.integer({ min: 0, max: 99_999_999_999_999 }).map((milliseconds) => milliseconds / 1000);
const epochMilliseconds = fc.integer({ min: 100_000_000_001, max: 253_402_300_799_999 });

describe('parseTimestamp', () => {
  it('reads the shapes logs use', () => {
    expect(parseTimestamp('2018-03-24T17:15:20.600843Z')).toBe('2018-03-24T17:15:20.600Z');
    expect(parseTimestamp('2018-03-24T17:15:20Z')).toBe('2018-03-24T17:15:20.000Z');
    expect(parseTimestamp('2018-03-24T17:15:20.6Z')).toBe('2018-03-24T17:15:20.600Z');
    expect(parseTimestamp('2018-03-24 19:15:20.29+02:00')).toBe('2018-03-24T17:15:20.290Z');
    expect(parseTimestamp(1521911720.600843)).toBe('2018-03-24T17:15:20.600Z');
    expect(parseTimestamp('1521911720600')).toBe('2018-03-24T17:15:20.600Z');
    expect(parseTimestamp('Jun 14 15:16:01', reference)).toBe('2024-06-14T15:16:01.000Z');
    expect(parseTimestamp('3/24/2018 5:15:20 PM')).toBe('2018-03-24T17:15:20.000Z');
  });

  it('rejects impossible dates and times instead of rolling them over', () => {
    expect(parseTimestamp('2023-02-29T00:00:00Z')).toBeUndefined();
    expect(parseTimestamp('2024-02-29T00:00:00Z')).toBe('2024-02-29T00:00:00.000Z');
    expect(parseTimestamp('2100-02-29T00:00:00Z')).toBeUndefined();
    expect(parseTimestamp('2018-13-01T00:00:00Z')).toBeUndefined();
    expect(parseTimestamp('1969-12-31T23:59:59Z')).toBeUndefined();
    expect(parseTimestamp('2018-03-24T17:15:2xZ')).toBeUndefined();
  });

  property.prop([epochSeconds, epochMilliseconds])(
    'formats epoch numbers exactly as Date does',
    (seconds, milliseconds) => {
      expect(parseTimestamp(seconds)).toBe(new Date(seconds * 1000).toISOString());
      expect(parseTimestamp(milliseconds)).toBe(new Date(milliseconds).toISOString());
    },
  );

  property.prop([representable, fc.integer({ min: 0, max: 999_999 })])(
    'reads any UTC ISO time back to the millisecond, whatever the fraction precision',
    (milliseconds, micros) => {
      const iso = new Date(milliseconds).toISOString();
      expect(parseTimestamp(iso)).toBe(iso);
      const sixDigits = `${iso.slice(0, 20)}${String(micros).padStart(6, '0')}Z`;
      expect(parseTimestamp(sixDigits)).toBe(`${iso.slice(0, 20)}${String(micros).padStart(6, '0').slice(0, 3)}Z`);
    },
  );

  property.prop([fc.string({ maxLength: 40 })])('never throws on any text', (value) => {
    const result = parseTimestamp(value, reference);
    if (result !== undefined) expect(Number.isNaN(Date.parse(result))).toBe(false);
  });
});

describe('parseTimestamp without a zone', () => {
  property.prop([
    fc.integer({ min: 3_600_000, max: 253_402_300_799_999 }),
    fc.constantFrom('T', ' '),
    fc.integer({ min: 0, max: 6 }),
  ])(
    'reads UTC with either separator and any fraction as the general parser does',
    (milliseconds, separator, digits) => {
      const iso = new Date(milliseconds).toISOString();
      const fraction = digits === 0 ? '' : `.${iso.slice(20, 23)}000`.slice(0, digits + 1);
      const text = `${iso.slice(0, 10)}${separator}${iso.slice(11, 19)}${fraction}`;
      const expected = `${iso.slice(0, 19)}.${(fraction.slice(1) + '000').slice(0, 3)}Z`;
      expect(parseTimestamp(text)).toBe(expected);
      expect(parseTimestamp(`${text}Z`)).toBe(expected);
      expect(parseTimestamp(`${text}+01:00`)).toBe(new Date(Date.parse(expected) - 3_600_000).toISOString());
    },
  );
});

describe('parseTimestamp with an offset', () => {
  property.prop([
    fc.integer({ min: 86_400_000, max: 253_402_200_000_000 }),
    fc.integer({ min: -23 * 60 - 59, max: 23 * 60 + 59 }),
    fc.constantFrom('colon', 'compact', 'hours'),
  ])('applies offsets as Date.parse does', (milliseconds, offsetMinutes, style) => {
    const minutes = style === 'hours' ? offsetMinutes - (offsetMinutes % 60) : offsetMinutes;
    const absolute = Math.abs(minutes);
    const hours = String(Math.floor(absolute / 60)).padStart(2, '0');
    const rest = String(absolute % 60).padStart(2, '0');
    const sign = minutes < 0 ? '-' : '+';
    const zone =
      style === 'colon'
        ? `${sign}${hours}:${rest}`
        : style === 'compact'
          ? `${sign}${hours}${rest}`
          : `${sign}${hours}`;
    const local = new Date(milliseconds).toISOString().slice(0, 23);
    const expected = new Date(Date.parse(`${local}Z`) - minutes * 60_000).toISOString();
    expect(parseTimestamp(`${local}123${zone}`)).toBe(expected);
  });
});
