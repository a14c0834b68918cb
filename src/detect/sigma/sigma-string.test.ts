import { fc, test } from '@fast-check/vitest';
import { describe, expect, it } from 'vitest';
import { longestLiteral, parseSigmaString, type SigmaString, type SigmaStringPart } from './sigma-string.js';

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

/** The specification's reading, a character at a time (the parser slices runs instead). */
function referenceParse(value: string, wildcards = true): SigmaString {
  if (!wildcards) return { parts: [{ kind: 'text', text: value }] };
  const parts: SigmaStringPart[] = [];
  let text = '';
  const flush = () => {
    if (text !== '') parts.push({ kind: 'text', text });
    text = '';
  };
  for (let index = 0; index < value.length; index++) {
    const character = value[index] as string;
    const next = value[index + 1];
    if (character === '\\' && (next === '*' || next === '?' || next === '\\')) {
      text += next;
      index++;
    } else if (character === '*') {
      flush();
      if (parts.at(-1)?.kind !== 'any') parts.push({ kind: 'any' });
    } else if (character === '?') {
      flush();
      parts.push({ kind: 'one' });
    } else text += character;
  }
  flush();
  if (parts.length === 0) parts.push({ kind: 'text', text: '' });
  return { parts };
}

describe('parseSigmaString', () => {
  const value = fc.string({ unit: fc.constantFrom('a', 'b', '*', '?', '\\', 'é', '\u{1d518}'), maxLength: 20 });
  test.prop([value, fc.boolean()])('reads every value as the specification does', (written, wildcards) => {
    expect(parseSigmaString(written, wildcards)).toEqual(referenceParse(written, wildcards));
  });

  it('reads escapes, runs of stars and lone backslashes', () => {
    expect(parseSigmaString('a\\*b')).toEqual({ parts: [{ kind: 'text', text: 'a*b' }] });
    expect(parseSigmaString('C:\\Windows\\x*')).toEqual({
      parts: [{ kind: 'text', text: 'C:\\Windows\\x' }, { kind: 'any' }],
    });
    expect(parseSigmaString('a**?b\\\\')).toEqual({
      parts: [{ kind: 'text', text: 'a' }, { kind: 'any' }, { kind: 'one' }, { kind: 'text', text: 'b\\' }],
    });
    expect(parseSigmaString('')).toEqual({ parts: [{ kind: 'text', text: '' }] });
    expect(parseSigmaString('a\\')).toEqual({ parts: [{ kind: 'text', text: 'a\\' }] });
  });
});
