import { fc, test } from '@fast-check/vitest';
import { describe, expect, it } from 'vitest';
import { compilePatternSet } from './pattern-set-scanner.js';

const reported = (patterns: readonly string[], text: string): Set<number> => {
  const found = new Set<number>();
  compilePatternSet(patterns)(text, (pattern) => found.add(pattern));
  return found;
};
const occurring = (patterns: readonly string[], text: string): Set<number> =>
  new Set(patterns.flatMap((pattern, index) => (text.includes(pattern) ? [index] : [])));

// A small alphabet makes overlaps, shared prefixes, patterns inside patterns and failure paths common.
const ascii = fc.string({ unit: fc.constantFrom('a', 'b', 'c', '\\', '.'), minLength: 1, maxLength: 8 });
const mixed = fc.string({ unit: fc.constantFrom('a', 'b', '\\', 'é', 'ж', '\u2013'), minLength: 1, maxLength: 8 });

describe('compilePatternSet', () => {
  test.prop([fc.array(ascii, { minLength: 1, maxLength: 40 }), fc.array(ascii, { maxLength: 10 })])(
    'reports exactly the ASCII patterns that occur',
    (patterns, texts) => {
      for (const text of texts) expect(reported(patterns, text)).toEqual(occurring(patterns, text));
    },
  );

  test.prop([fc.array(mixed, { minLength: 1, maxLength: 40 }), fc.array(mixed, { maxLength: 10 })])(
    'reports every pattern that occurs, and patterns without non-ASCII characters only when they occur',
    (patterns, texts) => {
      for (const text of texts) {
        const found = reported(patterns, text);
        for (const index of occurring(patterns, text)) expect(found.has(index)).toBe(true);
        for (const index of found)
          if (/^[\x00-\x7f]*$/.test(patterns[index] as string))
            expect(text.includes(patterns[index] as string)).toBe(true);
      }
    },
  );

  it('reports overlapping patterns and patterns inside others, duplicates included', () => {
    const patterns = ['he', 'she', 'his', 'hers', 'e', 'she'];
    expect([...reported(patterns, 'ushers')].sort()).toEqual([0, 1, 3, 4, 5]);
    expect(reported(patterns, 'xyz').size).toBe(0);
  });

  it('refuses an empty pattern, which would occur everywhere', () => {
    expect(() => compilePatternSet(['a', ''])).toThrow(/empty pattern/);
  });
});
