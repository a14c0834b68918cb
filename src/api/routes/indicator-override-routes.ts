/**
 * Indicator lifecycle by analysts: allow-list a value, mark an indicator a false positive, pin its
 * score (each reversible, kept in the audit chain) and expire an indicator now. The next
 * investigation applies all of them (`applyStoredIndicatorKnowledge`).
 */
import { z } from 'zod';
import { indicatorSchema, NotFoundError } from '../../core/index.js';
import {
  clearIndicatorOverride,
  indicatorOverrideSchema,
  listIndicatorOverrides,
  overrideTargetSchema,
  setIndicatorOverride,
  storedOverrideSchema,
} from '../../knowledge/index.js';
import type { ApiApp, ApiContext } from '../api-context.js';
import { requireUser } from '../auth/authenticate.js';

export function registerIndicatorOverrideRoutes(app: ApiApp, context: ApiContext): void {
  const changed = (subjectId: string, data: Record<string, unknown>) =>
    context.live.publish({ type: 'indicator-changed', subjectId, at: context.clock().toISOString(), data });

  app.get(
    '/indicator-overrides',
    {
      config: { access: 'read' },
      schema: {
        tags: ['indicators'],
        summary: 'Overrides in force: allow-listed values, false positives, pinned scores',
        response: { 200: z.object({ items: z.array(storedOverrideSchema) }) },
      },
    },
    async () => ({ items: await listIndicatorOverrides(context.store) }),
  );

  app.post(
    '/indicator-overrides',
    {
      config: { access: 'decide' },
      schema: {
        tags: ['indicators'],
        summary: 'Allow-list a value, mark an indicator a false positive, or pin its score',
        body: z.strictObject({ target: overrideTargetSchema, override: indicatorOverrideSchema }),
        response: { 201: storedOverrideSchema },
      },
    },
    async (request, reply) => {
      const user = requireUser(request);
      const stored = await setIndicatorOverride(context.store, { ...request.body, author: user.name });
      changed(stored.key, { override: stored.override.kind, by: user.name });
      return reply.status(201).send(stored);
    },
  );

  app.delete(
    '/indicator-overrides/:key',
    {
      config: { access: 'decide' },
      schema: {
        tags: ['indicators'],
        summary: 'Clear an override: the indicator or value scores and matches again',
        params: z.strictObject({ key: z.string().min(3).max(2400) }),
        response: { 200: z.object({ cleared: z.literal(true), key: z.string() }) },
      },
    },
    async (request) => {
      const user = requireUser(request);
      const { key } = request.params;
      if (!(await clearIndicatorOverride(context.store, key, user.name)))
        throw new NotFoundError(`no override ${key} in force`, { location: { objectId: key } });
      changed(key, { cleared: true, by: user.name });
      return { cleared: true as const, key };
    },
  );

  app.post(
    '/indicators/:id/expire',
    {
      config: { access: 'decide' },
      schema: {
        tags: ['indicators'],
        summary: 'Expire an indicator now: it stays listed but no longer matches',
        params: z.strictObject({ id: z.string().min(1).max(300) }),
        body: z.strictObject({ reason: z.string().trim().min(1).max(2000) }),
        response: { 200: indicatorSchema },
      },
    },
    async (request) => {
      const user = requireUser(request);
      const { id } = request.params;
      const [found] = await context.store.getIndicators([id]);
      if (!found) throw new NotFoundError(`no indicator ${id}`, { location: { objectId: id } });
      const now = context.clock().toISOString();
      const expired = indicatorSchema.parse({
        ...found,
        validUntil: found.validUntil && found.validUntil < now ? found.validUntil : now,
      });
      await context.store.upsertIndicators([expired]);
      await context.store.appendAudit({
        actor: user.name,
        action: 'indicator-expired',
        subject: { kind: 'indicator', id },
        details: { reason: request.body.reason, previousValidUntil: found.validUntil ?? null },
      });
      changed(id, { expired: true, by: user.name });
      return expired;
    },
  );
}
