/** The input quotas applied to intelligence files: decompressed volume of a `.gz`, size of one STIX object. */
import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { gzipSync } from 'node:zlib';
import { describe, expect, it } from 'vitest';
import { importIntel } from './import-intel.js';

const indicator = (n: number, extra: Record<string, unknown> = {}) => ({
  type: 'indicator',
  spec_version: '2.1',
  id: `indicator--5d2e1f00-0000-4000-8000-${String(n).padStart(12, '0')}`,
  created: '2024-01-01T00:00:00.000Z',
  modified: '2024-01-01T00:00:00.000Z',
  pattern: `[ipv4-addr:value = '198.51.100.${n % 250}']`,
  pattern_type: 'stix',
  valid_from: '2024-01-01T00:00:00.000Z',
  ...extra,
});
const bundle = (objects: unknown[]) =>
  JSON.stringify({ type: 'bundle', id: 'bundle--0c4d8a6e-1f2b-4c3d-8e9f-0a1b2c3d4e5f', objects });

describe('intelligence under the input quotas', () => {
  const folder = mkdtempSync(join(tmpdir(), 'vigil-intel-limits-'));

  it('stops a .gz bundle at the decompressed-volume limit, naming the file and the limit', async () => {
    const bomb = join(folder, 'bomb.json.gz');
    writeFileSync(bomb, gzipSync(bundle(Array.from({ length: 5_000 }, (_, index) => indicator(index)))));
    const result = await importIntel([bomb], { limits: { maxDecompressedBytes: 256 * 1024 } });
    expect(result.indicators).toEqual([]);
    expect(result.rejected).toEqual([
      {
        source: bomb,
        reason: `${bomb} decompresses to more than 262144 bytes (limit maxDecompressedBytes, --max-decompressed-bytes); the rest of it is not read`,
      },
    ]);
    expect((await importIntel([bomb])).indicators).toHaveLength(5_000);
  });

  it('refuses a STIX object over the record limit by position and keeps the others', async () => {
    const file = join(folder, 'big-object.json');
    writeFileSync(file, bundle([indicator(1), indicator(2, { description: 'x'.repeat(200_000) }), indicator(3)]));
    const result = await importIntel([file], { limits: { maxRecordBytes: 100_000 } });
    expect(result.indicators.map((item) => item.value)).toEqual(['198.51.100.1', '198.51.100.3']);
    expect(result.rejected).toEqual([
      {
        source: file,
        position: 'objects[1]',
        reason: 'object larger than 100000 bytes (limit maxRecordBytes, --max-record-bytes)',
      },
    ]);
  });
});
