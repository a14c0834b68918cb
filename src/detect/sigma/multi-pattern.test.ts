import { fc, test } from '@fast-check/vitest';
import { describe, expect, it } from 'vitest';
import { compileMultiPattern, type PatternPosition } from './multi-pattern.js';

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
