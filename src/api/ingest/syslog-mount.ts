/**
 * Syslog on the API server (`vigil serve --syslog-udp/--syslog-tcp`): the ingest module's
 * listener (UDP datagrams; TCP with RFC 6587 framing, slow senders closed) puts its events on a
 * bounded queue, whose batches are investigated by `investigateLiveBatches` exactly as HEC's are.
 * A bad message is rejected alone with its connection and frame (or datagram), stored for
 * reading back; the messages around it are kept. Off unless an address is given.
 */
import {
  EventQueue,
  type EventQueueOptions,
  type ListenAddress,
  type SyslogListener,
  type SyslogListenerOptions,
  startSyslogListener,
} from '../../ingest/index.js';
import type { ApiMount } from '../app.js';
import { investigateLiveBatches, type LiveBatchOptions } from './live-batches.js';

export interface SyslogMountOptions extends LiveBatchOptions {
  udp?: ListenAddress | undefined;
  tcp?: ListenAddress | undefined;
  queue?: EventQueueOptions;
  /** Message size and slow-sender limits (see `SyslogListenerOptions`). */
  limits?: Pick<SyslogListenerOptions, 'maxMessageBytes' | 'idleTimeoutMs' | 'frameTimeoutMs' | 'maxConnections'>;
}

export interface SyslogMount extends ApiMount {
  /** The listener, once the app has registered the mount (its bound addresses and counters). */
  readonly listener: SyslogListener | undefined;
}

export function createSyslogMount(options: SyslogMountOptions): SyslogMount {
  let listener: SyslogListener | undefined;
  return {
    prefix: '/syslog',
    get listener() {
      return listener;
    },
    register: async (scope, context) => {
      const queue = new EventQueue(options.queue);
      const started = await startSyslogListener({
        queue,
        ...(options.udp ? { udp: options.udp } : {}),
        ...(options.tcp ? { tcp: options.tcp } : {}),
        ...options.limits,
      });
      listener = started;
      const consuming = investigateLiveBatches(queue, 'syslog', options, context);
      scope.addHook('onClose', async () => {
        await started.close();
        queue.close();
        await consuming;
      });
    },
  };
}
