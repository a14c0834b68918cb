/**
 * Publishes what live inputs of the ingest module (Splunk HEC) put on an `EventQueue` to the
 * records topic, one message per host so that ingest workers share the load. The queue's
 * backpressure reaches the senders: while the bus holds back (Redis away, its buffer full), the
 * pump waits, the queue fills, and HEC answers "server busy" until there is room again.
 */
import type { EventBus } from '../bus/index.js';
import type { Event } from '../core/index.js';
import type { EventQueue } from '../ingest/index.js';
import { type EventBatch, hostKeyOf, topics } from './topics.js';

export interface EventQueuePump {
  /** Events and rejections published so far. */
  counters: { events: number; rejected: number; failed: number };
  /** Resolves once the queue is closed and everything in it was published. */
  done: Promise<void>;
}

export function pumpEventQueue(queue: EventQueue, bus: EventBus, source: string): EventQueuePump {
  const counters = { events: 0, rejected: 0, failed: 0 };
  const done = (async () => {
    for await (const batch of queue) {
      const byHost = new Map<string, Event[]>();
      for (const event of batch.events) {
        const key = hostKeyOf(event);
        const events = byHost.get(key);
        if (events) events.push(event);
        else byHost.set(key, [event]);
      }
      const records = [...byHost].map(([key, events], index) => {
        const payload: EventBatch = {
          type: 'events',
          source,
          events,
          rejected: index === 0 ? batch.rejected : [],
        };
        return { key, payload };
      });
      if (records.length === 0 && batch.rejected.length > 0)
        records.push({ key: source, payload: { type: 'events', source, events: [], rejected: batch.rejected } });
      try {
        await bus.publish(topics.records, records);
        counters.events += batch.events.length;
        counters.rejected += batch.rejected.length;
      } catch {
        counters.failed += batch.events.length;
      }
    }
  })();
  return { counters, done };
}
