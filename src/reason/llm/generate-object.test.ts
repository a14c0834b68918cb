import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { extractJsonText } from './generate-object.js';

/** The V8 form extractJsonText replaces (quadratic on white space after an unclosed fence). */
const oldExtract = (text: string) => (/```(?:json)?\s*([\s\S]*?)```/i.exec(text)?.[1] ?? text).trim();

describe('extractJsonText', () => {
  it('finds what the old expression found (differential, 3,000 inputs)', () => {
    let tried = 0;
    fc.assert(
      fc.property(
        fc.array(fc.constantFrom('```', '`', '``', 'json', 'JSON', 'js', ' ', '\n', '\t', '{"a":1}', 'x'), {
          maxLength: 16,
        }),
        (parts) => {
          tried++;
          const text = parts.join('');
          expect(extractJsonText(text)).toBe(oldExtract(text));
        },
      ),
      { numRuns: 3000 },
    );
    expect(tried).toBe(3000);
  });

  it('takes the fenced block a chatty model adds, or the whole reply', () => {
    expect(extractJsonText('Here it is:\n```json\n{"verdict":"benign"}\n```\nThanks')).toBe('{"verdict":"benign"}');
    expect(extractJsonText(' {"a":1} ')).toBe('{"a":1}');
  });

  it('reads an unclosed fence before 1 MiB of white space in one pass (hostile input)', () => {
    const text = `\`\`\`json${' '.repeat(1 << 20)}{`;
    expect(extractJsonText(text)).toBe(text.trim());
  });
});
