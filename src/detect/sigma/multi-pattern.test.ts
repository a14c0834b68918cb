import { fc, test } from '@fast-check/vitest';
import { describe, expect, it } from 'vitest';
import { compileCaseFoldedContains, compileMultiPattern, type PatternPosition } from './multi-pattern.js';

const naive: Record<PatternPosition, (text: string, pattern: string) => boolean> = {
  exact: (text, pattern) => text === pattern,
  startswith: (text, pattern) => text.startsWith(pattern),
  endswith: (text, pattern) => text.endsWith(pattern),
  contains: (text, pattern) => text.includes(pattern),
};

// A small alphabet makes overlaps, shared prefixes and failure-link paths common.
const smallText = fc.string({ unit: fc.constantFrom('a', 'b', 'c', '\\', 'é', '.'), maxLength: 12 });
const position = fc.constantFrom<PatternPosition>('exact', 'startswith', 'endswith', 'contains');

describe('compileMultiPattern', () => {
  test.prop([fc.array(smallText, { minLength: 1, maxLength: 30 }), fc.array(smallText, { maxLength: 20 }), position])(
    'answers like testing each pattern on its own',
    (patterns, texts, where) => {
      const matcher = compileMultiPattern(patterns, where);
      for (const text of texts) expect(matcher(text)).toBe(patterns.some((pattern) => naive[where](text, pattern)));
    },
  );

  // Short patterns over three letters: lists long enough for the automaton, whose patterns often
  // end inside others (found only through failure links).
  const short = fc.string({ unit: fc.constantFrom('a', 'b', 'c'), minLength: 1, maxLength: 4 });
  const text = fc.string({ unit: fc.constantFrom('a', 'b', 'c'), maxLength: 12 });
  test.prop([fc.array(short, { minLength: 6, maxLength: 12 }), fc.array(text, { maxLength: 20 })])(
    'answers like testing each pattern on its own when patterns end inside others',
    (patterns, texts) => {
      const matcher = compileMultiPattern(patterns, 'contains');
      for (const item of texts) expect(matcher(item)).toBe(patterns.some((pattern) => item.includes(pattern)));
    },
  );

  it('finds overlapping patterns through failure links', () => {
    const matcher = compileMultiPattern(['he', 'she', 'his', 'hers', 'xyz', 'abcd', 'bcx'], 'contains');
    expect(matcher('ushers')).toBe(true);
    expect(matcher('abcx')).toBe(true);
    expect(matcher('abc')).toBe(false);
    expect(matcher('')).toBe(false);
  });

  it('matches everything when a contains pattern is empty', () => {
    expect(compileMultiPattern(['', 'x'], 'contains')('anything')).toBe(true);
  });
});

describe('compileCaseFoldedContains', () => {
  // Upper-case ASCII, and characters whose lower case is ASCII (Kelvin sign) or longer (dotted İ).
  const anyCase = fc.string({
    unit: fc.constantFrom('a', 'A', 'b', 'B', 'k', 'K', '\u212a', 'i', 'İ', 'é', 'É', '\\'),
    maxLength: 12,
  });
  test.prop([fc.array(anyCase, { minLength: 6, maxLength: 30 }), fc.array(anyCase, { maxLength: 20 })])(
    'answers like contains on the lower-cased text',
    (written, texts) => {
      const patterns = written.map((pattern) => pattern.toLowerCase());
      const folded = compileCaseFoldedContains(patterns);
      const lower = compileMultiPattern(patterns, 'contains');
      if (folded === undefined) {
        expect(new Set(patterns).size < 6 || patterns.includes('')).toBe(true);
        return;
      }
      for (const text of texts) expect(folded(text)).toBe(lower(text.toLowerCase()));
    },
  );

  it('finds a pattern in a text that is shorter than the pattern until its dotted capital I is lower-cased', () => {
    // 'İB' is two characters and lower-cases to three: i, a combining dot, b.
    const patterns = ['aİ', 'aaa', 'aaK', 'aaB', 'aaé', 'İb'].map((pattern) => pattern.toLowerCase());
    const folded = compileCaseFoldedContains(patterns);
    expect(folded?.('İB')).toBe(true);
    expect(folded?.('IB')).toBe(false);
  });

  // Keywords long enough for the skip scan: few letters, so blocks repeat and shifts are often 0.
  const keyword = fc.string({ unit: fc.constantFrom('a', 'b', ':', 'k', 'i', '.'), minLength: 5, maxLength: 9 });
  const longText = fc.string({
    // Above ASCII: characters whose low seven bits spell a pattern letter (á, Á, ë, º, â), one
    // whose lower case is above ASCII too (Ā), a lone surrogate, and the two that lower-case to ASCII.
    unit: fc.constantFrom(
      'a',
      'A',
      'b',
      'B',
      ':',
      'k',
      'K',
      '.',
      ' ',
      '\u212a',
      'İ',
      'é',
      'á',
      'Á',
      'ë',
      'º',
      'â',
      'Ā',
      '\ud83d',
    ),
    maxLength: 40,
  });
  test.prop([fc.array(keyword, { minLength: 6, maxLength: 20 }), fc.array(longText, { maxLength: 20 })])(
    'answers like contains on the lower-cased text when it skips, non-ASCII text included',
    (patterns, texts) => {
      const folded = compileCaseFoldedContains(patterns);
      const lower = compileMultiPattern(patterns, 'contains');
      if (folded === undefined) return;
      for (const text of texts) expect(folded(text)).toBe(lower(text.toLowerCase()));
      // Each pattern planted in upper case at every offset of a filler is found.
      for (const pattern of patterns)
        for (let offset = 0; offset < 4; offset++)
          expect(folded(`${'. '.repeat(offset)}${pattern.toUpperCase()}${' .'.repeat(3 - offset)}`)).toBe(true);
      // A Kelvin sign lower-cases to k: text holding one is read through its lower case.
      for (const pattern of patterns) expect(folded(`é ${pattern.replaceAll('k', '\u212a')}`)).toBe(true);
      // Each pattern planted with its letters swapped for characters above ASCII: those whose
      // low seven bits spell the letter (á, ë), the dotted capital I (whose lower case starts with i).
      for (const pattern of patterns) {
        for (const text of [
          `: ${pattern.replaceAll('a', 'á')} .`,
          `${pattern.replaceAll('k', 'ë')}`,
          `${pattern.replaceAll('i', 'İ')} a`,
          `${pattern.replaceAll('i', 'İ').replaceAll('a', 'Á')}`,
        ])
          expect(folded(text)).toBe(lower(text.toLowerCase()));
      }
    },
  );

  it('reads text above ASCII as it is: only the Kelvin sign and the dotted capital I lower-case to ASCII', () => {
    const toAscii: string[] = [];
    for (let code = 0x80; code <= 0xffff; code++) {
      const lower = String.fromCharCode(code).toLowerCase();
      for (let index = 0; index < lower.length; index++)
        if (lower.charCodeAt(index) < 0x80) {
          toAscii.push(code.toString(16));
          break;
        }
    }
    expect(toAscii).toEqual(['130', '212a']);
  });

  it('leaves short lists to the per-pattern test', () => {
    expect(compileCaseFoldedContains(['a', 'b'])).toBeUndefined();
  });
});
