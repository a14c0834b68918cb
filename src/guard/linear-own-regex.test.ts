import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { RegexRefusedError } from './guarded-regex.js';
import { compileLinearRegex } from './linear-own-regex.js';

describe('own patterns on the linear engine', () => {
  it('keeps JavaScript’s \\s, \\S and . (differential, 2,000 inputs)', () => {
    const patterns = [/a\s+b/, /[^\s,]+/, /x\S*y/, /a.{0,3}b/, /[.]+/];
    let tried = 0;
    fc.assert(
      fc.property(
        fc.constantFrom(...patterns),
        fc.array(
          fc.constantFrom('a', 'b', 'x', 'y', ',', '.', ' ', '\t', '\r', '\n', '\u00a0', '\u2028', '\u3000', '\ufeff'),
          {
            maxLength: 12,
          },
        ),
        (native, parts) => {
          tried++;
          const text = parts.join('');
          expect(compileLinearRegex(native.source).exec(text)).toEqual(native.exec(text)?.map((group) => group));
        },
      ),
      { numRuns: 2000 },
    );
    expect(tried).toBe(2000);
  });

  it('refuses what the linear engine cannot run instead of running it on V8', () => {
    expect(() => compileLinearRegex('(?<=a)b')).toThrow(RegexRefusedError);
    expect(() => compileLinearRegex('(a)\\1')).toThrow(RegexRefusedError);
    expect(() => compileLinearRegex('[\\S]')).toThrow(RegexRefusedError);
    expect(compileLinearRegex('(a+)+$').test(`${'a'.repeat(1 << 20)}!`)).toBe(false);
  });
});
