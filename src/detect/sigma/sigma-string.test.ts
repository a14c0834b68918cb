import { fc, test } from '@fast-check/vitest';
import { describe, expect, it } from 'vitest';
import { longestLiteral, parseSigmaString } from './sigma-string.js';

/** The first longest text part, read from the parts. */
function longestPart(value: string): string {
  let longest = '';
  for (const part of parseSigmaString(value).parts)
    if (part.kind === 'text' && part.text.length > longest.length) longest = part.text;
  return longest;
}

describe('longestLiteral', () => {
  // Wildcards, escapes of every kind and a few letters, so parts of equal length are common.
  const value = fc.string({ unit: fc.constantFrom('a', 'b', '*', '?', '\\', 'é'), maxLength: 16 });
  test.prop([value])('is the first of the longest literal parts parseSigmaString splits', (written) => {
    expect(longestLiteral(written)).toBe(longestPart(written));
  });

  it('reads escapes as the characters they stand for', () => {
    expect(longestLiteral('ab*c\\*d\\\\e?f')).toBe('c*d\\e');
    expect(longestLiteral('\\x*yz')).toBe('\\x');
    expect(longestLiteral('*')).toBe('');
  });
});
