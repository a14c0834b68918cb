/**
 * The case file of an incident: who it is assigned to and the analysts' notes. Reading needs
 * `read`; writing a note or an assignment needs `decide` (analysts and above). Each write is an
 * audit entry (`incident-note-added`, `incident-assigned`) that `GET /audit/verify` checks.
 */
import { z } from 'zod';
import { caseEntrySchema } from '../../core/index.js';
import { addIncidentNote, assignIncident, type CaseFile, loadCaseFile } from '../../knowledge/index.js';
import type { ApiApp, ApiContext } from '../api-context.js';
import { requireUser } from '../auth/authenticate.js';

const identifier = z.string().min(1).max(200);

export const caseFileSchema = z
  .object({
    incidentId: z.string(),
    assignee: z.string().nullable(),
    assignedAt: z.string().optional(),
    assignedBy: z.string().optional(),
    notes: z.array(caseEntrySchema),
    entries: z.array(caseEntrySchema),
  })
  .meta({ description: "An incident's assignee and notes, every entry in the audit chain" });

const view = (file: CaseFile): z.infer<typeof caseFileSchema> => ({
  incidentId: file.incidentId,
  assignee: file.assignee,
  ...(file.assignedAt ? { assignedAt: file.assignedAt } : {}),
  ...(file.assignedBy ? { assignedBy: file.assignedBy } : {}),
  notes: file.notes,
  entries: file.entries,
});

export function registerCaseRoutes(app: ApiApp, context: ApiContext): void {
  const stores = { store: context.store, now: context.clock };

  app.get(
    '/incidents/:id/case',
    {
      config: { access: 'read' },
      schema: {
        tags: ['incidents'],
        summary: "The incident's assignee and analysts' notes, oldest first",
        params: z.strictObject({ id: identifier }),
        response: { 200: caseFileSchema },
      },
    },
    async (request) => view(await loadCaseFile(context.store, request.params.id)),
  );

  app.post(
    '/incidents/:id/notes',
    {
      config: { access: 'decide' },
      schema: {
        tags: ['incidents'],
        summary: 'Add a note to the incident (recorded in the audit chain)',
        params: z.strictObject({ id: identifier }),
        body: z.strictObject({ text: z.string().max(10_000) }),
        response: { 201: caseFileSchema },
      },
    },
    async (request, reply) => {
      const user = requireUser(request);
      const entry = await addIncidentNote(stores, {
        incidentId: request.params.id,
        author: user.name,
        text: request.body.text,
      });
      context.live.publish({
        type: 'incident-updated',
        subjectId: request.params.id,
        at: entry.at,
        data: { note: entry.id, by: user.name },
      });
      return reply.status(201).send(view(await loadCaseFile(context.store, request.params.id)));
    },
  );

  app.post(
    '/incidents/:id/assignment',
    {
      config: { access: 'decide' },
      schema: {
        tags: ['incidents'],
        summary: 'Assign the incident to an analyst, or to nobody with null (recorded in the audit chain)',
        params: z.strictObject({ id: identifier }),
        body: z.strictObject({ assignee: z.string().max(200).nullable() }),
        response: { 200: caseFileSchema },
      },
    },
    async (request) => {
      const user = requireUser(request);
      const entry = await assignIncident(stores, {
        incidentId: request.params.id,
        author: user.name,
        assignee: request.body.assignee,
      });
      context.live.publish({
        type: 'incident-updated',
        subjectId: request.params.id,
        at: entry.at,
        data: { assignee: request.body.assignee, by: user.name },
      });
      return view(await loadCaseFile(context.store, request.params.id));
    },
  );
}
