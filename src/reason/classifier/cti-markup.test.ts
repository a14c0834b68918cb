import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { stripCitations, unwrapMarkdownLinks } from './cti-markup.js';

/** The V8 forms these replace (quadratic on an unclosed bracket run, fine on short text). */
const oldCitation = /\(Citation:[^)]*\)/g;
const oldMarkdownLink = /\[([^\]]*)\]\([^)]*\)/g;
const markup = fc
  .array(
    fc.constantFrom(
      '(Citation:',
      '(Citation: ',
      'Citation',
      '(',
      ')',
      '[',
      ']',
      '](',
      '[]',
      '()',
      'a',
      ' ',
      'x y',
      '\n',
      'é',
    ),
    {
      maxLength: 24,
    },
  )
  .map((parts) => parts.join(''));

describe('CTI markup', () => {
  it('strips what the old expressions stripped (differential, 3,000 inputs)', () => {
    let tried = 0;
    fc.assert(
      fc.property(markup, fc.constantFrom('', ' '), (text, replacement) => {
        tried++;
        expect(stripCitations(text, replacement)).toBe(text.replace(oldCitation, replacement));
        expect(unwrapMarkdownLinks(text)).toBe(text.replace(oldMarkdownLink, '$1'));
      }),
      { numRuns: 3000 },
    );
    expect(tried).toBe(3000);
  });

  it('keeps labels and drops citations in real ATT&CK text', () => {
    const text =
      '[APT29](https://attack.mitre.org/groups/G0016) used [PowerShell](https://attack.mitre.org/techniques/T1059/001) to run code.(Citation: Mandiant No Easy Breach)';
    expect(unwrapMarkdownLinks(stripCitations(text, ''))).toBe('APT29 used PowerShell to run code.');
  });

  it('reads 1 MiB of unclosed markers in one pass (hostile input: the old form rescans from each)', () => {
    const citations = '(Citation:'.repeat(104_858);
    expect(stripCitations(citations, ' ')).toBe(citations);
    expect(stripCitations(`${citations})`, '')).toBe('');
    const links = '[a](b'.repeat(209_715);
    expect(unwrapMarkdownLinks(links)).toBe(links);
    expect(unwrapMarkdownLinks('['.repeat(1 << 20))).toBe('['.repeat(1 << 20));
  });
});
