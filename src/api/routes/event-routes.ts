import { z } from 'zod';
import { alertSchema, type Event, eventSchema, NotFoundError, severitySchema, VigilError } from '../../core/index.js';
import type { ApiApp, ApiContext } from '../api-context.js';
import { type EventCriteria, entityKinds, eventMatches, parseEntity } from '../events/event-search.js';

const isoTime = z.iso.datetime({ offset: true });
/** Events of the time window read at most per request when filtering beyond time and host (the store cannot filter on them). */
const eventScanCap = 50_000;
/** Events read from the store at a time: the window is paged through in (timestamp, id) order, never held whole. */
const scanPage = 1_000;

/** The keyset cursor of an event: where the next page starts (`after`). */
const cursorOf = (event: { timestamp: string; id: string }) => `${event.timestamp}|${event.id}`;
const cursorSchema = z
  .string()
  .max(300)
  .regex(/^[^|]+\|.+$/, 'a cursor is the `next` of an earlier answer')
  .transform((text) => {
    const separator = text.indexOf('|');
    return { timestamp: text.slice(0, separator), id: text.slice(separator + 1) };
  });

export function registerEventRoutes(app: ApiApp, context: ApiContext): void {
  app.get(
    '/events',
    {
      config: { access: 'read' },
      schema: {
        tags: ['events'],
        summary: 'Search stored events by time window, host, entity, field and full text',
        querystring: z.strictObject({
          from: isoTime.optional().describe('inclusive lower bound'),
          to: isoTime.optional().describe('exclusive upper bound'),
          host: z.string().max(255).optional(),
          entity: z
            .string()
            .max(500)
            .optional()
            .describe(`kind:value, kind one of ${entityKinds.join(', ')}`),
          field: z
            .string()
            .regex(/^[A-Za-z0-9_@.-]+$/)
            .max(200)
            .optional()
            .describe('dotted path (destination.port, fields.EventID); with `value`, equal to it, else present'),
          value: z.string().max(2000).optional(),
          q: z.string().min(1).max(500).optional().describe('text in the raw record or message'),
          limit: z.coerce.number().int().min(1).max(1000).default(100),
          after: cursorSchema.optional().describe('continue after this cursor (the `next` of an earlier answer)'),
        }),
        response: {
          200: z.object({
            items: z.array(eventSchema),
            scanned: z.number().int().describe('events of the window read to filter'),
            truncated: z
              .boolean()
              .describe(
                'the scan cap was reached before `limit` matches or the end of the window: continue with `next`',
              ),
            next: z.string().optional().describe('cursor of the last event read, when the window goes on'),
          }),
        },
      },
    },
    async (request) => {
      const { from, to, host, entity, field, value, q, limit, after } = request.query;
      if (value !== undefined && field === undefined)
        throw new VigilError('input-invalid', 'value needs a field', { location: { field: 'value' } });
      const criteria: EventCriteria = {
        ...(entity ? { entity: parseEntity(entity) } : {}),
        ...(field ? { field: { path: field, ...(value !== undefined ? { value } : {}) } } : {}),
        ...(q ? { text: q } : {}),
      };
      const window = {
        // stored times are normalised ISO strings (milliseconds, Z); compare like with like
        ...(from ? { from: new Date(from).toISOString() } : {}),
        ...(to ? { to: new Date(to).toISOString() } : {}),
        ...(host ? { host: host.toLowerCase() } : {}),
      };
      if (Object.keys(criteria).length === 0) {
        const items = await context.store.listEvents({ ...window, limit, ...(after ? { after } : {}) });
        const last = items.at(-1);
        return {
          items,
          scanned: items.length,
          truncated: false,
          ...(last && items.length === limit ? { next: cursorOf(last) } : {}),
        };
      }
      // Filtered: pages of the window in (timestamp, id) order, indexed by time and host, until
      // `limit` matches, the end of the window or the scan cap; the loop gets a turn between pages.
      const items: Event[] = [];
      let scanned = 0;
      let cursor = after;
      let ended = false;
      while (items.length < limit && scanned < eventScanCap) {
        const wanted = Math.min(scanPage, eventScanCap - scanned);
        const page = await context.store.listEvents({ ...window, limit: wanted, ...(cursor ? { after: cursor } : {}) });
        for (const event of page) {
          scanned += 1;
          cursor = event;
          if (eventMatches(event, criteria) && items.push(event) === limit) break;
        }
        if (page.length < wanted && items.length < limit) {
          ended = true;
          break;
        }
        await new Promise((resolve) => setImmediate(resolve));
      }
      return {
        items,
        scanned,
        truncated: !ended && items.length < limit,
        ...(!ended && cursor ? { next: cursorOf(cursor) } : {}),
      };
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
      const items = await context.store.listAlerts({
        limit,
        ...(severity !== undefined ? { severity } : {}),
        ...(ruleId !== undefined ? { ruleId } : {}),
      });
      return { items };
    },
  );
}
