import { z } from 'zod';
import type { ApiApp, ApiContext } from '../api-context.js';
import { renderApiDocs } from './api-docs-page.js';

export function registerSystemRoutes(app: ApiApp, context: ApiContext): void {
  app.get(
    '/health',
    {
      // liveness is a constant answer: never rate-limited, so a flood from a shared address
      // (NAT, proxy) cannot make the server look down to its probes
      config: { access: 'public', rateLimit: false },
      schema: { tags: ['system'], summary: 'Liveness', response: { 200: z.object({ status: z.literal('ok') }) } },
    },
    async () => ({ status: 'ok' as const }),
  );

  app.get(
    '/ready',
    {
      config: { access: 'public' },
      schema: {
        tags: ['system'],
        summary: 'Readiness: the store answers',
        response: {
          200: z.object({ status: z.literal('ready'), store: z.string() }),
          503: z.object({ status: z.literal('unavailable'), store: z.string() }),
        },
      },
    },
    async (_request, reply) => {
      try {
        await context.store.countEvents();
        return { status: 'ready' as const, store: context.store.kind };
      } catch (error) {
        reply.log.error({ err: error }, 'store not ready');
        return reply.status(503).send({ status: 'unavailable' as const, store: context.store.kind });
      }
    },
  );

  app.get(
    '/metrics',
    {
      config: { access: 'read' },
      schema: { tags: ['system'], summary: 'Prometheus metrics', produces: ['text/plain'] },
    },
    async (_request, reply) => {
      const body = await context.metrics.registry.metrics();
      return reply.type(context.metrics.registry.contentType).send(body);
    },
  );

  app.get('/openapi.json', { config: { access: 'public' }, schema: { hide: true } }, async () => app.swagger());

  app.get('/docs', { config: { access: 'public' }, schema: { hide: true } }, async (_request, reply) =>
    reply.type('text/html; charset=utf-8').send(renderApiDocs(app.swagger() as OpenApiDocument)),
  );
}

export interface OpenApiDocument {
  info?: { title?: string; version?: string };
  paths?: Record<string, Record<string, { summary?: string; description?: string; tags?: string[] }>>;
}
