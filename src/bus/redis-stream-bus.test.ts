import { Redis } from 'ioredis';
import { expect, it } from 'vitest';
import { describeWithServices } from '../../test/services/index.js';
import { RedisStreamBus } from './redis-stream-bus.js';
import { runBusContract } from './test-support/bus-contract.js';

describeWithServices('Redis Streams bus', { redis: true }, (services) => {
  let prefix = 0;
  const open = async () =>
    new RedisStreamBus({
      url: services().redis.url,
      partitions: 4,
      prefix: `contract${++prefix}`,
      // Long enough that a busy CI machine does not lose leases by stalling; short for takeover tests.
      leaseMs: 1_500,
      heartbeatMs: 150,
      retryDelayMs: 50,
    });
  runBusContract('redis streams', open);

  it('claims records another consumer read just as it lost the partition', async () => {
    const bus = await open();
    const seen: number[] = [];
    const subscription = bus.subscribe(
      { topic: 't', group: 'g', consumer: 'owner' },
      { handle: async (_partition, deliveries) => void seen.push(...deliveries.map((item) => item.payload as number)) },
    );
    const deadline = Date.now() + 10_000;
    while (subscription.partitions().length < 4 && Date.now() < deadline) await new Promise((r) => setTimeout(r, 50));
    // A consumer that has just lost the partition reads a record (in one transaction with its
    // arrival, so the owner cannot read it first) and then neither handles nor acknowledges it.
    const raw = new Redis(services().redis.url);
    const stream = `contract${prefix}:stream:t:0`;
    await raw
      .multi()
      .xadd(stream, '*', 'k', 'k', 'p', '7')
      .xreadgroup('GROUP', 'g', 'former-owner', 'COUNT', 10, 'STREAMS', stream, '>')
      .exec();
    raw.disconnect();
    while (!seen.includes(7) && Date.now() < deadline + 5_000) await new Promise((r) => setTimeout(r, 50));
    expect(seen).toContain(7);
    await subscription.close();
    await bus.close();
  }, 30_000);

  it('buffers while Redis is down, reports unhealthy, and delivers everything once it returns', async () => {
    const bus = await open();
    const seen: number[] = [];
    const subscription = bus.subscribe(
      { topic: 't', group: 'g', consumer: 'c' },
      { handle: async (_partition, deliveries) => void seen.push(...deliveries.map((item) => item.payload as number)) },
    );
    await bus.publish('t', [{ key: 'a', payload: 0 }]);
    await services().redis.stop();
    const pending = bus.publish(
      't',
      Array.from({ length: 20 }, (_, n) => ({ key: `k${n}`, payload: n + 1 })),
    );
    await new Promise((resolve) => setTimeout(resolve, 300));
    expect(bus.health()).toMatchObject({ healthy: false, buffered: 20 });
    await services().redis.start();
    await pending;
    const deadline = Date.now() + 10_000;
    while (seen.length < 21 && Date.now() < deadline) await new Promise((resolve) => setTimeout(resolve, 50));
    expect([...new Set(seen)].sort((a, b) => a - b)).toEqual(Array.from({ length: 21 }, (_, n) => n));
    expect(bus.health().healthy).toBe(true);
    await subscription.close();
    await bus.close();
  }, 30_000);
});
