/**
 * Fuzz runs (fast-check) of every parser of external input (`test/parser-properties.ts`): each
 * must refuse an input only with Vigil's typed error, name a rejection's position and keep the
 * good records around a bad one. CI runs each property a few hundred times; `npm run bench fuzz`
 * runs them thousands of times and prints the count of inputs tried per parser.
 */
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { parserProperties } from './parser-properties.js';

const runs = 150;

describe('parser fuzzing', () => {
  for (const property of parserProperties())
    it(`${property.parser} (${runs} inputs)`, async () => {
      const details = await property.check(runs);
      expect(details.failed, fc.defaultReportMessage(details) ?? '').toBe(false);
      expect(details.numRuns).toBe(runs);
    });
});
