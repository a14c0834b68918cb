/**
 * Splunk HTTP Event Collector on the API server: `/services/collector/event`, `/raw`, `/ack` and
 * `/health`, authenticated by HEC tokens of their own (`Authorization: Splunk <token>`, never the
 * API's bearer tokens), answered by the ingest module's framework-free handler. Accepted events
 * wait in a bounded queue (a slow investigation slows forwarders down, then answers "Server is
 * busy"); each batch taken from it is spooled as Splunk results and investigated like `--replay`,
 * rejected records are stored for reading back, and the counters reach `/metrics`.
 */
import { mkdir, rm, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import type { FastifyReply, FastifyRequest } from 'fastify';
import { createHecHandler, EventQueue, type EventQueueOptions, type HecToken } from '../../ingest/index.js';
import type { ApiContext } from '../api-context.js';
import type { ApiMount } from '../app.js';
import { splunkSpoolOf } from './splunk-spool.js';

export const hecPrefix = '/services/collector';

export interface HecBatchOutcome {
  events: number;
  incidents: number;
}

export interface HecMountOptions {
  tokens: readonly (string | HecToken)[];
  /** Investigates one spool file of Splunk results (format `splunk-json`). */
  investigate: (spoolFile: string) => Promise<HecBatchOutcome>;
  /** Where batches are spooled while they are investigated (each file is removed afterwards). */
  spoolFolder: string;
  queue?: EventQueueOptions;
  acknowledgements?: boolean;
  /** Largest request body accepted. Default 16 MiB. */
  bodyLimitBytes?: number;
  /** Requests per client address per minute. Default 6000. */
  requestsPerMinute?: number;
  /** Told after every batch (tests, logs). */
  onBatch?: (outcome: HecBatchOutcome | { error: string }) => void;
}

async function consume(queue: EventQueue, options: HecMountOptions, context: ApiContext): Promise<void> {
  let sequence = 0;
  for await (const batch of queue) {
    if (batch.rejected.length > 0) await context.store.recordRejections(batch.rejected).catch(() => undefined);
    if (batch.events.length === 0) continue;
    context.metrics.eventsReceived.inc({ input: 'hec' }, batch.events.length);
    sequence += 1;
    const spool = splunkSpoolOf(batch.events);
    const file = join(options.spoolFolder, `hec-${context.clock().getTime()}-${process.pid}-${sequence}.json`);
    let reported: HecBatchOutcome | { error: string };
    try {
      await mkdir(options.spoolFolder, { recursive: true });
      await writeFile(file, spool.text, 'utf8');
      const outcome = await options.investigate(file);
      context.metrics.liveBatches.inc({ outcome: 'investigated' });
      context.live.publish({
        type: 'events-ingested',
        subjectId: 'hec',
        at: context.clock().toISOString(),
        data: { events: outcome.events, incidents: outcome.incidents },
      });
      reported = outcome;
    } catch (error) {
      context.metrics.liveBatches.inc({ outcome: 'failed' });
      reported = { error: (error as Error).message };
    } finally {
      await rm(file, { force: true });
    }
    options.onBatch?.(reported);
  }
}

export function createHecMount(options: HecMountOptions): ApiMount {
  return {
    prefix: hecPrefix,
    register: (scope, context) => {
      const queue = new EventQueue(options.queue);
      const handler = createHecHandler({
        queue,
        tokens: options.tokens,
        ...(options.acknowledgements ? { acknowledgements: true } : {}),
      });
      const consuming = consume(queue, options, context);
      scope.addHook('onClose', async () => {
        queue.close();
        await consuming;
      });
      scope.removeAllContentTypeParsers();
      scope.addContentTypeParser('*', { parseAs: 'buffer' }, (_request, body, done) => done(null, body));
      const serve = async (request: FastifyRequest, reply: FastifyReply) => {
        const response = await handler({
          method: request.method,
          url: request.url,
          headers: request.headers,
          body: Buffer.isBuffer(request.body) ? request.body : Buffer.alloc(0),
        });
        return reply.status(response.status).headers(response.headers).send(response.body);
      };
      for (const url of ['/', '/*'])
        scope.route({
          method: ['GET', 'POST'],
          url,
          bodyLimit: options.bodyLimitBytes ?? 16 * 1024 * 1024,
          config: { access: 'public', rateLimit: { max: options.requestsPerMinute ?? 6000, timeWindow: 60_000 } },
          schema: { hide: true },
          handler: serve,
        });
    },
  };
}
