import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { gzipSync } from 'node:zlib';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { makeZip } from '../../test/make-zip.js';
import { MemoryBus } from '../bus/index.js';
import { ingestIntoStore, loadKnowledge } from '../pipeline/index.js';
import { openStore, type Store } from '../store/index.js';
import { parseStages, publishFiles, startWorker, topics } from './index.js';

const demo = resolve(import.meta.dirname, '../../examples/demo/logs');
const read = (file: string) => readFileSync(join(demo, file));

let folder: string;
beforeEach(() => {
  folder = mkdtempSync(join(tmpdir(), 'vigil-publish-'));
});
afterEach(() => rmSync(folder, { recursive: true, force: true }));

/** A gzip of the Zeek connections and a zip of the DNS log and the workstation events. */
function archives(): string[] {
  const gz = join(folder, 'conn.log.gz');
  writeFileSync(gz, gzipSync(read('zeek/conn.log')));
  const zip = join(folder, 'bundle.zip');
  writeFileSync(
    zip,
    makeZip({ 'zeek/dns.log': read('zeek/dns.log'), 'windows/workstations.jsonl': read('windows/workstations.jsonl') }),
  );
  return [gz, zip];
}

async function eventIds(store: Store): Promise<string[]> {
  return (await store.listEvents({ limit: 10_000 })).map((event) => event.id).sort();
}

describe('publishFiles', () => {
  let store: Store | undefined;
  afterEach(async () => store?.close());

  it('reads .gz and .zip inputs as ingest does: the workers store exactly the events `vigil ingest` stores', async () => {
    const inputs = archives();
    store = await openStore(':memory:');
    const knowledge = await loadKnowledge({ rules: [resolve(import.meta.dirname, '../../rules/network')], intel: [] });
    const bus = new MemoryBus({ partitions: 2 });
    const worker = startWorker({ bus, store, stages: parseStages('ingest'), knowledge, consumer: 'w1' });
    const published = await publishFiles(bus, inputs, { chunkLines: 40 });
    for (let round = 0; round < 500 && (await bus.lag(topics.records, 'ingest')) > 0; round++)
      await new Promise((done) => setTimeout(done, 10));
    await worker.close();
    await bus.close();
    expect(published.failures).toEqual([]);
    const plainLines = ['zeek/conn.log', 'zeek/dns.log', 'windows/workstations.jsonl']
      .map((file) => read(file).toString('utf8').split('\n').length - 1)
      .reduce((sum, count) => sum + count, 0);
    expect(published.lines).toBe(plainLines);
    const direct = await openStore(':memory:');
    await ingestIntoStore(inputs, direct);
    const expected = await eventIds(direct);
    await direct.close();
    expect(expected.length).toBeGreaterThan(100);
    expect(await eventIds(store)).toEqual(expected);
  }, 30_000);

  it('reports a truncated gzip and an input over its quota by name, and sends what it could read', async () => {
    const [gz, zip] = archives() as [string, string];
    const whole = readFileSync(gz);
    const truncated = join(folder, 'cut.log.gz');
    writeFileSync(truncated, whole.subarray(0, Math.floor(whole.length / 2)));
    const bus = new MemoryBus({ partitions: 1 });
    const published = await publishFiles(bus, [truncated, zip], { limits: { maxDecompressedBytes: 20_000 } });
    await bus.close();
    expect(published.lines).toBeGreaterThan(0);
    expect(published.failures).toEqual(
      expect.arrayContaining([
        { file: truncated, reason: 'truncated gzip: unexpected end of file' },
        expect.objectContaining({ file: zip, reason: expect.stringMatching(/maxDecompressedBytes/) }),
      ]),
    );
  });
});
