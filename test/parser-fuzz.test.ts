/**
 * Fuzz runs (fast-check) of the parsers hostile text reaches first, each with the number of
 * inputs it tried: a parser may refuse an input only with its typed error, never with a stack
 * overflow, a TypeError or a hang.
 */
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { VigilError } from '../src/core/index.js';
import { JsonLimitError, parseBoundedJson } from '../src/guard/index.js';
import { readEvents } from '../src/ingest/index.js';
import { PatternSyntaxError, parsePattern } from '../src/intel/index.js';
import { compileExpression } from '../src/respond/index.js';

const nesting = fc
  .tuple(fc.integer({ min: 0, max: 20_000 }), fc.constantFrom('[', '{"a":'), fc.string({ maxLength: 20 }))
  .map(([depth, opener, filler]) => `${opener.repeat(depth)}${filler}${(opener === '[' ? ']' : '}').repeat(depth)}`);
const patternText = fc
  .array(
    fc.constantFrom(
      '[',
      ']',
      '(',
      ')',
      "'",
      ' AND ',
      ' OR ',
      ' MATCHES ',
      ' = ',
      'ipv4-addr:value',
      'x',
      "\\'",
      'FOLLOWEDBY',
      ' WITHIN 5 SECONDS',
      '(a+)+$',
    ),
    {
      maxLength: 40,
    },
  )
  .map((parts) => parts.join(''));
const expressionText = fc
  .array(
    fc.constantFrom(
      'steps',
      '.',
      '[',
      ']',
      '(',
      ')',
      "'x'",
      '"',
      '&&',
      '||',
      '!',
      '==',
      'join',
      ',',
      '1',
      ' ',
      '${{',
      '}}',
      '__proto__',
      'constructor',
    ),
    {
      maxLength: 40,
    },
  )
  .map((parts) => parts.join(''));

async function readAll(text: string): Promise<number> {
  let count = 0;
  for await (const batch of readEvents(
    ['-'],
    {},
    {
      stdin: (async function* () {
        yield Buffer.from(text);
      })(),
    },
  ))
    count += batch.events.length + batch.rejected.length;
  return count;
}

describe('parser fuzzing', () => {
  it('bounded JSON: refuses deep or malformed text only with JsonLimitError (3,000 inputs)', () => {
    let tried = 0;
    fc.assert(
      fc.property(fc.oneof(nesting, fc.json(), fc.string({ maxLength: 200 })), (text) => {
        tried++;
        try {
          parseBoundedJson(text);
        } catch (error) {
          expect(error).toBeInstanceOf(JsonLimitError);
        }
      }),
      { numRuns: 3000 },
    );
    expect(tried).toBe(3000);
  });

  it('STIX patterns: refuses only with PatternSyntaxError (3,000 inputs)', () => {
    let tried = 0;
    fc.assert(
      fc.property(fc.oneof(patternText, fc.string({ maxLength: 100 })), (text) => {
        tried++;
        try {
          parsePattern(text);
        } catch (error) {
          expect(error).toBeInstanceOf(PatternSyntaxError);
        }
      }),
      { numRuns: 3000 },
    );
    expect(tried).toBe(3000);
  });

  it('playbook expressions: refuses only with a VigilError (3,000 inputs)', () => {
    let tried = 0;
    fc.assert(
      fc.property(fc.oneof(expressionText, fc.string({ maxLength: 100 })), (text) => {
        tried++;
        try {
          compileExpression(text).evaluate({ steps: { a: { status: 'succeeded', output: null } } });
        } catch (error) {
          expect(VigilError.isInstance(error)).toBe(true);
        }
      }),
      { numRuns: 3000 },
    );
    expect(tried).toBe(3000);
  });

  it('log records: reading never throws for content, nesting and binary included (300 inputs)', async () => {
    let tried = 0;
    await fc.assert(
      fc.asyncProperty(
        fc.array(fc.oneof(nesting, fc.json(), fc.string({ maxLength: 120 }), fc.constant('\u0000'.repeat(300))), {
          minLength: 1,
          maxLength: 8,
        }),
        async (records) => {
          tried++;
          const lines = records.map((record) => record.replace(/[\r\n]/g, ' ')).filter((line) => line.trim() !== '');
          const seen = await readAll(`${lines.join('\n')}\n`);
          expect(seen).toBeGreaterThanOrEqual(0);
        },
      ),
      { numRuns: 300 },
    );
    expect(tried).toBe(300);
  });
});
