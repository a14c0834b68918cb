import { randomUUID } from 'node:crypto';
import { z } from 'zod';
import { type Indicator, indicatorSchema, observableTypeSchema, tlpSchema, VigilError } from '../../core/index.js';
import { listIndicatorOverrides } from '../../knowledge/index.js';
import type { ApiApp, ApiContext } from '../api-context.js';
import { requireUser } from '../auth/authenticate.js';
import { indicatorLifecycle, indicatorLifecycleSchema } from '../indicators/indicator-lifecycle-view.js';

/** Indicators read when searching (the store cannot search them itself). */
const searchScanCap = 200_000;

export const newIndicatorSchema = z
  .strictObject({
    type: observableTypeSchema,
    value: z.string().trim().min(1).max(2048),
    name: z.string().max(200).optional(),
    description: z.string().max(4000).optional(),
    confidence: z.number().int().min(0).max(100).default(70),
    validUntil: z.iso.datetime({ offset: true }).optional(),
    tlp: tlpSchema.default('amber'),
    labels: z.array(z.string().max(64)).max(20).default([]),
  })
  .meta({ description: 'An indicator an analyst adds by hand' });

export function registerIndicatorRoutes(app: ApiApp, context: ApiContext): void {
  app.get(
    '/indicators',
    {
      config: { access: 'read' },
      schema: {
        tags: ['indicators'],
        summary: 'List or search indicators, each with its decayed score, sightings and override',
        querystring: z.strictObject({
          q: z.string().max(200).optional().describe('text in the value, pattern or name'),
          source: z.string().max(200).optional(),
          type: observableTypeSchema.optional(),
          limit: z.coerce.number().int().min(1).max(1000).default(100),
        }),
        response: {
          200: z.object({
            items: z.array(indicatorSchema),
            total: z.number().int(),
            lifecycle: z.record(z.string(), indicatorLifecycleSchema).describe('by indicator id'),
          }),
        },
      },
    },
    async (request) => {
      const { q, source, type, limit } = request.query;
      const total = await context.store.countIndicators();
      const now = context.clock();
      const overrides = new Map((await listIndicatorOverrides(context.store)).map((item) => [item.key, item]));
      const sightings = (await context.knowledge?.sightingTotals()) ?? new Map();
      const withLifecycle = (items: Indicator[]) => ({
        items,
        total,
        lifecycle: Object.fromEntries(
          items.map((indicator) => [indicator.id, indicatorLifecycle(indicator, now, overrides, sightings)]),
        ),
      });
      if (!q && !type)
        return withLifecycle(await context.store.listIndicators({ limit, ...(source ? { source } : {}) }));
      const needle = q?.toLowerCase();
      const items = (
        await context.store.listIndicators({ limit: searchScanCap, ...(source ? { source } : {}) })
      ).filter(
        (indicator) =>
          (!type || indicator.type === type) &&
          (!needle ||
            [indicator.value, indicator.pattern, indicator.name].some((text) => text?.toLowerCase().includes(needle))),
      );
      return withLifecycle(items.slice(0, limit));
    },
  );

  app.post(
    '/indicators',
    {
      config: { access: 'decide' },
      schema: {
        tags: ['indicators'],
        summary: 'Add an indicator (source: the analyst)',
        body: newIndicatorSchema,
        response: { 201: indicatorSchema },
      },
    },
    async (request, reply) => {
      const user = requireUser(request);
      const now = context.clock().toISOString();
      if (request.body.validUntil && request.body.validUntil <= now) {
        throw new VigilError('input-invalid', 'validUntil is in the past', { location: { field: 'validUntil' } });
      }
      const indicator = indicatorSchema.parse({
        ...request.body,
        id: `indicator--${randomUUID()}`,
        source: `analyst:${user.name}`,
        validFrom: now,
      });
      await context.store.upsertIndicators([indicator]);
      await context.store.appendAudit({
        actor: user.name,
        action: 'indicator-added',
        subject: { kind: 'indicator', id: indicator.id },
        details: { type: indicator.type ?? null, value: indicator.value ?? null, confidence: indicator.confidence },
      });
      context.live.publish({ type: 'indicator-added', subjectId: indicator.id, at: now, data: { by: user.name } });
      return reply.status(201).send(indicator);
    },
  );
}
