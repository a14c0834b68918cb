import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { queryTerms } from './query-terms.js';

describe('queryTerms', () => {
  it('keeps words of every line of a long query, not only the first 32 distinct words', () => {
    const titles = Array.from({ length: 20 }, (_, index) => `Suspicious activity number${index} observed on host`);
    titles.push('Mimikatz credential dumping');
    const terms = queryTerms(titles.join('\n'));
    expect(terms).toContain('mimikatz');
    expect(terms).toContain('number19');
  });

  it('takes words round-robin over sentences of CTI text', () => {
    const prose = `${'The actor sent many emails to staff members about invoices. '.repeat(8)}Later it ran rundll32 against comsvcs to dump lsass.`;
    expect(queryTerms(prose, 12)).toContain('later');
  });

  it('drops function words and short tokens and never returns query syntax', () => {
    expect(queryTerms('the and NEAR(a b) OR "x" title:* powershell')).toEqual(['near', 'title', 'powershell']);
    fc.assert(
      fc.property(fc.string(), (text) => {
        for (const term of queryTerms(text, 16)) expect(term).toMatch(/^[\p{L}\p{N}]{3,}$/u);
        expect(queryTerms(text, 16).length).toBeLessThanOrEqual(16);
      }),
    );
  });
});
