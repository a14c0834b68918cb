import { z } from 'zod';
import { alertSchema, eventSchema, NotFoundError, severitySchema } from '../../core/index.js';
import type { ApiApp, ApiContext } from '../api-context.js';

const isoTime = z.iso.datetime({ offset: true });

export function registerEventRoutes(app: ApiApp, context: ApiContext): void {
  app.get(
    '/events',
    {
      config: { access: 'read' },
      schema: {
        tags: ['events'],
        summary: 'Search stored events by time window and host',
        querystring: z.strictObject({
          from: isoTime.optional().describe('inclusive lower bound'),
          to: isoTime.optional().describe('exclusive upper bound'),
          host: z.string().max(255).optional(),
          limit: z.coerce.number().int().min(1).max(1000).default(100),
        }),
        response: { 200: z.object({ items: z.array(eventSchema) }) },
      },
    },
    async (request) => {
      const { from, to, host, limit } = request.query;
      const items = await context.store.listEvents({
        limit,
        // stored times are normalised ISO strings (milliseconds, Z); compare like with like
        ...(from ? { from: new Date(from).toISOString() } : {}),
        ...(to ? { to: new Date(to).toISOString() } : {}),
        ...(host ? { host: host.toLowerCase() } : {}),
      });
      return { items };
    },
  );

  app.get(
    '/events/:id',
    {
      config: { access: 'read' },
      schema: {
        tags: ['events'],
        summary: 'One event, with its raw record',
        params: z.strictObject({ id: z.string().min(1).max(200) }),
        response: { 200: eventSchema },
      },
    },
    async (request) => {
      const [event] = await context.store.getEvents([request.params.id]);
      if (!event)
        throw new NotFoundError(`no event ${request.params.id}`, { location: { objectId: request.params.id } });
      return event;
    },
  );

  app.get(
    '/alerts',
    {
      config: { access: 'read' },
      schema: {
        tags: ['alerts'],
        summary: 'List alerts, oldest first, filtered by severity or rule',
        querystring: z.strictObject({
          severity: severitySchema.optional(),
          ruleId: z.string().max(200).optional(),
          limit: z.coerce.number().int().min(1).max(5000).default(500),
        }),
        response: { 200: z.object({ items: z.array(alertSchema) }) },
      },
    },
    async (request) => {
      const { severity, ruleId, limit } = request.query;
      const filtered = severity !== undefined || ruleId !== undefined;
      const alerts = await context.store.listAlerts({ limit: filtered ? 100_000 : limit });
      const items = alerts.filter(
        (alert) => (!severity || alert.severity === severity) && (!ruleId || alert.ruleId === ruleId),
      );
      return { items: items.slice(0, limit) };
    },
  );
}
