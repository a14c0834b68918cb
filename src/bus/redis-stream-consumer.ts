/**
 * One consumer of a Redis Streams consumer group: heartbeats and partition leases, history on
 * assignment, XREADGROUP over the partitions it owns, XACK after its handler succeeds, and
 * XAUTOCLAIM of pending entries (its own failures, a dead predecessor's, or those another consumer
 * read as it lost the partition) before new ones.
 */
import type { Redis } from 'ioredis';
import type { Delivery, PartitionHandler, SubscribeOptions } from './event-bus.js';
import { deadLetterTopic } from './partition-of.js';
import type { RedisBusSettings } from './redis-stream-bus.js';
import {
  entryFields,
  type RawEntry,
  releaseLeaseScript,
  renewLeaseScript,
  streamReplies,
  toDelivery,
} from './redis-stream-records.js';

const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));

/** Wait before the next attempt: doubling from `base`, at most 30 s. */
export function retryDelay(base: number, attempt: number): number {
  return Math.min(base * 2 ** Math.max(0, attempt - 1), 30_000);
}

export class RedisStreamConsumer {
  private readonly owned = new Set<number>();
  private readonly toAssign: number[] = [];
  private readonly toRelease = new Set<number>();
  /** Partitions with pending entries to claim before reading new ones, and when to try. */
  private readonly retryAt = new Map<number, number>();
  private running = true;
  private abandoned = false;
  private timer: NodeJS.Timeout | undefined;
  private loop: Promise<void> | undefined;
  private readonly batchSize: number;
  private readonly maxAttempts: number;

  constructor(
    private readonly reader: Redis,
    private readonly commands: Redis,
    private readonly settings: RedisBusSettings,
    private readonly options: SubscribeOptions,
    private readonly handler: PartitionHandler,
  ) {
    this.batchSize = options.batchSize ?? 100;
    this.maxAttempts = options.maxAttempts ?? 20;
  }

  partitions(): number[] {
    return [...this.owned].sort((left, right) => left - right);
  }

  start(): void {
    this.timer = setInterval(() => void this.heartbeat(), this.settings.heartbeatMs);
    this.loop = this.heartbeat().then(() => this.run());
  }

  private stream(partition: number): string {
    return this.settings.keys.stream(this.options.topic, partition);
  }

  private lease(partition: number): string {
    return this.settings.keys.lease(this.options.topic, this.options.group, partition);
  }

  private async heartbeat(): Promise<void> {
    if (!this.running) return;
    const { consumer } = this.options;
    const members = this.settings.keys.members(this.options.topic, this.options.group);
    try {
      const now = Date.now();
      await this.commands.zadd(members, now, consumer);
      await this.commands.zremrangebyscore(members, 0, now - this.settings.leaseMs);
      const live = Math.max(1, await this.commands.zcard(members));
      for (const partition of [...this.owned]) {
        const kept = await this.commands.eval(
          renewLeaseScript,
          1,
          this.lease(partition),
          consumer,
          this.settings.leaseMs,
        );
        if (Number(kept) === 0) {
          this.owned.delete(partition);
          this.retryAt.delete(partition);
          await this.handler.revoked?.(partition);
        }
      }
      await this.adoptOrphans();
      const target = Math.ceil(this.settings.partitions / live);
      for (let partition = 0; partition < this.settings.partitions; partition++) {
        if (this.owned.size + this.toAssign.length >= target) break;
        if (this.owned.has(partition) || this.toAssign.includes(partition)) continue;
        const taken = await this.commands.set(this.lease(partition), consumer, 'PX', this.settings.leaseMs, 'NX');
        if (taken === 'OK') this.toAssign.push(partition);
      }
      const extra = this.owned.size - target;
      if (extra > 0) for (const partition of this.partitions().slice(-extra)) this.toRelease.add(partition);
    } catch {
      // Redis unreachable: leases lapse on their own; the next heartbeat tries again.
    }
  }

  /**
   * Records of an owned partition still pending for another consumer: one that read them just as
   * it lost the partition (and so neither handled nor acknowledged them) after this consumer had
   * taken it over. Claimed like a predecessor's, or nobody would ever handle them.
   */
  private async adoptOrphans(): Promise<void> {
    for (const partition of this.partitions()) {
      if (this.retryAt.has(partition)) continue;
      const summary = (await this.commands.call('XPENDING', this.stream(partition), this.options.group)) as [
        number,
        string | null,
        string | null,
        [string, string][] | null,
      ];
      if ((summary[3] ?? []).some(([name]) => name !== this.options.consumer)) this.retryAt.set(partition, 0);
    }
  }

  private async run(): Promise<void> {
    let backoff = 50;
    while (this.running) {
      try {
        while (this.toAssign.length > 0) await this.assign(this.toAssign.shift()!);
        for (const partition of [...this.toRelease]) await this.release(partition);
        for (const [partition, at] of this.retryAt) if (Date.now() >= at) await this.redeliver(partition);
        await this.readNew();
        backoff = 50;
      } catch {
        if (!this.running) break;
        await sleep(backoff);
        backoff = Math.min(backoff * 2, this.settings.maxBackoffMs);
      }
    }
  }

  private async assign(partition: number): Promise<void> {
    const stream = this.stream(partition);
    await this.commands.call('XGROUP', 'CREATE', stream, this.options.group, '0', 'MKSTREAM').catch((error: Error) => {
      if (!String(error.message).includes('BUSYGROUP')) throw error;
    });
    const summary = (await this.commands.call('XPENDING', stream, this.options.group)) as [number, string | null];
    let end: string | undefined;
    if (Number(summary[0]) > 0 && summary[1]) end = `(${summary[1]}`;
    else {
      const groups = (await this.commands.call('XINFO', 'GROUPS', stream)) as unknown[][];
      const found = groups.find((fields) => fields[fields.indexOf('name') + 1] === this.options.group);
      const delivered = found ? String(found[found.indexOf('last-delivered-id') + 1]) : '0-0';
      end = delivered === '0-0' ? undefined : delivered;
    }
    this.owned.add(partition);
    try {
      await this.handler.assigned?.(partition, this.history(partition, end));
    } catch (error) {
      // The handler could not take the partition (its store is down, say): give the lease back so
      // that this consumer or another takes it again from the start, predecessor's pending included.
      this.owned.delete(partition);
      await this.commands.eval(releaseLeaseScript, 1, this.lease(partition), this.options.consumer).catch(() => {});
      throw error;
    }
    if (Number(summary[0]) > 0) this.retryAt.set(partition, 0);
  }

  private async *history(partition: number, end: string | undefined): AsyncGenerator<Delivery> {
    if (!end) return;
    let start = '-';
    for (;;) {
      const entries = (await this.commands.xrange(this.stream(partition), start, end, 'COUNT', 500)) as RawEntry[];
      for (const entry of entries) yield toDelivery(this.options.topic, partition, entry, 1);
      if (entries.length < 500) return;
      start = `(${entries[entries.length - 1]![0]}`;
    }
  }

  private async release(partition: number): Promise<void> {
    this.toRelease.delete(partition);
    if (!this.owned.delete(partition)) return;
    this.retryAt.delete(partition);
    await this.handler.revoked?.(partition);
    await this.commands.eval(releaseLeaseScript, 1, this.lease(partition), this.options.consumer);
  }

  private async readNew(): Promise<void> {
    const readable = this.partitions().filter((partition) => !this.retryAt.has(partition));
    if (readable.length === 0) {
      await sleep(Math.min(200, this.settings.heartbeatMs));
      return;
    }
    const streams = readable.map((partition) => this.stream(partition));
    const result = (await this.reader.call(
      'XREADGROUP',
      'GROUP',
      this.options.group,
      this.options.consumer,
      'COUNT',
      this.batchSize,
      'BLOCK',
      Math.min(1_000, this.settings.heartbeatMs),
      'STREAMS',
      ...streams,
      ...streams.map(() => '>'),
    )) as unknown[] | null;
    for (const [stream, entries] of streamReplies(result)) {
      const partition = readable[streams.indexOf(stream)]!;
      await this.process(
        partition,
        entries.map((entry) => toDelivery(this.options.topic, partition, entry, 1)),
      );
    }
  }

  /** Claims this partition's pending entries (XAUTOCLAIM, oldest first) and handles them again. */
  private async redeliver(partition: number): Promise<void> {
    const stream = this.stream(partition);
    let cursor = '0-0';
    do {
      const [next, entries] = (await this.commands.call(
        'XAUTOCLAIM',
        stream,
        this.options.group,
        this.options.consumer,
        0,
        cursor,
        'COUNT',
        this.batchSize,
      )) as [string, RawEntry[]];
      cursor = next;
      const live = entries.filter((entry) => entry && Array.isArray(entry[1]));
      if (live.length === 0) continue;
      const counts = (await this.commands.call(
        'XPENDING',
        stream,
        this.options.group,
        live[0]![0],
        live[live.length - 1]![0],
        live.length,
      )) as [string, string, number, number][];
      const attempts = new Map(counts.map(([id, , , deliveries]) => [id, Number(deliveries)]));
      const deliveries = live.map((entry) =>
        toDelivery(this.options.topic, partition, entry, attempts.get(entry[0]) ?? 2),
      );
      const dead = deliveries.filter((delivery) => delivery.attempt > this.maxAttempts);
      if (dead.length > 0) {
        const pipeline = this.commands.pipeline();
        const deadStream = this.settings.keys.stream(deadLetterTopic(this.options.topic), partition);
        for (const delivery of dead) pipeline.xadd(deadStream, '*', ...entryFields(delivery.key, delivery.payload));
        pipeline.xack(stream, this.options.group, ...dead.map((delivery) => delivery.id));
        await pipeline.exec();
      }
      const alive = deliveries.filter((delivery) => delivery.attempt <= this.maxAttempts);
      if (alive.length > 0 && !(await this.process(partition, alive))) return;
    } while (cursor !== '0-0' && this.running);
    this.retryAt.delete(partition);
  }

  /**
   * Handles then acknowledges; on failure the partition waits `retryDelayMs` and is claimed again.
   * A partition whose lease was lost before or while its batch was handled is neither handled nor
   * acknowledged: its next owner, which rebuilt its state from the acknowledged history, claims
   * the batch, so no record is counted by an owner whose state never saw it.
   */
  private async process(partition: number, deliveries: Delivery[]): Promise<boolean> {
    if (this.abandoned || !this.owned.has(partition)) return false;
    try {
      await this.handler.handle(partition, deliveries);
      if (this.abandoned || !this.owned.has(partition)) return false;
      await this.commands.xack(this.stream(partition), this.options.group, ...deliveries.map((item) => item.id));
      return true;
    } catch {
      // Exponential back-off: an engine outage (store down) is waited out, not dead-lettered.
      const attempt = Math.max(...deliveries.map((delivery) => delivery.attempt));
      this.retryAt.set(partition, Date.now() + retryDelay(this.settings.retryDelayMs, attempt));
      return false;
    }
  }

  async close(): Promise<void> {
    this.running = false;
    clearInterval(this.timer);
    await this.loop?.catch(() => {});
    try {
      for (const partition of this.partitions()) await this.release(partition);
      await this.commands.zrem(
        this.settings.keys.members(this.options.topic, this.options.group),
        this.options.consumer,
      );
    } catch {
      // Redis unreachable: the leases lapse by themselves.
    }
    this.reader.disconnect();
  }

  abandon(): void {
    this.running = false;
    this.abandoned = true;
    clearInterval(this.timer);
    this.reader.disconnect();
  }
}
