/**
 * `EventBus` over Redis Streams: one stream per topic partition, consumer groups with XREADGROUP
 * and XACK, partition ownership by leases (SET NX PX, renewed by heartbeat), and XAUTOCLAIM of a
 * dead consumer's pending entries by the partition's next owner. Retention is `MAXLEN ~`.
 *
 * While Redis is unreachable, `publish` keeps records in a bounded buffer and retries with
 * exponential back-off; when the buffer is full it waits (backpressure). `health()` is unhealthy
 * until Redis answers again. Nothing is dropped: a record leaves the buffer only once written.
 */
import { Redis } from 'ioredis';
import type {
  BusHealth,
  BusRecord,
  Delivery,
  EventBus,
  PartitionHandler,
  SubscribeOptions,
  Subscription,
} from './event-bus.js';
import { partitionOf } from './partition-of.js';
import { RedisStreamConsumer } from './redis-stream-consumer.js';
import { entryFields, type RawEntry, type RedisKeys, redisKeys, toDelivery } from './redis-stream-records.js';

export interface RedisStreamBusOptions {
  url: string;
  /** Default 8. Must be the same for every process of a deployment. */
  partitions?: number;
  /** Key prefix. Default `vigil`. */
  prefix?: string;
  /** Approximate entries kept per partition stream. Default 1,000,000. */
  retention?: number;
  /** Records `publish` may hold while Redis is unreachable before it waits. Default 50,000. */
  maxBuffered?: number;
  /** A consumer that misses heartbeats this long loses its partitions. Default 5,000 ms. */
  leaseMs?: number;
  /** Default a quarter of the lease, at most 1,000 ms: a consumer stalled for less than three heartbeats keeps its partitions. */
  heartbeatMs?: number;
  /** Default 500 ms. */
  retryDelayMs?: number;
  /** Longest back-off between reconnection attempts. Default 2,000 ms. */
  maxBackoffMs?: number;
}

export interface RedisBusSettings {
  partitions: number;
  retention: number;
  leaseMs: number;
  heartbeatMs: number;
  retryDelayMs: number;
  maxBackoffMs: number;
  keys: RedisKeys;
}

const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));

/** A Redis connection that fails commands fast while disconnected and reconnects with back-off. */
export function connectRedis(url: string, maxBackoffMs: number): Redis {
  const redis = new Redis(url, {
    enableOfflineQueue: false,
    maxRetriesPerRequest: 1,
    lazyConnect: false,
    retryStrategy: (times) => Math.min(50 * 2 ** Math.min(times, 10), maxBackoffMs),
  });
  redis.on('error', () => {});
  return redis;
}

export class RedisStreamBus implements EventBus {
  readonly kind = 'redis';
  readonly partitions: number;
  private readonly settings: RedisBusSettings;
  private readonly maxBuffered: number;
  private readonly commands: Redis;
  private readonly consumers = new Set<RedisStreamConsumer>();
  private buffered = 0;
  private failing = false;
  private lastError = '';
  private readonly drained: (() => void)[] = [];
  private closed = false;

  constructor(private readonly options: RedisStreamBusOptions) {
    this.partitions = options.partitions ?? 8;
    this.maxBuffered = options.maxBuffered ?? 50_000;
    const leaseMs = options.leaseMs ?? 5_000;
    this.settings = {
      partitions: this.partitions,
      retention: options.retention ?? 1_000_000,
      leaseMs,
      heartbeatMs: options.heartbeatMs ?? Math.min(1_000, Math.max(50, Math.floor(leaseMs / 4))),
      retryDelayMs: options.retryDelayMs ?? 500,
      maxBackoffMs: options.maxBackoffMs ?? 2_000,
      keys: redisKeys(options.prefix ?? 'vigil'),
    };
    this.commands = connectRedis(options.url, this.settings.maxBackoffMs);
  }

  async publish(topic: string, records: readonly BusRecord[]): Promise<void> {
    if (records.length === 0) return;
    while (!this.closed && this.buffered > 0 && this.buffered + records.length > this.maxBuffered)
      await new Promise<void>((resolve) => this.drained.push(resolve));
    this.buffered += records.length;
    let waiting = records.map((record) => ({
      stream: this.settings.keys.stream(topic, partitionOf(record.key, this.partitions)),
      fields: entryFields(record.key, record.payload),
    }));
    let backoff = 50;
    try {
      while (waiting.length > 0) {
        if (this.closed) throw new Error('the bus is closed');
        const pipeline = this.commands.pipeline();
        for (const item of waiting)
          pipeline.xadd(item.stream, 'MAXLEN', '~', this.settings.retention, '*', ...item.fields);
        const results = await pipeline.exec().catch((error: Error) => waiting.map(() => [error, null] as const));
        const failed = waiting.filter((_, index) => results?.[index]?.[0]);
        if (failed.length === 0) {
          this.failing = false;
          break;
        }
        this.failing = true;
        this.lastError = String(results?.find((result) => result[0])?.[0] ?? 'unknown error');
        waiting = failed;
        await sleep(backoff);
        backoff = Math.min(backoff * 2, this.settings.maxBackoffMs);
      }
    } finally {
      this.buffered -= records.length;
      while (this.drained.length > 0 && this.buffered < this.maxBuffered) this.drained.shift()?.();
    }
  }

  async lag(topic: string, group: string): Promise<number> {
    let total = 0;
    for (let partition = 0; partition < this.partitions; partition++) {
      const stream = this.settings.keys.stream(topic, partition);
      const groups = (await this.commands.call('XINFO', 'GROUPS', stream).catch(() => [])) as unknown[][];
      const found = groups.find((fields) => fields[fields.indexOf('name') + 1] === group);
      if (!found) {
        total += Number(await this.commands.xlen(stream));
        continue;
      }
      const pending = Number(found[found.indexOf('pending') + 1] ?? 0);
      const lag = found[found.indexOf('lag') + 1];
      if (typeof lag === 'number' || (typeof lag === 'string' && lag !== '')) {
        total += Number(lag) + pending;
        continue;
      }
      // Redis cannot always tell the lag (null): count what follows the last delivered entry.
      const delivered = String(found[found.indexOf('last-delivered-id') + 1] ?? '0-0');
      const after = await this.commands.xrange(
        stream,
        delivered === '0-0' ? '-' : `(${delivered}`,
        '+',
        'COUNT',
        100_000,
      );
      total += after.length + pending;
    }
    return total;
  }

  async read(topic: string, limit: number): Promise<Delivery[]> {
    await this.ready();
    const found: Delivery[] = [];
    for (let partition = 0; partition < this.partitions && found.length < limit; partition++) {
      const stream = this.settings.keys.stream(topic, partition);
      const entries = (await this.commands.xrange(stream, '-', '+', 'COUNT', limit - found.length)) as RawEntry[];
      for (const entry of entries) found.push(toDelivery(topic, partition, entry, 1));
    }
    return found;
  }

  /** Waits (up to the back-off limit, at least 10 s) for the connection a one-off read needs. */
  private async ready(): Promise<void> {
    if (this.commands.status === 'ready') return;
    const limitMs = Math.max(10_000, this.settings.maxBackoffMs);
    let timer: NodeJS.Timeout | undefined;
    try {
      await new Promise<void>((resolve, reject) => {
        timer = setTimeout(() => reject(new Error(`redis not reachable within ${limitMs} ms`)), limitMs);
        this.commands.once('ready', () => resolve());
      });
    } finally {
      clearTimeout(timer);
    }
  }

  health(): BusHealth {
    const connected = this.commands.status === 'ready';
    const healthy = connected && !this.failing && !this.closed;
    return {
      healthy,
      buffered: this.buffered,
      detail: healthy ? 'redis ready' : `redis ${this.commands.status}${this.lastError ? `: ${this.lastError}` : ''}`,
    };
  }

  subscribe(options: SubscribeOptions, handler: PartitionHandler): Subscription {
    const consumer = new RedisStreamConsumer(
      connectRedis(this.options.url, this.settings.maxBackoffMs),
      this.commands,
      this.settings,
      options,
      handler,
    );
    this.consumers.add(consumer);
    consumer.start();
    return {
      partitions: () => consumer.partitions(),
      close: async () => {
        await consumer.close();
        this.consumers.delete(consumer);
      },
      abandon: () => {
        consumer.abandon();
        this.consumers.delete(consumer);
      },
    };
  }

  async close(): Promise<void> {
    for (const consumer of [...this.consumers]) await consumer.close();
    this.consumers.clear();
    this.closed = true;
    for (const resolve of this.drained.splice(0)) resolve();
    this.commands.disconnect();
  }
}
