/**
 * The `EventBus` contract: the stream between pipeline stages. Implementations: in-process (the
 * default, one process), Redis Streams (distributed). A Kafka or NATS adapter fits the same shape:
 * topics split into a fixed number of partitions, consumer groups, explicit acknowledgement.
 *
 * Delivery is at least once. A record is routed to a partition by its key (an entity such as a
 * host), and within a group each partition is owned by exactly one live consumer at a time, so
 * state kept per key (detection windows, correlation) lives in one worker. When a consumer dies
 * without acknowledging, its partitions pass to another consumer of the group, which first gets
 * the partition's acknowledged history (to rebuild state) and then the unacknowledged records
 * again (`attempt` > 1). Consumers must therefore be idempotent; Vigil's are, by record ids.
 */

/** A record to publish: the key picks the partition; the payload must be JSON-serialisable. */
export interface BusRecord {
  key: string;
  payload: unknown;
}

/** A record as delivered to a consumer. */
export interface Delivery {
  /** Position in the partition, increasing (a Redis stream id, an offset). */
  id: string;
  topic: string;
  partition: number;
  key: string;
  payload: unknown;
  /** 1 on first delivery; more when redelivered after a failure or a consumer's death. */
  attempt: number;
}

export interface PartitionHandler {
  /**
   * Called when this consumer takes a partition, before any delivery from it. `history` yields
   * the records of the partition this group already acknowledged, oldest first, within the
   * bus's retention; stateless consumers simply do not read it. Throwing declines the partition:
   * it is offered again later, history and unacknowledged records included.
   */
  assigned?(partition: number, history: AsyncIterable<Delivery>): Promise<void>;
  /** Called when the partition passes to another consumer (rebalance or shutdown). */
  revoked?(partition: number): Promise<void>;
  /**
   * Handles a batch from one partition, in partition order. Resolving acknowledges the whole
   * batch; throwing leaves it unacknowledged, to be delivered again after a back-off.
   */
  handle(partition: number, deliveries: readonly Delivery[]): Promise<void>;
}

export interface SubscribeOptions {
  topic: string;
  /** Consumers sharing a group share the work; each group receives every record. */
  group: string;
  /** Unique name of this consumer within the group (host name and process id, say). */
  consumer: string;
  /** Largest batch handed to `handle`. Default 100. */
  batchSize?: number;
  /**
   * After this many attempts a record goes to the `<topic>.dead` topic and is acknowledged.
   * Retries back off exponentially (to 30 s), so the default of 20 rides out an engine outage
   * of several minutes; handlers refuse malformed records themselves instead of throwing.
   */
  maxAttempts?: number;
}

export interface Subscription {
  /** Partitions this consumer owns now. */
  partitions(): number[];
  /** Stops consuming after the batch in hand, acknowledges it, and hands its partitions back. */
  close(): Promise<void>;
  /**
   * Stops at once without acknowledging or handing anything back, as a killed process would.
   * For tests of redelivery; the group takes the partitions over when their leases lapse.
   */
  abandon(): void;
}

export interface BusHealth {
  healthy: boolean;
  /** Records accepted by `publish` but not yet written to the engine. */
  buffered: number;
  detail: string;
}

export interface EventBus {
  /** Name of the implementation: `memory`, `redis`. */
  readonly kind: string;
  /** Partitions per topic, fixed for the life of the deployment. */
  readonly partitions: number;
  /**
   * Appends records (in order per key). Resolves once the engine holds them. While the engine is
   * unreachable records wait in a bounded buffer; when it is full, `publish` waits (backpressure).
   */
  publish(topic: string, records: readonly BusRecord[]): Promise<void>;
  subscribe(options: SubscribeOptions, handler: PartitionHandler): Subscription;
  /** Records published to the topic and not yet acknowledged by `group` (queue depth). */
  lag(topic: string, group: string): Promise<number>;
  /**
   * Up to `limit` records the topic still holds (within retention), oldest first in each
   * partition, partitions in order, without consuming them: how dead letters are listed.
   */
  read(topic: string, limit: number): Promise<Delivery[]>;
  health(): BusHealth;
  close(): Promise<void>;
}
