/**
 * The behaviour every `EventBus` implementation must show. Each implementation's test file calls
 * `runBusContract` with a factory that opens a fresh bus (4 partitions, short leases).
 */
import { afterEach, describe, expect, it } from 'vitest';
import type { Delivery, EventBus, PartitionHandler, Subscription } from '../event-bus.js';

const waitUntil = async (condition: () => boolean | Promise<boolean>, timeoutMs = 10_000) => {
  const deadline = Date.now() + timeoutMs;
  while (!(await condition())) {
    if (Date.now() > deadline) throw new Error('condition not met in time');
    await new Promise((resolve) => setTimeout(resolve, 20));
  }
};

const records = (count: number, keys = ['ws01', 'ws02', 'ws03', 'srv1', 'srv2']) =>
  Array.from({ length: count }, (_, index) => ({ key: keys[index % keys.length]!, payload: { n: index } }));

function recorder(extra: Partial<PartitionHandler> = {}) {
  const seen: Delivery[] = [];
  const history: Delivery[] = [];
  const handler: PartitionHandler = {
    async assigned(_partition, replay) {
      for await (const delivery of replay) history.push(delivery);
    },
    async handle(_partition, deliveries) {
      seen.push(...deliveries);
    },
    ...extra,
  };
  return { seen, history, handler };
}

export function runBusContract(name: string, open: () => Promise<EventBus>): void {
  describe(`EventBus contract: ${name}`, () => {
    let bus: EventBus;
    const subscriptions: Subscription[] = [];
    afterEach(async () => {
      for (const subscription of subscriptions.splice(0)) await subscription.close();
      await bus.close();
    });

    it('delivers every record to each group once, in order per key, one partition per key', async () => {
      bus = await open();
      const first = recorder();
      const second = recorder();
      subscriptions.push(bus.subscribe({ topic: 't', group: 'g1', consumer: 'c1' }, first.handler));
      subscriptions.push(bus.subscribe({ topic: 't', group: 'g2', consumer: 'c1', batchSize: 7 }, second.handler));
      await bus.publish('t', records(60));
      await waitUntil(() => first.seen.length >= 60 && second.seen.length >= 60);
      for (const { seen } of [first, second]) {
        expect(seen.map((delivery) => (delivery.payload as { n: number }).n).sort((a, b) => a - b)).toEqual(
          Array.from({ length: 60 }, (_, index) => index),
        );
        const byKey = new Map<string, number[]>();
        const partitionOfKey = new Map<string, number>();
        for (const delivery of seen) {
          byKey.set(delivery.key, [...(byKey.get(delivery.key) ?? []), (delivery.payload as { n: number }).n]);
          expect(partitionOfKey.get(delivery.key) ?? delivery.partition).toBe(delivery.partition);
          partitionOfKey.set(delivery.key, delivery.partition);
        }
        for (const values of byKey.values()) expect(values).toEqual([...values].sort((a, b) => a - b));
      }
      await waitUntil(async () => (await bus.lag('t', 'g1')) === 0);
      expect(bus.health().healthy).toBe(true);
    });

    it('reads what a topic holds without consuming it, up to a limit', async () => {
      bus = await open();
      await bus.publish('held', records(12));
      const all = await bus.read('held', 100);
      expect(all.map((delivery) => (delivery.payload as { n: number }).n).sort((a, b) => a - b)).toEqual(
        Array.from({ length: 12 }, (_, index) => index),
      );
      expect(await bus.read('held', 5)).toHaveLength(5);
      expect(await bus.read('nothing-here', 5)).toEqual([]);
      const reader = recorder();
      subscriptions.push(bus.subscribe({ topic: 'held', group: 'g', consumer: 'c1' }, reader.handler));
      await waitUntil(() => reader.seen.length >= 12);
    });

    it('delivers a failed batch again, with a higher attempt number', async () => {
      bus = await open();
      let failures = 0;
      const attempts: number[] = [];
      const { seen, handler } = recorder();
      subscriptions.push(
        bus.subscribe(
          { topic: 't', group: 'g', consumer: 'c1' },
          {
            ...handler,
            async handle(partition, deliveries) {
              if (failures === 0) {
                failures++;
                throw new Error('transient');
              }
              attempts.push(...deliveries.map((delivery) => delivery.attempt));
              await handler.handle(partition, deliveries);
            },
          },
        ),
      );
      await bus.publish('t', [{ key: 'ws01', payload: { n: 1 } }]);
      await waitUntil(() => seen.length === 1);
      expect(attempts).toEqual([2]);
    });

    it('gives a dead consumer’s partitions, history and unacknowledged records to another', async () => {
      bus = await open();
      let block = true;
      const dying = recorder({
        async handle(_partition, deliveries) {
          if (block && deliveries.some((delivery) => (delivery.payload as { n: number }).n >= 10))
            await new Promise(() => {});
        },
      });
      const doomed = bus.subscribe({ topic: 't', group: 'g', consumer: 'dies' }, dying.handler);
      await waitUntil(() => doomed.partitions().length > 0);
      await bus.publish('t', records(10, ['ws01']));
      await waitUntil(async () => (await bus.lag('t', 'g')) === 0);
      await bus.publish('t', records(15, ['ws01']).slice(10));
      await new Promise((resolve) => setTimeout(resolve, 200));
      doomed.abandon();
      block = false;
      const heir = recorder();
      subscriptions.push(bus.subscribe({ topic: 't', group: 'g', consumer: 'heir' }, heir.handler));
      await waitUntil(() => heir.seen.length >= 5, 15_000);
      expect(heir.history.map((delivery) => (delivery.payload as { n: number }).n)).toEqual([
        0, 1, 2, 3, 4, 5, 6, 7, 8, 9,
      ]);
      expect(heir.seen.map((delivery) => (delivery.payload as { n: number }).n)).toEqual([10, 11, 12, 13, 14]);
      // The record the dead consumer held is delivered again; later ones may be first deliveries.
      expect(heir.seen[0]!.attempt).toBeGreaterThan(1);
    });

    it('offers a partition again when taking it failed, and still delivers a predecessor’s unacknowledged records', async () => {
      bus = await open();
      let block = true;
      const dying = recorder({
        async handle(_partition, deliveries) {
          if (block && deliveries.some((delivery) => (delivery.payload as { n: number }).n >= 3))
            await new Promise(() => {});
        },
      });
      const doomed = bus.subscribe({ topic: 't', group: 'g', consumer: 'dies' }, dying.handler);
      await waitUntil(() => doomed.partitions().length > 0);
      await bus.publish('t', records(3, ['ws01']));
      await waitUntil(async () => (await bus.lag('t', 'g')) === 0);
      await bus.publish('t', records(6, ['ws01']).slice(3));
      await new Promise((resolve) => setTimeout(resolve, 200));
      doomed.abandon();
      block = false;
      let refusals = 0;
      const heir = recorder();
      subscriptions.push(
        bus.subscribe(
          { topic: 't', group: 'g', consumer: 'heir' },
          {
            ...heir.handler,
            async assigned(partition, history) {
              // The first two attempts fail as a store outage would, after reading part of the history.
              if (refusals < 2) {
                refusals++;
                for await (const _delivery of history) break;
                throw new Error('store unavailable');
              }
              await heir.handler.assigned?.(partition, history);
            },
          },
        ),
      );
      await waitUntil(() => heir.seen.length >= 3, 15_000);
      expect(refusals).toBe(2);
      expect(heir.seen.map((delivery) => (delivery.payload as { n: number }).n)).toEqual([3, 4, 5]);
      await waitUntil(async () => (await bus.lag('t', 'g')) === 0);
    });

    it('splits partitions between the consumers of a group, each record handled once', async () => {
      bus = await open();
      const left = recorder();
      const right = recorder();
      subscriptions.push(bus.subscribe({ topic: 't', group: 'g', consumer: 'left' }, left.handler));
      subscriptions.push(bus.subscribe({ topic: 't', group: 'g', consumer: 'right' }, right.handler));
      await waitUntil(
        () =>
          subscriptions[0]!.partitions().length + subscriptions[1]!.partitions().length === bus.partitions &&
          subscriptions[0]!.partitions().length > 0 &&
          subscriptions[1]!.partitions().length > 0,
      );
      const keys = Array.from({ length: 40 }, (_, index) => `host-${index}`);
      await bus.publish('t', records(400, keys));
      await waitUntil(() => left.seen.length + right.seen.length >= 400);
      const owners = new Map<number, Set<string>>();
      for (const [who, { seen }] of [
        ['left', left],
        ['right', right],
      ] as const)
        for (const delivery of seen)
          owners.set(delivery.partition, new Set([...(owners.get(delivery.partition) ?? []), who]));
      for (const names of owners.values()) expect(names.size).toBe(1);
      expect(left.seen.length + right.seen.length).toBe(400);
    });
  });
}
