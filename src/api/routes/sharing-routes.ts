/**
 * Knowledge exports and publication: an incident as a STIX 2.1 bundle or a MISP event (objects
 * above the requested TLP ceiling left out and listed), and publication to Vigil's own TAXII
 * collection, which happens only after a second analyst approves the request (requester ≠
 * approver, enforced by the knowledge module) and only within the server's sharing ceiling.
 */
import { z } from 'zod';
import { tlpSchema, VigilError } from '../../core/index.js';
import {
  decidePublication,
  incidentToMispEvent,
  incidentToStixBundle,
  packageIncident,
  publishApproved,
  requestPublication,
  taxiiCollectionPublisher,
  tlpRank,
} from '../../knowledge/index.js';
import { type KnowledgeStore, publicationRecordSchema } from '../../store/index.js';
import type { ApiApp, ApiContext } from '../api-context.js';
import { requireUser } from '../auth/authenticate.js';
import { sharedCollectionId } from './taxii-routes.js';

const identifier = z.string().min(1).max(200);

const stixBundleSchema = z.looseObject({
  type: z.literal('bundle'),
  id: z.string(),
  objects: z.array(z.looseObject({ type: z.string(), id: z.string() })),
});

const mispEventSchema = z.object({ Event: z.record(z.string(), z.unknown()) });

const exportQuerySchema = z.strictObject({
  ceiling: tlpSchema.default('amber').describe('the most sensitive TLP the recipient may receive'),
});

export function registerSharingRoutes(app: ApiApp, context: ApiContext, knowledge: KnowledgeStore): void {
  const stores = { store: context.store, knowledge, now: context.clock };
  const publisher = taxiiCollectionPublisher(context.taxii, sharedCollectionId, context.sharingCeiling);
  const withheldHeader = (withheld: readonly string[]) =>
    withheld.length > 0 ? { 'x-vigil-withheld': withheld.join(',').slice(0, 4000) } : {};

  app.get(
    '/incidents/:id/export/stix',
    {
      config: { access: 'read' },
      schema: {
        tags: ['knowledge'],
        summary: 'The incident as a STIX 2.1 bundle (indicators above the TLP ceiling withheld)',
        params: z.strictObject({ id: identifier }),
        querystring: exportQuerySchema,
        response: { 200: stixBundleSchema },
      },
    },
    async (request, reply) => {
      const pack = await packageIncident(stores, request.params.id, { ceiling: request.query.ceiling });
      return reply.headers(withheldHeader(pack.withheld)).send(incidentToStixBundle(pack));
    },
  );

  app.get(
    '/incidents/:id/export/misp',
    {
      config: { access: 'read' },
      schema: {
        tags: ['knowledge'],
        summary: 'The incident as a MISP event (attributes above the TLP ceiling withheld)',
        params: z.strictObject({ id: identifier }),
        querystring: exportQuerySchema,
        response: { 200: mispEventSchema },
      },
    },
    async (request, reply) => {
      const pack = await packageIncident(stores, request.params.id, { ceiling: request.query.ceiling });
      return reply.headers(withheldHeader(pack.withheld)).send(incidentToMispEvent(pack));
    },
  );

  app.get(
    '/publications',
    {
      config: { access: 'read' },
      schema: {
        tags: ['knowledge'],
        summary: 'Publication requests and what became of them',
        querystring: z.strictObject({ incidentId: identifier.optional() }),
        response: {
          200: z.object({
            items: z.array(publicationRecordSchema),
            destination: z.string(),
            ceiling: tlpSchema,
          }),
        },
      },
    },
    async (request) => {
      const { incidentId } = request.query;
      const items = await knowledge.listPublications(incidentId ? { incidentId } : {});
      return { items, destination: publisher.destination, ceiling: publisher.ceiling };
    },
  );

  app.post(
    '/incidents/:id/publications',
    {
      config: { access: 'decide' },
      schema: {
        tags: ['knowledge'],
        summary: "Ask to publish the incident to Vigil's shared TAXII collection (a second analyst approves)",
        params: z.strictObject({ id: identifier }),
        response: { 201: publicationRecordSchema },
      },
    },
    async (request, reply) => {
      const user = requireUser(request);
      const record = await context.lock.run(`publish:${request.params.id}`, async () => {
        const open = (await knowledge.listPublications({ incidentId: request.params.id })).find(
          (item) => item.destination === publisher.destination && item.status === 'pending',
        );
        if (open)
          throw new VigilError('conflict', `publication ${open.id} of this incident is already waiting`, {
            location: { objectId: open.id },
          });
        return requestPublication(stores, { incidentId: request.params.id, publisher, requestedBy: user.name });
      });
      context.live.publish({
        type: 'publication-requested',
        subjectId: record.id,
        at: record.createdAt,
        data: { incidentId: record.incidentId, by: user.name },
      });
      return reply.status(201).send(record);
    },
  );

  app.post(
    '/publications/:id/decision',
    {
      config: { access: 'decide' },
      schema: {
        tags: ['knowledge'],
        summary: 'Approve (and publish) or reject a publication; the requester cannot decide',
        params: z.strictObject({ id: identifier }),
        body: z
          .strictObject({
            decision: z.enum(['approved', 'rejected']),
            reason: z.string().trim().max(2000).optional(),
          })
          .refine((body) => body.decision === 'approved' || (body.reason ?? '').length > 0, {
            message: 'a rejection needs a reason',
            path: ['reason'],
          }),
        response: { 200: publicationRecordSchema },
      },
    },
    async (request) => {
      const user = requireUser(request);
      const { id } = request.params;
      const record = await context.lock.run(`publication:${id}`, async () => {
        const found = await knowledge.getPublication(id);
        if (found && found.requestedBy === user.name)
          throw new VigilError('conflict', 'the analyst who requested a publication cannot also decide it', {
            location: { objectId: id, field: 'decision' },
          });
        if (found && tlpRank[found.tlp] > tlpRank[publisher.ceiling])
          throw new VigilError('conflict', `publication ${id} is TLP:${found.tlp.toUpperCase()}, above the ceiling`);
        const decided = await decidePublication(stores, {
          id,
          analyst: user.name,
          decision: request.body.decision,
          ...(request.body.reason ? { reason: request.body.reason } : {}),
        });
        return decided.status === 'approved' ? publishApproved(stores, id, publisher) : decided;
      });
      context.live.publish({
        type: 'publication-decided',
        subjectId: record.id,
        at: record.updatedAt,
        data: { incidentId: record.incidentId, status: record.status, by: user.name },
      });
      return record;
    },
  );
}
