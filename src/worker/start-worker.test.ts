import { resolve } from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { MemoryBus } from '../bus/index.js';
import { ingestIntoStore, loadKnowledge } from '../pipeline/index.js';
import { openStore, type Store } from '../store/index.js';
import { parseStages, publishFiles, startWorker, topics } from './index.js';

const demo = resolve(import.meta.dirname, '../../examples/demo/logs');
const files = ['windows/workstations.jsonl', 'zeek/conn.log', 'zeek/dns.log'].map((file) => resolve(demo, file));

const settle = async (bus: MemoryBus, groups: [string, string][], rounds = 400) => {
  for (let round = 0; round < rounds; round++) {
    let lag = 0;
    for (const [topic, group] of groups) lag += await bus.lag(topic, group);
    if (lag === 0) return;
    await new Promise((done) => setTimeout(done, 10));
  }
  throw new Error('the pipeline did not settle');
};

describe('stage workers over the in-process bus', () => {
  let store: Store | undefined;
  afterEach(async () => store?.close());

  it('stores every event once and builds incidents, with the stages split over two workers', async () => {
    store = await openStore(':memory:');
    const knowledge = await loadKnowledge({ rules: [resolve(import.meta.dirname, '../../rules')], intel: [] });
    const bus = new MemoryBus({ partitions: 4 });
    const log: string[] = [];
    const first = startWorker({
      bus,
      store,
      stages: parseStages('ingest,detect'),
      knowledge,
      consumer: 'w1',
      log: (line) => log.push(line),
    });
    const second = startWorker({
      bus,
      store,
      stages: parseStages('all'),
      knowledge,
      consumer: 'w2',
      correlate: { debounceMs: 20 },
    });
    const published = await publishFiles(bus, files, { chunkLines: 50 });
    // The same files again: every event is already stored, nothing doubles.
    await publishFiles(bus, files, { chunkLines: 50 });
    await settle(bus, [
      [topics.records, 'ingest'],
      [topics.events, 'detect'],
      [topics.alerts, 'correlate'],
    ]);
    // The correlate stage recomputes a partition's incidents after its debounce, and reasoning
    // settles while the workers run (the first incident builds the evidence model).
    for (let round = 0; round < 500 && (await store.listIncidents()).length === 0; round++)
      await new Promise((done) => setTimeout(done, 20));
    await settle(bus, [[topics.incidents, 'reason']], 3_000);
    await first.close();
    await second.close();
    expect(published.lines).toBe(506);
    // Exactly the events a direct, single-process ingest of the same files stores.
    const direct = await openStore(':memory:');
    await ingestIntoStore(files, direct);
    const ids = async (target: Store) => (await target.listEvents({ limit: 10_000 })).map((event) => event.id).sort();
    expect(await ids(store)).toEqual(await ids(direct));
    await direct.close();
    const incidents = await store.listIncidents();
    expect(incidents.length).toBeGreaterThan(0);
    const alerts = await store.listAlerts({ limit: 100_000 });
    expect(new Set(alerts.map((alert) => alert.id)).size).toBe(alerts.length);
    expect(log.filter((line) => line.includes('refused'))).toEqual([]);
    await bus.close();
  });

  it('refuses unknown stages; `all` is the pipeline without respond, which is only run when named', () => {
    expect(() => parseStages('ingest,parse')).toThrow(/unknown stage/);
    expect(parseStages('detect, correlate,detect')).toEqual(['detect', 'correlate']);
    expect(parseStages('all')).toEqual(['ingest', 'detect', 'correlate', 'link', 'reason']);
    expect(parseStages('all,respond')).toEqual(['ingest', 'detect', 'correlate', 'link', 'reason', 'respond']);
  });

  it('refuses to build the respond stage without an orchestrator', async () => {
    const bus = new MemoryBus({ partitions: 1 });
    const opened = await openStore(':memory:');
    store = opened;
    const knowledge = await loadKnowledge({ rules: [], intel: [] });
    expect(() => startWorker({ bus, store: opened, stages: ['respond'], knowledge, consumer: 'w' })).toThrow(
      /orchestrator/,
    );
    await bus.close();
  });
});
