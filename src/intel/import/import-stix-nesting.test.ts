/** STIX documents nested very deep: the deep object is refused by position and id, the rest of the bundle kept. */
import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { importIntel } from './import-intel.js';
import { importStixDocument } from './import-stix.js';

const indicator = (n: number, pattern: string) => ({
  type: 'indicator',
  spec_version: '2.1',
  id: `indicator--7e1c2a3b-0000-4000-8000-00000000000${n}`,
  created: '2024-01-01T00:00:00.000Z',
  modified: '2024-01-01T00:00:00.000Z',
  pattern,
  pattern_type: 'stix',
  valid_from: '2024-01-01T00:00:00.000Z',
});
const ipPattern = (n: number) => `[ipv4-addr:value = '198.51.100.${n}']`;
const nested = (levels: number) => `${'['.repeat(levels)}${']'.repeat(levels)}`;
const withDeepProperty = (n: number, levels: number) =>
  JSON.stringify(indicator(n, ipPattern(n))).replace(/}$/, `,"x_deep":${nested(levels)}}`);

describe('STIX import of deeply nested objects and patterns', () => {
  it('refuses a 10,000-level object and a 10,000-parenthesis pattern by position and id, keeping the good objects', async () => {
    const objects = [
      JSON.stringify(indicator(1, ipPattern(1))),
      JSON.stringify(indicator(2, `${'('.repeat(10_000)}${ipPattern(2)}${')'.repeat(10_000)}`)),
      withDeepProperty(3, 10_000),
      `{"type":"x-junk","list":${nested(100_000)}}`,
      JSON.stringify(indicator(5, ipPattern(5))),
    ];
    const file = join(mkdtempSync(join(tmpdir(), 'vigil-stix-deep-')), 'deep.json');
    writeFileSync(file, `{"type":"bundle","id":"bundle--6f8b6f9a-3c3b-4e1f-9a55-1c1b0e1c9f01","objects":[${objects}]}`);
    const result = await importIntel([file]);
    expect(result.indicators.map((item) => item.value).sort()).toEqual(['198.51.100.1', '198.51.100.5']);
    expect(result.objects).toBe(2);
    expect(result.rejected).toEqual([
      {
        source: file,
        position: 'objects[1]',
        objectId: 'indicator--7e1c2a3b-0000-4000-8000-000000000002',
        reason: expect.stringContaining('expected at most 100 nested parentheses or brackets'),
      },
      {
        source: file,
        position: 'objects[2]',
        objectId: 'indicator--7e1c2a3b-0000-4000-8000-000000000003',
        reason: expect.stringMatching(
          /^object indicator indicator--7e1c2a3b-0000-4000-8000-000000000003: JSON nested deeper than 64 levels/,
        ),
      },
      {
        source: file,
        position: 'objects[3]',
        reason: expect.stringMatching(/^object: JSON nested deeper than 64 levels \(at character \d+\)$/),
      },
    ]);
  });

  it('refuses a deep single object or array element (a document without `objects`), and a TAXII envelope element', async () => {
    const single = await importStixDocument([withDeepProperty(1, 10_000)], 'single.json');
    expect(single.objects).toBe(0);
    expect(single.rejected).toEqual([
      {
        source: 'single.json',
        position: 'objects[0]',
        objectId: 'indicator--7e1c2a3b-0000-4000-8000-000000000001',
        reason: 'object indicator indicator--7e1c2a3b-0000-4000-8000-000000000001: JSON nested deeper than 64 levels',
      },
    ]);
    const array = await importStixDocument(
      [`[${JSON.stringify(indicator(2, ipPattern(2)))},${withDeepProperty(3, 10_000)}]`],
      'array.json',
    );
    expect(array.indicators.map((item) => item.value)).toEqual(['198.51.100.2']);
    expect(array.rejected.map((item) => item.position)).toEqual(['objects[1]']);
    const envelope = await importStixDocument(
      [`{"more":false,"objects":[${withDeepProperty(4, 10_000)},${JSON.stringify(indicator(5, ipPattern(5)))}]}`],
      'taxii',
    );
    expect(envelope.indicators.map((item) => item.value)).toEqual(['198.51.100.5']);
    expect(envelope.rejected.map((item) => [item.position, item.objectId])).toEqual([
      ['objects[0]', 'indicator--7e1c2a3b-0000-4000-8000-000000000004'],
    ]);
  });
});
