import { fc, test } from '@fast-check/vitest';
import { describe, expect, it } from 'vitest';
import { compileGlob } from './glob-matcher.js';
import { parseSigmaString } from './sigma-string.js';

/** Reference semantics: the same pattern as an anchored regular expression. */
function referenceRegex(pattern: string): RegExp {
  let source = '';
  for (const part of parseSigmaString(pattern).parts) {
    if (part.kind === 'any') source += '[\\s\\S]*';
    else if (part.kind === 'one') source += '[\\s\\S]';
    else source += part.text.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');
  }
  return new RegExp(`^${source}$`);
}

describe('compileGlob', () => {
  it('handles the common shapes', () => {
    expect(compileGlob(parseSigmaString('*\\cmd.exe'))('c:\\windows\\cmd.exe')).toBe(true);
    expect(compileGlob(parseSigmaString('c:\\\\*'))('c:\\x')).toBe(true);
    expect(compileGlob(parseSigmaString('c:\\*'))('c:\\x')).toBe(false);
    expect(compileGlob(parseSigmaString('*net*user*'))('net1 user /add')).toBe(true);
    expect(compileGlob(parseSigmaString('a?c'))('abc')).toBe(true);
    expect(compileGlob(parseSigmaString('a?c'))('abbc')).toBe(false);
    expect(compileGlob(parseSigmaString(''))('x')).toBe(false);
    expect(compileGlob(parseSigmaString(''))('')).toBe(true);
    expect(compileGlob(parseSigmaString('a\\*b'))('a*b')).toBe(true);
    expect(compileGlob(parseSigmaString('a\\*b'))('axb')).toBe(false);
  });

  const alphabet = fc.constantFrom('a', 'b', '*', '?', '\\');
  test.prop([
    fc.string({ unit: alphabet, maxLength: 8 }),
    fc.string({ unit: fc.constantFrom('a', 'b', '*', '?', '\\'), maxLength: 12 }),
  ])('agrees with the regular-expression reference', (pattern, text) => {
    expect(compileGlob(parseSigmaString(pattern))(text)).toBe(referenceRegex(pattern).test(text));
  });
});
