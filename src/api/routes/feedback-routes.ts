/**
 * Analyst feedback that Vigil learns from: a verdict on an incident (a true positive teaches its
 * indicators, every verdict updates rule track records), benign-pattern suppressions (listed with
 * their hits, revocable, never deleted) and the past incidents most like this one.
 */
import { z } from 'zod';
import { NotFoundError, verdictSchema } from '../../core/index.js';
import {
  findSimilarIncidents,
  learnFromIncident,
  recordVerdict,
  revokeSuppression,
  suppressPattern,
} from '../../knowledge/index.js';
import { attackSequenceSchema, incidentContextSchema, responsePlanSchema } from '../../reason/index.js';
import { type KnowledgeStore, suppressionSchema, verdictRecordSchema } from '../../store/index.js';
import type { ApiApp, ApiContext } from '../api-context.js';
import { requireUser } from '../auth/authenticate.js';
import { incidentAlerts } from '../incidents/incident-alerts.js';

const identifier = z.string().min(1).max(200);

const similarIncidentSchema = z.object({
  incident: z.object({
    id: z.string(),
    title: z.string(),
    severity: z.string(),
    firstSeen: z.string(),
    lastSeen: z.string(),
    techniques: z.array(z.string()),
  }),
  score: z.number(),
  shared: z.object({ entities: z.array(z.string()), indicators: z.array(z.string()), techniques: z.array(z.string()) }),
  verdict: z.string().optional(),
});

export function registerFeedbackRoutes(app: ApiApp, context: ApiContext, knowledge: KnowledgeStore): void {
  const stores = { store: context.store, knowledge, now: context.clock };

  app.get(
    '/incidents/:id/feedback',
    {
      config: { access: 'read' },
      schema: {
        tags: ['knowledge'],
        summary: "The incident's verdict and the suppressions made while reviewing it",
        params: z.strictObject({ id: identifier }),
        response: {
          200: z.object({ verdict: verdictRecordSchema.nullable(), suppressions: z.array(suppressionSchema) }),
        },
      },
    },
    async (request) => {
      const { id } = request.params;
      if (!(await context.store.getIncident(id))) throw new NotFoundError(`no incident ${id}`);
      const suppressions = (await knowledge.listSuppressions({ includeRevoked: true })).filter(
        (suppression) => suppression.incidentId === id,
      );
      return { verdict: (await knowledge.getVerdict(id)) ?? null, suppressions };
    },
  );

  app.post(
    '/incidents/:id/verdict',
    {
      config: { access: 'decide' },
      schema: {
        tags: ['knowledge'],
        summary: 'Judge the incident; a true positive teaches its indicators to the next investigations',
        params: z.strictObject({ id: identifier }),
        body: z.strictObject({ verdict: verdictSchema, comment: z.string().trim().max(2000).optional() }),
        response: { 200: z.object({ verdict: verdictRecordSchema, learnedIndicators: z.number().int() }) },
      },
    },
    async (request) => {
      const user = requireUser(request);
      const { id } = request.params;
      const found = await context.store.getIncident(id);
      if (!found) throw new NotFoundError(`no incident ${id}`, { location: { objectId: id } });
      const ruleIds = (await incidentAlerts(context.store, found.incident)).map((alert) => alert.ruleId);
      const verdict = await recordVerdict(stores, {
        incident: found.incident,
        verdict: request.body.verdict,
        ruleIds,
        author: user.name,
        comment: request.body.comment,
      });
      const reasoning = {
        context: incidentContextSchema.safeParse(found.artifacts.context),
        sequence: attackSequenceSchema.safeParse(found.artifacts.sequence),
        plan: responsePlanSchema.safeParse(found.artifacts.plan),
      };
      const learned =
        reasoning.context.success && reasoning.sequence.success && reasoning.plan.success
          ? await learnFromIncident(stores, {
              incident: found.incident,
              reasoning: {
                context: reasoning.context.data,
                sequence: reasoning.sequence.data,
                plan: reasoning.plan.data,
              },
              verdict: request.body.verdict,
            })
          : undefined;
      context.live.publish({
        type: 'feedback-recorded',
        subjectId: id,
        at: verdict.decidedAt,
        data: { verdict: verdict.verdict, by: user.name },
      });
      return { verdict, learnedIndicators: learned?.indicators.length ?? 0 };
    },
  );

  app.get(
    '/incidents/:id/similar',
    {
      config: { access: 'read' },
      schema: {
        tags: ['knowledge'],
        summary: 'Past incidents sharing entities, indicators or techniques with this one, best first',
        params: z.strictObject({ id: identifier }),
        querystring: z.strictObject({ limit: z.coerce.number().int().min(1).max(50).default(5) }),
        response: { 200: z.object({ items: z.array(similarIncidentSchema) }) },
      },
    },
    async (request) => ({
      items: await findSimilarIncidents(stores, request.params.id, { limit: request.query.limit, candidates: 500 }),
    }),
  );

  app.get(
    '/suppressions',
    {
      config: { access: 'read' },
      schema: {
        tags: ['knowledge'],
        summary: 'Benign-pattern suppressions, with their hits (revoked ones on request)',
        querystring: z.strictObject({ includeRevoked: z.enum(['true', 'false']).default('false') }),
        response: { 200: z.object({ items: z.array(suppressionSchema) }) },
      },
    },
    async (request) => ({
      items: await knowledge.listSuppressions({ includeRevoked: request.query.includeRevoked === 'true' }),
    }),
  );

  app.post(
    '/suppressions',
    {
      config: { access: 'decide' },
      schema: {
        tags: ['knowledge'],
        summary: 'Mark a rule (optionally on one host, user, address or program) as benign',
        body: z.strictObject({
          ruleId: identifier,
          entity: z
            .string()
            .trim()
            .min(3)
            .max(500)
            .optional()
            .describe('kind:value, kind one of host, user, ip, process'),
          reason: z.string().trim().min(1).max(2000),
          incidentId: identifier.optional(),
        }),
        response: { 201: suppressionSchema },
      },
    },
    async (request, reply) => {
      const user = requireUser(request);
      const suppression = await suppressPattern(stores, { ...request.body, author: user.name });
      context.live.publish({
        type: 'feedback-recorded',
        subjectId: suppression.id,
        at: suppression.createdAt,
        data: { suppression: suppression.ruleId, by: user.name },
      });
      return reply.status(201).send(suppression);
    },
  );

  app.post(
    '/suppressions/:id/revoke',
    {
      config: { access: 'decide' },
      schema: {
        tags: ['knowledge'],
        summary: 'Revoke a suppression: its pattern alerts again (it stays listed)',
        params: z.strictObject({ id: identifier }),
        response: { 200: suppressionSchema },
      },
    },
    async (request) => {
      const user = requireUser(request);
      const revoked = await revokeSuppression(stores, request.params.id, user.name);
      context.live.publish({
        type: 'feedback-recorded',
        subjectId: revoked.id,
        at: revoked.revokedAt ?? context.clock().toISOString(),
        data: { revoked: true, by: user.name },
      });
      return revoked;
    },
  );
}
