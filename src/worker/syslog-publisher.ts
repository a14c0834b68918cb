/**
 * Syslog for `vigil ingest-listener`: the ingest module's listener (the one `vigil serve` runs:
 * UDP datagrams, TCP with RFC 6587 framing, every bad message rejected with its connection and
 * frame or datagram number, at most 100 rejections one by one per connection, idle and slow
 * senders closed) puts its events on a bounded queue, and `pumpEventQueue` publishes them to the
 * records topic by host, as HEC's are. While the bus holds back, the queue fills and TCP senders
 * are paused; UDP datagrams that find it full are dropped and counted.
 */
import type { EventBus } from '../bus/index.js';
import {
  EventQueue,
  type ListenAddress,
  type SyslogListener,
  type SyslogListenerOptions,
  startSyslogListener,
} from '../ingest/index.js';
import { type EventQueuePump, pumpEventQueue } from './publish-event-queue.js';

export interface SyslogPublisherOptions
  extends Pick<SyslogListenerOptions, 'maxMessageBytes' | 'idleTimeoutMs' | 'frameTimeoutMs' | 'maxConnections'> {
  bus: EventBus;
  udp?: ListenAddress | undefined;
  tcp?: ListenAddress | undefined;
  /** Events waiting for the bus before TCP senders are paused. Default 10,000. */
  maxQueuedEvents?: number;
}

export interface SyslogPublisher {
  listener: SyslogListener;
  pump: EventQueuePump;
  close(): Promise<void>;
}

export async function startSyslogPublisher(options: SyslogPublisherOptions): Promise<SyslogPublisher> {
  const { bus, udp, tcp, maxQueuedEvents, ...limits } = options;
  const queue = new EventQueue({ maxEvents: maxQueuedEvents ?? 10_000 });
  const listener = await startSyslogListener({
    queue,
    ...(udp ? { udp } : {}),
    ...(tcp ? { tcp } : {}),
    ...limits,
  });
  const pump = pumpEventQueue(queue, bus, 'syslog');
  return {
    listener,
    pump,
    async close() {
      await listener.close();
      queue.close();
      await pump.done;
    },
  };
}
