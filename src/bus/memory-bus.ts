/**
 * In-process `EventBus`: the default when Vigil runs as one process. Same semantics as the
 * distributed buses (partitions by key, groups, acknowledgement, redelivery, history on
 * assignment), so a pipeline can be tested here and deployed on Redis unchanged.
 * Memory is bounded: acknowledged records beyond `retention` per partition are dropped, and
 * `publish` waits while more than `maxUnacknowledged` records await the slowest group.
 */
import type {
  BusHealth,
  BusRecord,
  Delivery,
  EventBus,
  PartitionHandler,
  SubscribeOptions,
  Subscription,
} from './event-bus.js';
import { deadLetterTopic, partitionOf } from './partition-of.js';

export interface MemoryBusOptions {
  /** Default 8. */
  partitions?: number;
  /** Acknowledged records kept per partition for history. Default 100,000. */
  retention?: number;
  /** Default 100,000. */
  maxUnacknowledged?: number;
  /** Wait before redelivering a batch whose handler failed. Default 200 ms. */
  retryDelayMs?: number;
}

interface Entry {
  offset: number;
  key: string;
  payload: unknown;
}

interface Log {
  /** Offset of `entries[0]`. */
  base: number;
  entries: Entry[];
}

interface Consumer {
  name: string;
  handler: PartitionHandler;
  options: SubscribeOptions;
  owned: Set<number>;
  /** Partitions the rebalance gave this consumer; taken (with history) by its loop. */
  wanted: Set<number>;
  wake: () => void;
  alive: boolean;
}

interface Group {
  /** Next offset to acknowledge, per partition. */
  acknowledged: number[];
  /** Delivery attempts of the first unacknowledged record, per partition. */
  attempts: number[];
  consumers: Consumer[];
}

const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));

export class MemoryBus implements EventBus {
  readonly kind = 'memory';
  readonly partitions: number;
  private readonly retention: number;
  private readonly maxUnacknowledged: number;
  private readonly retryDelayMs: number;
  private readonly logs = new Map<string, Log[]>();
  private readonly groups = new Map<string, Map<string, Group>>();
  private readonly waitingPublishers: (() => void)[] = [];
  private closed = false;

  constructor(options: MemoryBusOptions = {}) {
    this.partitions = options.partitions ?? 8;
    this.retention = options.retention ?? 100_000;
    this.maxUnacknowledged = options.maxUnacknowledged ?? 100_000;
    this.retryDelayMs = options.retryDelayMs ?? 200;
  }

  private logsOf(topic: string): Log[] {
    let logs = this.logs.get(topic);
    if (!logs) {
      logs = Array.from({ length: this.partitions }, () => ({ base: 0, entries: [] }));
      this.logs.set(topic, logs);
    }
    return logs;
  }

  private groupsOf(topic: string): Map<string, Group> {
    let groups = this.groups.get(topic);
    if (!groups) {
      groups = new Map();
      this.groups.set(topic, groups);
    }
    return groups;
  }

  private unacknowledged(topic: string): number {
    const logs = this.logsOf(topic);
    let worst = 0;
    for (const group of this.groupsOf(topic).values()) {
      let lag = 0;
      logs.forEach((log, partition) => {
        lag += log.base + log.entries.length - group.acknowledged[partition]!;
      });
      worst = Math.max(worst, lag);
    }
    return worst;
  }

  async publish(topic: string, records: readonly BusRecord[]): Promise<void> {
    while (!this.closed && this.unacknowledged(topic) > this.maxUnacknowledged)
      await new Promise<void>((resolve) => this.waitingPublishers.push(resolve));
    const logs = this.logsOf(topic);
    for (const record of records) {
      const log = logs[partitionOf(record.key, this.partitions)]!;
      log.entries.push({ offset: log.base + log.entries.length, key: record.key, payload: record.payload });
    }
    for (const group of this.groupsOf(topic).values()) for (const consumer of group.consumers) consumer.wake();
  }

  async lag(topic: string, group: string): Promise<number> {
    const state = this.groupsOf(topic).get(group);
    const logs = this.logsOf(topic);
    return logs.reduce(
      (total, log, partition) => total + log.base + log.entries.length - (state?.acknowledged[partition] ?? log.base),
      0,
    );
  }

  health(): BusHealth {
    return { healthy: !this.closed, buffered: 0, detail: this.closed ? 'closed' : 'in-process' };
  }

  subscribe(options: SubscribeOptions, handler: PartitionHandler): Subscription {
    const groups = this.groupsOf(options.topic);
    let group = groups.get(options.group);
    if (!group) {
      const logs = this.logsOf(options.topic);
      group = { acknowledged: logs.map((log) => log.base), attempts: logs.map(() => 0), consumers: [] };
      groups.set(options.group, group);
    }
    let wakeUp: (() => void) | undefined;
    const consumer: Consumer = {
      name: options.consumer,
      handler,
      options,
      owned: new Set(),
      wanted: new Set(),
      alive: true,
      wake: () => wakeUp?.(),
    };
    group.consumers.push(consumer);
    const state = group;
    this.rebalance(state);
    const loop = this.consume(options.topic, state, consumer, (wake) => {
      wakeUp = wake;
    });
    return {
      partitions: () => [...consumer.owned].sort((left, right) => left - right),
      close: async () => {
        consumer.alive = false;
        consumer.wake();
        await loop;
        for (const partition of consumer.owned) await handler.revoked?.(partition);
        this.leave(state, consumer);
      },
      abandon: () => {
        consumer.alive = false;
        consumer.wake();
        this.leave(state, consumer);
      },
    };
  }

  private leave(group: Group, consumer: Consumer): void {
    group.consumers = group.consumers.filter((item) => item !== consumer);
    consumer.owned.clear();
    this.rebalance(group);
  }

  /** Partition p goes to the (p mod n)-th consumer, in joining order. */
  private rebalance(group: Group): void {
    const count = group.consumers.length;
    for (const [index, consumer] of group.consumers.entries()) {
      const wanted = new Set<number>();
      for (let partition = index; partition < this.partitions; partition += count) wanted.add(partition);
      for (const partition of consumer.owned) {
        if (wanted.has(partition)) continue;
        consumer.owned.delete(partition);
        void consumer.handler.revoked?.(partition);
      }
      consumer.wanted = wanted;
      consumer.wake();
    }
  }

  async read(topic: string, limit: number): Promise<Delivery[]> {
    const found: Delivery[] = [];
    this.logsOf(topic).forEach((log, partition) => {
      for (const entry of log.entries.slice(0, Math.max(0, limit - found.length)))
        found.push({ id: String(entry.offset), topic, partition, key: entry.key, payload: entry.payload, attempt: 1 });
    });
    return found;
  }

  private history(topic: string, partition: number, until: number): AsyncIterable<Delivery> {
    const log = this.logsOf(topic)[partition]!;
    const entries = log.entries.slice(0, Math.max(0, until - log.base));
    return (async function* () {
      for (const entry of entries)
        yield { id: String(entry.offset), topic, partition, key: entry.key, payload: entry.payload, attempt: 1 };
    })();
  }

  private async consume(
    topic: string,
    group: Group,
    consumer: Consumer,
    setWake: (wake: () => void) => void,
  ): Promise<void> {
    const logs = this.logsOf(topic);
    const batchSize = consumer.options.batchSize ?? 100;
    const maxAttempts = consumer.options.maxAttempts ?? 20;
    while (consumer.alive && !this.closed) {
      const signal = new Promise<void>((resolve) => setWake(resolve));
      let declined = false;
      for (const partition of [...consumer.wanted]) {
        if (consumer.owned.has(partition) || !consumer.wanted.has(partition) || !consumer.alive) continue;
        consumer.owned.add(partition);
        try {
          await consumer.handler.assigned?.(partition, this.history(topic, partition, group.acknowledged[partition]!));
        } catch {
          // Not taken: offered again after a back-off, like a failed batch.
          consumer.owned.delete(partition);
          declined = true;
          await sleep(this.retryDelayMs);
        }
      }
      let worked = false;
      for (const partition of [...consumer.owned]) {
        if (!consumer.alive) break;
        const log = logs[partition]!;
        const start = group.acknowledged[partition]!;
        const slice = log.entries.slice(start - log.base, start - log.base + batchSize);
        if (slice.length === 0) continue;
        worked = true;
        const attempt = group.attempts[partition]! + 1;
        group.attempts[partition] = attempt;
        const deliveries = slice.map((entry) => ({
          id: String(entry.offset),
          topic,
          partition,
          key: entry.key,
          payload: entry.payload,
          attempt,
        }));
        try {
          await consumer.handler.handle(partition, deliveries);
        } catch (error) {
          if (!consumer.alive) return;
          if (attempt < maxAttempts) {
            await sleep(Math.min(this.retryDelayMs * 2 ** (attempt - 1), 30_000));
            continue;
          }
          await this.publish(
            deadLetterTopic(topic),
            slice.map((entry) => ({ key: entry.key, payload: { payload: entry.payload, error: String(error) } })),
          );
        }
        if (!consumer.alive) return;
        // Rebalanced away while handling: the next owner handles the batch after its history.
        if (!consumer.owned.has(partition)) continue;
        group.acknowledged[partition] = start + slice.length;
        group.attempts[partition] = 0;
        this.trim(topic, partition);
      }
      if (!worked && !declined) await signal;
    }
  }

  private trim(topic: string, partition: number): void {
    const log = this.logsOf(topic)[partition]!;
    let minimum = log.base + log.entries.length;
    for (const group of this.groupsOf(topic).values()) minimum = Math.min(minimum, group.acknowledged[partition]!);
    const drop = Math.min(minimum - log.base, log.entries.length - this.retention);
    if (drop > 0) {
      log.entries.splice(0, drop);
      log.base += drop;
    }
    while (this.waitingPublishers.length > 0 && this.unacknowledged(topic) <= this.maxUnacknowledged)
      this.waitingPublishers.shift()?.();
  }

  async close(): Promise<void> {
    this.closed = true;
    for (const groups of this.groups.values())
      for (const group of groups.values()) for (const consumer of group.consumers) consumer.wake();
    for (const resolve of this.waitingPublishers.splice(0)) resolve();
  }
}
