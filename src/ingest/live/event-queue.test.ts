import { describe, expect, it } from 'vitest';
import type { Event } from '../../core/index.js';
import { EventQueue } from './event-queue.js';

function event(index: number, raw = `line ${index}`): Event {
  return {
    id: String(index),
    timestamp: '2024-01-01T00:00:00.000Z',
    origin: { format: 'text' },
    kind: 'event',
    category: [],
    outcome: 'unknown',
    observables: [],
    fields: {},
    raw,
  };
}

const pause = (milliseconds: number) => new Promise((resolve) => setTimeout(resolve, milliseconds));

describe('EventQueue', () => {
  it('makes fast producers wait for a slow consumer, so the queue never holds more than its bound', async () => {
    const queue = new EventQueue({ maxEvents: 20, batchSize: 5 });
    let produced = 0;
    const producer = async (offset: number) => {
      for (let index = 0; index < 100; index += 1) {
        await queue.put([event(offset + index)]);
        produced += 1;
      }
    };
    const producers = Promise.all([producer(0), producer(1000)]).then(() => queue.close());
    const seen: string[] = [];
    for await (const batch of queue) {
      expect(produced - seen.length).toBeLessThanOrEqual(20 + 2);
      seen.push(...batch.events.map((item) => item.id));
      await pause(1);
    }
    await producers;
    expect(seen).toHaveLength(200);
    expect(queue.highWater).toBeLessThanOrEqual(21);
    expect(queue.delivered).toBe(200);
  });

  it('bounds raw bytes as well as events, refuses offers when full, and lets a waiting put be aborted', async () => {
    const queue = new EventQueue({ maxBytes: 100 });
    expect(queue.offer([event(1, 'x'.repeat(150))])).toBe(true);
    expect(queue.full).toBe(true);
    expect(queue.offer([event(2)])).toBe(false);
    const controller = new AbortController();
    const waiting = queue.put([event(3)], [], controller.signal);
    controller.abort(new Error('stop'));
    await expect(waiting).rejects.toThrow('stop');
    const iterator = queue[Symbol.asyncIterator]();
    expect((await iterator.next()).value?.events.map((item: Event) => item.id)).toEqual(['1']);
    expect(queue.full).toBe(false);
  });

  it('ends the iteration after close once the queued events are taken, and rejects later puts', async () => {
    const queue = new EventQueue();
    await queue.put([event(1)], [{ file: 'x', reason: 'bad' }]);
    queue.close();
    const batches = [];
    for await (const batch of queue) batches.push(batch);
    expect(batches).toEqual([{ events: [event(1)], rejected: [{ file: 'x', reason: 'bad' }] }]);
    await expect(queue.put([event(2)])).rejects.toThrow('closed');
  });
});
