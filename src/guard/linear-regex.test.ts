import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { whyNotLinear } from './linear-regex.js';

describe('whyNotLinear', () => {
  it('accepts patterns whose every backtracking choice is decided by the next character', () => {
    for (const [pattern, flags] of [
      ['^Accepted (\\S+) for (\\S+) from (\\S+) port (\\d+)', ''],
      ['\\.(php\\d?|phtml|aspx?)$', 'i'],
      ['^[0-9a-f:.]+$', 'i'],
      ['\\s+', 'g'],
      ['<Command>[^<]*(cmd|powershell)', 'i'],
      ['^[a-z]+(-[a-z]+)+$', ''],
      ['^\\d{1,3}(?:\\.\\d{1,3}){3}$', ''],
      ['(?<=\\s)-e(?:nc)?\\s+[a-z0-9+/=]{20}', 'i'],
      ['^.*?\\/create\\b', 'i'],
      ['net(\\+|%20|\\s)+user', 'i'],
      ['\\bx', 'y'],
    ] as const)
      expect(whyNotLinear(pattern, flags), pattern).toBeUndefined();
  });

  it('refuses exponential, polynomial and rescanning patterns, naming why', () => {
    const cases: [string, string, RegExp][] = [
      ['(a+)+$', '', /repeated group/],
      ['(a|a)+$', '', /alternatives .* start alike/],
      ['^(a|aa)+$', '', /start alike/],
      ['^(\\w+\\s?)*$', '', /repeated group/],
      ['(a*)*b', '', /empty string/],
      ['^a*a*b', '', /overlaps what follows/],
      ['^\\S+ \\S*\\S+x', '', /overlaps what follows/],
      ['\\bschtasks(\\.exe)?\\b.*\\/create\\b', 'i', /rescan/],
      ['\\S+ for', '', /rescan/],
      ['-+$', 'g', /rescan/],
      ['^\\s+x', 'm', /rescan/],
      ['\\(Citation:[^)]*\\)', 'g', /rescan/],
      ['(a)\\1', '', /backreference/],
      ['(?=.*a)b', '', /lookaround/],
      ['^(?:a|b){1,20}(?:c|d){1,20}x', '', /too many ways/],
      ['(?>a)', '', /cannot be analysed/],
      ['[a-', '', /cannot be analysed: unterminated/],
    ];
    for (const [pattern, flags, reason] of cases) expect(whyNotLinear(pattern, flags), pattern).toMatch(reason);
  });

  it('folds case under the i flag before comparing character sets', () => {
    expect(whyNotLinear('^[a-z]+X[a-z]+$')).toBeUndefined();
    expect(whyNotLinear('^[a-z]+X[a-z]+$', 'i')).toMatch(/overlaps/);
    expect(whyNotLinear('^[a-z]+1[a-z]+$', 'i')).toBeUndefined();
    expect(whyNotLinear('^[a-z]*K\\d+', 'i')).toMatch(/overlaps/);
  });

  it('never throws, whatever the pattern (fuzz, 2,000 inputs)', () => {
    let tried = 0;
    fc.assert(
      fc.property(
        fc.stringMatching(/^[a-c()|*+?{},\d\\[\]^$.-]{0,24}$/),
        fc.constantFrom('', 'i', 'm', 'y'),
        (pattern, flags) => {
          tried++;
          const answer = whyNotLinear(pattern, flags);
          expect(answer === undefined || typeof answer === 'string').toBe(true);
        },
      ),
      { numRuns: 2000 },
    );
    expect(tried).toBe(2000);
  });
});
