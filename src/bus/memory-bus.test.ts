import { describe, expect, it } from 'vitest';
import { MemoryBus } from './memory-bus.js';
import { partitionOf } from './partition-of.js';
import { runBusContract } from './test-support/bus-contract.js';

runBusContract('in-process', async () => new MemoryBus({ partitions: 4, retryDelayMs: 20 }));

describe('in-process bus bounds', () => {
  it('makes publish wait while the slowest group is too far behind', async () => {
    const bus = new MemoryBus({ partitions: 2, maxUnacknowledged: 10 });
    let release: () => void = () => {};
    const gate = new Promise<void>((resolve) => {
      release = resolve;
    });
    const subscription = bus.subscribe({ topic: 't', group: 'g', consumer: 'c' }, { handle: () => gate });
    await bus.publish(
      't',
      Array.from({ length: 11 }, (_, n) => ({ key: `k${n}`, payload: n })),
    );
    let done = false;
    const waiting = bus.publish('t', [{ key: 'late', payload: 0 }]).then(() => {
      done = true;
    });
    await new Promise((resolve) => setTimeout(resolve, 50));
    expect(done).toBe(false);
    release();
    await waiting;
    expect(done).toBe(true);
    await subscription.close();
    await bus.close();
  });

  it('spreads keys over partitions stably', () => {
    expect(partitionOf('ws01', 8)).toBe(partitionOf('ws01', 8));
    const used = new Set(Array.from({ length: 100 }, (_, n) => partitionOf(`host-${n}`, 8)));
    expect(used.size).toBe(8);
  });
});
