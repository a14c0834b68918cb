/** Events prepared as they are read (no `onEvents` hook) are stored as the held ones are. */
import { join } from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import type { Event } from '../core/index.js';
import { openStore, type Store } from '../store/index.js';
import { ingestIntoStore } from './ingest-into-store.js';

const demoLogs = join(import.meta.dirname, '..', '..', 'examples', 'demo', 'logs');

describe('ingestIntoStore', () => {
  const stores: Store[] = [];
  afterEach(async () => {
    for (const store of stores.splice(0)) await store.close();
  });

  it('stores, counts and reports the same with and without an onEvents hook, over many small writes', async () => {
    const run = async (hook: boolean) => {
      const store = await openStore(':memory:');
      stores.push(store);
      const written: number[] = [];
      const seen: Event[] = [];
      // Tiny batches and writes, so events of several batches are grouped into each write.
      const summary = await ingestIntoStore([demoLogs], store, {
        durability: 'replayable',
        transactionBytes: 2000,
        batchSize: 3,
        onStored: (count) => written.push(count),
        ...(hook ? { onEvents: (events: readonly Event[]) => void seen.push(...events) } : {}),
      });
      const stored = await store.listEvents({ limit: 100_000 });
      return { summary, written, seen, stored };
    };
    const prepared = await run(false);
    const held = await run(true);
    expect(prepared.summary.events).toBeGreaterThan(20);
    expect(prepared.written.length).toBeGreaterThan(3);
    expect(prepared.written.reduce((total, count) => total + count, 0)).toBe(prepared.summary.events);
    expect(held.written).toEqual(prepared.written);
    expect(held.summary).toEqual(prepared.summary);
    expect(held.stored).toEqual(prepared.stored);
    expect(prepared.stored).toHaveLength(prepared.summary.stored);
    expect(held.seen.map((event) => event.id).sort()).toEqual(held.stored.map((event) => event.id).sort());
    expect(prepared.seen).toEqual([]);
  });
});
