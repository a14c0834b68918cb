import type { Event } from '../../core/index.js';
import type { IngestBatch, Rejection } from '../types.js';

export interface EventQueueOptions {
  /** Most events waiting for the consumer (default 10 000). */
  maxEvents?: number;
  /** Most raw text waiting for the consumer, in UTF-16 code units (default 16 Mi). */
  maxBytes?: number;
  /** Most events per batch handed to the consumer (default 1000). */
  batchSize?: number;
}

interface Waiter {
  resolve(): void;
  reject(error: Error): void;
}

/**
 * The hand-over between live inputs (listeners, HEC, tailing) and one consumer, with
 * backpressure: `put` resolves only once the events fit under `maxEvents` and `maxBytes`, so a
 * slow consumer slows every producer that awaits it, and memory stays bounded by the limits
 * (plus one put per producer that is waiting). Producers that cannot wait (UDP) use `offer`,
 * which refuses instead. `delivered` counts events handed to the consumer: HEC acks read it.
 */
export class EventQueue implements AsyncIterable<IngestBatch> {
  private readonly maxEvents: number;
  private readonly maxBytes: number;
  private readonly batchSize: number;
  private events: Event[] = [];
  private rejected: Rejection[] = [];
  private bytes = 0;
  private closed = false;
  private readonly producers: Waiter[] = [];
  private consumer: Waiter | undefined;
  /** Events ever accepted and ever handed to the consumer. */
  accepted = 0;
  delivered = 0;
  /** Largest number of events that ever waited at once: tests check the bound with it. */
  highWater = 0;

  constructor(options: EventQueueOptions = {}) {
    this.maxEvents = Math.max(1, options.maxEvents ?? 10_000);
    this.maxBytes = Math.max(1, options.maxBytes ?? 16 * 1024 * 1024);
    this.batchSize = Math.max(1, options.batchSize ?? 1000);
  }

  /** True when nothing more fits: producers should stop reading (pause a socket, answer busy). */
  get full(): boolean {
    return this.events.length + this.rejected.length >= this.maxEvents || this.bytes >= this.maxBytes;
  }

  get isClosed(): boolean {
    return this.closed;
  }

  /** Adds the events when there is room now; false (and nothing added) when full or closed. */
  offer(events: readonly Event[], rejected: readonly Rejection[] = []): boolean {
    if (this.closed || this.full) return false;
    this.add(events, rejected);
    return true;
  }

  /**
   * Adds the events once there is room, waiting for the consumer as long as it takes (or until
   * the signal aborts or the queue closes, which reject). A put larger than the limits is
   * accepted alone into an empty queue, so it can never wait forever. Resolves to the sequence
   * number of its last event (`accepted` just after it): it is delivered once `delivered` reaches it.
   */
  async put(events: readonly Event[], rejected: readonly Rejection[] = [], signal?: AbortSignal): Promise<number> {
    while (!this.closed && this.full) {
      signal?.throwIfAborted();
      await this.roomOrAbort(signal);
    }
    if (this.closed) throw new Error('event queue closed');
    this.add(events, rejected);
    return this.accepted;
  }

  private roomOrAbort(signal: AbortSignal | undefined): Promise<void> {
    return new Promise<void>((resolve, reject) => {
      const onAbort = () => {
        const index = this.producers.indexOf(waiter);
        if (index !== -1) this.producers.splice(index, 1);
        reject(signal?.reason as Error);
      };
      const waiter: Waiter = {
        resolve: () => {
          signal?.removeEventListener('abort', onAbort);
          resolve();
        },
        reject: (error) => {
          signal?.removeEventListener('abort', onAbort);
          reject(error);
        },
      };
      this.producers.push(waiter);
      signal?.addEventListener('abort', onAbort, { once: true });
    });
  }

  /** No more puts; the consumer gets what is queued, then the iteration ends. */
  close(): void {
    this.closed = true;
    for (const producer of this.producers.splice(0)) producer.reject(new Error('event queue closed'));
    this.consumer?.resolve();
    this.consumer = undefined;
  }

  async *[Symbol.asyncIterator](): AsyncIterator<IngestBatch> {
    for (;;) {
      if (this.events.length === 0 && this.rejected.length === 0) {
        if (this.closed) return;
        await new Promise<void>((resolve, reject) => {
          this.consumer = { resolve, reject };
        });
        continue;
      }
      const events = this.events.length <= this.batchSize ? this.events : this.events.slice(0, this.batchSize);
      this.events = events === this.events ? [] : this.events.slice(this.batchSize);
      const rejected = this.rejected;
      this.rejected = [];
      for (const event of events) this.bytes -= event.raw.length;
      this.delivered += events.length;
      this.wakeProducers();
      yield { events, rejected };
    }
  }

  private add(events: readonly Event[], rejected: readonly Rejection[]): void {
    for (const event of events) {
      this.events.push(event);
      this.bytes += event.raw.length;
    }
    for (const rejection of rejected) this.rejected.push(rejection);
    this.accepted += events.length;
    this.highWater = Math.max(this.highWater, this.events.length);
    if (events.length > 0 || rejected.length > 0) {
      this.consumer?.resolve();
      this.consumer = undefined;
    }
  }

  private wakeProducers(): void {
    while (this.producers.length > 0 && !this.full) this.producers.shift()?.resolve();
  }
}
