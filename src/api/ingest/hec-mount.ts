/**
 * Splunk HTTP Event Collector on the API server: `/services/collector/event`, `/raw`, `/ack` and
 * `/health`, authenticated by HEC tokens of their own (`Authorization: Splunk <token>`, never the
 * API's bearer tokens), answered by the ingest module's framework-free handler. Accepted events
 * wait in a bounded queue (a slow investigation slows forwarders down, then answers "Server is
 * busy"); its batches are investigated by `investigateLiveBatches`, as every live input's are.
 */
import type { FastifyReply, FastifyRequest } from 'fastify';
import { createHecHandler, EventQueue, type EventQueueOptions, type HecToken } from '../../ingest/index.js';
import type { ApiMount } from '../app.js';
import { investigateLiveBatches, type LiveBatchOptions, type LiveBatchOutcome } from './live-batches.js';

export const hecPrefix = '/services/collector';

export type HecBatchOutcome = LiveBatchOutcome;

export interface HecMountOptions extends LiveBatchOptions {
  tokens: readonly (string | HecToken)[];
  queue?: EventQueueOptions;
  acknowledgements?: boolean;
  /** Largest request body accepted. Default 16 MiB. */
  bodyLimitBytes?: number;
  /** Requests per client address per minute. Default 6000. */
  requestsPerMinute?: number;
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
      const consuming = investigateLiveBatches(queue, 'hec', options, context);
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
