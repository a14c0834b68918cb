import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { compileGuardedRegex, escapeRegexText, RegexRefusedError, whyNotTame } from './guarded-regex.js';

/** A hostile subject: a long run the pattern almost matches, then a character that spoils it. */
const spoiled = (length: number) => `${'a'.repeat(length)}!`;

describe('guarded regular expressions', () => {
  it('runs the classic catastrophic patterns on the linear engine within a bound (hostile input: 0.5 s each)', () => {
    for (const source of ['(a|a)+$', '(a+){2,16}$', '^(a+)+$', '^(\\w+\\s?)*$', '(a*)*b', '^(a|aa)+$']) {
      const regex = compileGuardedRegex(source);
      expect(regex.engine).toBe('linear');
      const started = performance.now();
      expect(regex.test(spoiled(5000))).toBe(false);
      expect(performance.now() - started).toBeLessThan(500);
    }
  });

  it('keeps PCRE meaning: inline flags, named groups, \\A and \\Z, unanchored search', () => {
    expect(compileGuardedRegex('(?i)SEKURLSA').test('x sekurlsa::logonpasswords')).toBe(true);
    expect(compileGuardedRegex('SEKURLSA').test('sekurlsa')).toBe(false);
    expect(compileGuardedRegex('SEKURLSA', { caseInsensitive: true }).test('sekurlsa')).toBe(true);
    expect(compileGuardedRegex('(?P<verb>get|set)-item').test('Set-Item'.toLowerCase())).toBe(true);
    expect(compileGuardedRegex('\\Apowershell\\Z').test('powershell')).toBe(true);
    expect(compileGuardedRegex('\\Apowershell\\Z').test('xpowershell')).toBe(false);
    expect(compileGuardedRegex('a.b', { dotAll: true }).test('a\nb')).toBe(true);
    expect(compileGuardedRegex('a.b').test('a\nb')).toBe(false);
    expect(compileGuardedRegex('^b$', { multiline: true }).test('a\nb')).toBe(true);
  });

  it('runs lookarounds natively only when tame, and refuses backreferences and atomic groups', () => {
    const lookahead = compileGuardedRegex('^(?!.*-nop)powershell');
    expect(lookahead.engine).toBe('native');
    expect(lookahead.test('powershell -w hidden')).toBe(true);
    expect(lookahead.test('powershell -nop')).toBe(false);
    expect(() => compileGuardedRegex('(?=(a+)+)b')).toThrow(RegexRefusedError);
    expect(() => compileGuardedRegex('(?=a*)b.*c')).toThrow(/more than one unbounded/);
    expect(() => compileGuardedRegex('(a)\\1')).toThrow(/backreference/);
    expect(() => compileGuardedRegex('(?>a)')).toThrow(RegexRefusedError);
    expect(() => compileGuardedRegex('a++')).toThrow(RegexRefusedError);
    expect(() => compileGuardedRegex('(')).toThrow(RegexRefusedError);
    expect(whyNotTame('(?<=x)ab+c')).toBeUndefined();
  });

  it('refuses a subject whose worst case exceeds the step budget and counts it', () => {
    const regex = compileGuardedRegex('(a|b)+c', { stepBudget: 10_000 });
    expect(regex.test('abc')).toBe(true);
    expect(regex.test(spoiled(20_000))).toBe(false);
    expect(regex.overBudget).toBe(1);
    const native = compileGuardedRegex('(?!x)a+c', { stepBudget: 10_000 });
    expect(native.test(`${'a'.repeat(50)}c`)).toBe(true);
    expect(native.test(`${'a'.repeat(50)}c`.repeat(10))).toBe(false);
    expect(native.overBudget).toBe(1);
  });

  it('matches escaped text literally (property, 2,000 inputs)', () => {
    let tried = 0;
    fc.assert(
      fc.property(fc.string({ maxLength: 40 }), fc.string({ maxLength: 10 }), (text, prefix) => {
        tried++;
        expect(compileGuardedRegex(`^${escapeRegexText(text)}$`).test(text)).toBe(true);
        expect(compileGuardedRegex(escapeRegexText(text)).test(`${prefix}${text}${prefix}`)).toBe(true);
      }),
      { numRuns: 2000 },
    );
    expect(tried).toBe(2000);
  });

  it('never throws anything but RegexRefusedError and never hangs on arbitrary patterns (fuzz, 3,000 inputs)', () => {
    const alphabet = fc.constantFrom(...'a|()*+?{}[]^$\\.,12-!=<>:PkAZz'.split(''));
    let tried = 0;
    fc.assert(
      fc.property(fc.array(alphabet, { maxLength: 24 }), (characters) => {
        tried++;
        const source = characters.join('');
        let regex: ReturnType<typeof compileGuardedRegex>;
        try {
          regex = compileGuardedRegex(source);
        } catch (error) {
          expect(error).toBeInstanceOf(RegexRefusedError);
          return;
        }
        const started = performance.now();
        regex.test(spoiled(2000));
        expect(performance.now() - started).toBeLessThan(500);
      }),
      { numRuns: 3000 },
    );
    expect(tried).toBe(3000);
  });

  it('gives the groups and matches V8 gives, on the linear engine (differential, 3,000 inputs)', () => {
    const patterns = [
      /^([^\s:[\]]+(?:\([^)\s]*\))?)(?:\[([^\]\s]*)\])?: ?/,
      /authentication failure;.*?rhost=(\S*)(?:\s+user=(\S+))?/,
      /^(?:Successful su for (\S+) by (\S+)|\(to (\S+)\) (\S+) on)/,
      /^\((\S+)\) CMD \((.*)\)$/,
      /^\s*(\S+) : (?:(\d+) incorrect password attempts? ; )?(?:TTY=(\S+) ; )?PWD=(.*?) ; USER=(\S+) ;(?: .*?;)? COMMAND=(.*)$/,
    ];
    const pieces = [
      'a',
      'root',
      ' ',
      '(',
      ')',
      '[',
      ']',
      ':',
      ';',
      '1',
      'x.y',
      ' by ',
      '(to ',
      ' on',
      'Successful su for ',
      'authentication failure;',
      ' rhost=',
      ' user=',
      ' CMD (',
      ' ; ',
      'PWD=',
      'USER=',
      'TTY=',
      'COMMAND=',
      ' : ',
    ];
    let tried = 0;
    fc.assert(
      fc.property(
        fc.constantFrom(...patterns),
        fc.array(fc.constantFrom(...pieces), { maxLength: 16 }),
        (native, parts) => {
          tried++;
          const text = parts.join('');
          const guarded = compileGuardedRegex(native.source);
          expect(guarded.engine).toBe('linear');
          expect(guarded.exec(text)).toEqual(native.exec(text)?.map((group) => group ?? undefined));
          expect(guarded.test(text)).toBe(native.test(text));
        },
      ),
      { numRuns: 3000 },
    );
    expect(tried).toBe(3000);
    const domains = compileGuardedRegex(/\b[a-z0-9-]+(?:\[\.\]|\.)[a-z]{2,63}\b/.source, { caseInsensitive: true });
    const text = 'see evil[.]com and Other.Example[.]org, not plain';
    expect(domains.matches(text)).toEqual(
      [...text.matchAll(/\b[a-z0-9-]+(?:\[\.\]|\.)[a-z]{2,63}\b/gi)].map((m) => m[0]),
    );
    expect(compileGuardedRegex('(?=x)x').matches('xax')).toEqual(['x', 'x']);
    expect(compileGuardedRegex('a+', { stepBudget: 10 }).matches('a'.repeat(100))).toEqual([]);
  });

  it('replaces every match as String.replace does, empty matches included (differential, 2,000 inputs)', () => {
    const patterns = [/a*/g, /(b)|(c+)/g, /\(x:[^)]*\)/g, /\[([^\]]*)\]\([^)]*\)/g, /^|c/g, /(?:)/g];
    let tried = 0;
    fc.assert(
      fc.property(
        fc.constantFrom(...patterns),
        fc.array(fc.constantFrom('a', 'b', 'c', '(', ')', '[', ']', 'x:', ' '), { maxLength: 20 }),
        (native, parts) => {
          tried++;
          const text = parts.join('');
          const show = (groups: (string | undefined)[]) => `<${groups.map((group) => group ?? '∅').join('|')}>`;
          const expected = text.replace(native, (...found: unknown[]) =>
            show(
              found.slice(
                0,
                found.findIndex((item) => typeof item === 'number'),
              ) as (string | undefined)[],
            ),
          );
          expect(compileGuardedRegex(native.source).replace(text, show)).toBe(expected);
        },
      ),
      { numRuns: 2000 },
    );
    expect(tried).toBe(2000);
    expect(compileGuardedRegex('(?<=a)b').replace('abab', () => 'X')).toBe('aXaX');
    expect(compileGuardedRegex('a+', { stepBudget: 10 }).replace('a'.repeat(100), () => '')).toBe('a'.repeat(100));
  });
});
