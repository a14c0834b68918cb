import type { ApiApp, ApiContext } from '../api-context.js';
import type { LiveEvent } from '../live/live-feed.js';

/** One server-sent event frame. Data is JSON on one line, so no field can inject another frame. */
export function sseFrame(event: LiveEvent): string {
  return `event: ${event.type}\ndata: ${JSON.stringify(event)}\n\n`;
}

/**
 * `GET /live`: server-sent events (new incidents, approvals waiting and decided, runs
 * finishing). Clients send the token in the Authorization header (fetch streaming), never in the URL.
 */
export function registerLiveRoutes(app: ApiApp, context: ApiContext, heartbeatMs: number): void {
  app.get(
    '/live',
    {
      config: { access: 'read' },
      schema: {
        tags: ['live'],
        summary:
          'Server-sent events: incident-created, incident-updated, approval-requested, approval-decided, run-updated, run-finished, policy-updated',
        produces: ['text/event-stream'],
      },
    },
    (request, reply) => {
      reply.hijack();
      const raw = reply.raw;
      raw.writeHead(200, {
        ...(reply.getHeaders() as Record<string, string>),
        'content-type': 'text/event-stream; charset=utf-8',
        'cache-control': 'no-store',
        connection: 'keep-alive',
        'x-accel-buffering': 'no',
      });
      raw.write(`retry: 3000\nevent: ready\ndata: ${JSON.stringify({ user: request.user?.name ?? null })}\n\n`);
      const unsubscribe = context.live.subscribe((event) => {
        raw.write(sseFrame(event));
      });
      context.metrics.liveClients.inc();
      const heartbeat = setInterval(() => raw.write(': heartbeat\n\n'), heartbeatMs);
      heartbeat.unref();
      let closed = false;
      const close = () => {
        if (closed) return;
        closed = true;
        clearInterval(heartbeat);
        unsubscribe();
        context.metrics.liveClients.dec();
      };
      request.raw.on('close', close);
      raw.on('close', close);
    },
  );
}
