/**
 * Splunk HTTP Event Collector for `vigil ingest-listener`: the ingest module's HEC handler
 * (tokens, `/event` and `/raw`, gzip, acknowledgements, Splunk's status codes) on a node:http
 * server with edge limits of its own, its events published to the bus by `pumpEventQueue`.
 * Edge limits: bodies over `maxBodyBytes` get 413 before being read; a request must send its
 * headers within `headersTimeoutMs` and complete within `requestTimeoutMs` (slowloris); at most
 * `maxConnections` connections.
 */
import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import type { EventBus } from '../bus/index.js';
import { createHecHandler, createHecRequestListener, EventQueue, type HecToken } from '../ingest/index.js';
import { type EventQueuePump, pumpEventQueue } from './publish-event-queue.js';

export interface HecListenerOptions {
  bus: EventBus;
  tokens: readonly (string | HecToken)[];
  host?: string;
  /** 0: any free port. */
  port: number;
  /** Default 16 MiB. */
  maxBodyBytes?: number;
  /** Default 10,000 ms. */
  headersTimeoutMs?: number;
  /** Default 60,000 ms. */
  requestTimeoutMs?: number;
  /** Default 1,000. */
  maxConnections?: number;
  /** Events waiting for the bus before HEC answers "server busy". Default 10,000. */
  maxQueuedEvents?: number;
  acknowledgements?: boolean;
}

export interface HecListener {
  port: number;
  pump: EventQueuePump;
  close(): Promise<void>;
}

export async function startHecListener(options: HecListenerOptions): Promise<HecListener> {
  const queue = new EventQueue({ maxEvents: options.maxQueuedEvents ?? 10_000 });
  const handler = createHecHandler({
    queue,
    tokens: options.tokens,
    ...(options.acknowledgements ? { acknowledgements: true } : {}),
    busyTimeoutMs: 2_000,
  });
  const headersTimeout = options.headersTimeoutMs ?? 10_000;
  const server: Server = createServer(
    {
      headersTimeout,
      requestTimeout: options.requestTimeoutMs ?? 60_000,
      connectionsCheckingInterval: Math.max(100, Math.min(1_000, Math.floor(headersTimeout / 4))),
    },
    createHecRequestListener(handler, { maxContentLength: options.maxBodyBytes ?? 16 * 1024 * 1024 }),
  );
  server.maxConnections = options.maxConnections ?? 1_000;
  await new Promise<void>((resolve, reject) => {
    server.once('error', reject);
    server.listen(options.port, options.host ?? '127.0.0.1', () => {
      server.off('error', reject);
      resolve();
    });
  });
  const pump = pumpEventQueue(queue, options.bus, 'hec');
  return {
    port: (server.address() as AddressInfo).port,
    pump,
    async close() {
      await new Promise<void>((resolve) => {
        server.closeIdleConnections();
        server.close(() => resolve());
      });
      queue.close();
      await pump.done;
    },
  };
}
