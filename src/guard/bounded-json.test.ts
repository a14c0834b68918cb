import { fc, test } from '@fast-check/vitest';
import { describe, expect, it } from 'vitest';
import { jsonLimitProblem, jsonValueTooDeep, parseBoundedJson } from './bounded-json.js';

describe('jsonLimitProblem', () => {
  test.prop([fc.jsonValue({ maxDepth: 6 }), fc.integer({ min: 1, max: 8 })])(
    'refuses exactly the texts whose value nests deeper than the limit',
    (value, maxDepth) => {
      const text = JSON.stringify(value);
      expect(jsonLimitProblem(text, { maxDepth }) !== undefined).toBe(jsonValueTooDeep(value, maxDepth));
    },
  );

  it('counts brackets inside strings for the quick check, but not for the depth', () => {
    const text = JSON.stringify({ a: '{{{{{{{{[[[[[[[[', b: [[1]] });
    expect(jsonLimitProblem(text, { maxDepth: 3 })).toBeUndefined();
    expect(jsonLimitProblem(text, { maxDepth: 2 })).toMatch(/nested deeper than 2 levels/);
  });

  it('names the limit for a deep record and parses a shallow one', () => {
    expect(() => parseBoundedJson('['.repeat(100) + ']'.repeat(100))).toThrow(/nested deeper than 64 levels/);
    expect(parseBoundedJson('{"a":[{"b":"}{"}]}')).toEqual({ a: [{ b: '}{' }] });
  });
});
