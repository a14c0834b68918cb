import { fc, test } from '@fast-check/vitest';
import { describe, expect, it } from 'vitest';
import { compilePatternSet } from './pattern-set-scanner.js';

const reported = (patterns: readonly string[], text: string): Set<number> => {
  const found = new Set<number>();
  compilePatternSet(patterns)(text, (pattern) => found.add(pattern));
  return found;
};
/** The patterns occurring in the text's lower case, as the scanner is asked. */
const occurring = (patterns: readonly string[], text: string): Set<number> =>
  new Set(patterns.flatMap((pattern, index) => (text.toLowerCase().includes(pattern) ? [index] : [])));

// A small alphabet makes overlaps, shared prefixes, patterns inside patterns and failure paths common.
const ascii = fc.string({ unit: fc.constantFrom('a', 'b', 'c', '\\', '.', 'k', 'i'), minLength: 1, maxLength: 8 });
const mixed = fc.string({ unit: fc.constantFrom('a', 'b', '\\', 'é', 'ж', '\u2013', 'k'), minLength: 1, maxLength: 8 });
// Texts in any case: upper-case ASCII, and characters whose lower case is ASCII (Kelvin sign) or longer (dotted İ).
const anyCase = (unit: string[]) => fc.string({ unit: fc.constantFrom(...unit), maxLength: 12 });
const asciiText = anyCase(['a', 'A', 'b', 'B', 'c', 'C', '\\', '.', 'k', 'K', 'i', 'I']);
const mixedText = anyCase(['a', 'A', 'b', '\\', 'é', 'É', 'ж', 'Ж', '\u2013', 'k', '\u212a', 'İ']);

describe('compilePatternSet', () => {
  test.prop([fc.array(ascii, { minLength: 1, maxLength: 40 }), fc.array(asciiText, { maxLength: 10 })])(
    "reports exactly the ASCII patterns that occur in the text's lower case",
    (patterns, texts) => {
      for (const text of texts) expect(reported(patterns, text)).toEqual(occurring(patterns, text));
    },
  );

  test.prop([fc.array(mixed, { minLength: 1, maxLength: 40 }), fc.array(mixedText, { maxLength: 10 })])(
    'reports every pattern that occurs, and patterns without non-ASCII characters only when they occur',
    (patterns, texts) => {
      for (const text of texts) {
        const found = reported(patterns, text);
        for (const index of occurring(patterns, text)) expect(found.has(index)).toBe(true);
        for (const index of found)
          if (/^[\x00-\x7f]*$/.test(patterns[index] as string))
            expect(text.toLowerCase().includes(patterns[index] as string)).toBe(true);
      }
    },
  );

  it('reports overlapping patterns and patterns inside others, duplicates included', () => {
    const patterns = ['he', 'she', 'his', 'hers', 'e', 'she'];
    expect([...reported(patterns, 'uSHers')].sort()).toEqual([0, 1, 3, 4, 5]);
    expect(reported(patterns, 'xyz').size).toBe(0);
  });

  it('reads a text whose lower case is longer than itself (dotted İ) through its lower case', () => {
    expect([...reported(['i\u0307', 'ab', 'cd', 'ef'], 'İ')]).toEqual([0]);
  });

  it('refuses an empty pattern, which would occur everywhere', () => {
    expect(() => compilePatternSet(['a', ''])).toThrow(/empty pattern/);
  });
});
