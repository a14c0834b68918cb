import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { MemoryBus } from '../bus/index.js';
import { ExternalServiceError } from '../core/index.js';
import { setIndicatorOverride } from '../knowledge/index.js';
import { loadKnowledge } from '../pipeline/index.js';
import { openStore, type Store } from '../store/index.js';
import { parseStages, publishFiles, startWorker, topics } from './index.js';

const c2 = '203.0.113.50';
const header = [
  '#separator \\x09',
  '#path\tconn',
  '#fields\tts\tuid\tid.orig_h\tid.orig_p\tid.resp_h\tid.resp_p\tproto',
  '#types\ttime\tstring\taddr\tport\taddr\tport\tenum',
].join('\n');

let folder: string;
let store: Store;
beforeEach(async () => {
  folder = mkdtempSync(join(tmpdir(), 'vigil-refresh-'));
  store = await openStore(join(folder, 'vigil.db'));
  await store.upsertIndicators([
    {
      id: 'indicator--5b1f0a52-6f7e-4c1b-9d59-7d0a3c9e1a01',
      type: 'ipv4-addr',
      value: c2,
      confidence: 80,
      revoked: false,
      source: 'analyst',
      tlp: 'clear',
      labels: ['c2'],
      techniques: [],
    },
  ]);
});
afterEach(async () => {
  await store.close();
  rmSync(folder, { recursive: true, force: true });
});

/** One Zeek connection to the listed address, as its own log file. */
function connection(name: string, seconds: number): string {
  const path = join(folder, `${name}.log`);
  writeFileSync(
    path,
    `${header}\n${1730797374 + seconds}.000000\tC${name}\t10.10.21.15\t5${seconds}\t${c2}\t443\ttcp\n`,
  );
  return path;
}

async function settle(bus: MemoryBus): Promise<void> {
  for (let round = 0; round < 500; round++) {
    const lag = (await bus.lag(topics.records, 'ingest')) + (await bus.lag(topics.events, 'detect'));
    if (lag === 0) return;
    await new Promise((done) => setTimeout(done, 10));
  }
  throw new Error('the workers did not settle');
}

/** Intel alerts on the first and the second connection, with an analyst's allow-listing between them. */
async function intelAlertsAround(knowledgeRefreshMs: number): Promise<[number, number]> {
  const knowledge = await loadKnowledge({ rules: [resolve(import.meta.dirname, '../../rules/network')], intel: [] });
  const bus = new MemoryBus({ partitions: 1 });
  const worker = startWorker({
    bus,
    store,
    stages: parseStages('ingest,detect'),
    knowledge,
    consumer: 'w1',
    knowledgeRefreshMs,
  });
  const intelAlerts = async () =>
    (await store.listAlerts({ limit: 1000 })).filter((alert) => alert.source === 'indicator').length;
  await publishFiles(bus, [connection('first', 1)]);
  await settle(bus);
  const before = await intelAlerts();
  await setIndicatorOverride(store, {
    target: { type: 'ipv4-addr', value: c2 },
    override: { kind: 'allow', reason: 'our own scanner' },
    author: 'analyst',
  });
  await publishFiles(bus, [connection('second', 600)]);
  await settle(bus);
  const after = (await intelAlerts()) - before;
  await worker.close();
  await bus.close();
  return [before, after];
}

describe('a running worker and the knowledge analysts change', () => {
  it('applies an allow-listing made while it runs, from the next batch on', async () => {
    expect(await intelAlertsAround(0)).toEqual([1, 0]);
  }, 30_000);

  it('keeps what it read until its knowledge is older than the refresh interval', async () => {
    expect(await intelAlertsAround(3_600_000)).toEqual([1, 1]);
  }, 30_000);

  it('opens its knowledge again after a first read that failed while the store was down', async () => {
    const knowledge = await loadKnowledge({ rules: [resolve(import.meta.dirname, '../../rules/network')], intel: [] });
    const bus = new MemoryBus({ partitions: 1 });
    let failures = 1;
    // The store's first knowledge read fails, as it does while PostgreSQL is down.
    const flaky: Store = new Proxy(store, {
      get(target, property, receiver) {
        const value = Reflect.get(target, property, receiver);
        if (typeof value !== 'function') return value;
        if (property !== 'listAudit') return value.bind(target);
        return (...parameters: unknown[]) => {
          if (failures-- > 0)
            return Promise.reject(new ExternalServiceError('the store is down (planted)', { retryable: true }));
          return value.apply(target, parameters);
        };
      },
    });
    const worker = startWorker({ bus, store: flaky, stages: parseStages('ingest,detect'), knowledge, consumer: 'w1' });
    await publishFiles(bus, [connection('first', 1)]);
    await settle(bus);
    await worker.close();
    await bus.close();
    expect(failures).toBeLessThan(0);
    expect((await store.listAlerts({ limit: 1000 })).filter((alert) => alert.source === 'indicator')).toHaveLength(1);
  }, 30_000);
});
