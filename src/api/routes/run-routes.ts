import { z } from 'zod';
import { NotFoundError, runStatusSchema } from '../../core/index.js';
import type { RunStore } from '../../store/index.js';
import type { ApiApp } from '../api-context.js';
import { requireUser } from '../auth/authenticate.js';
import type { ResponseDesk } from '../response/response-desk.js';
import { runDetail, runDetailSchema, runView, runViewSchema } from '../response/run-views.js';

const runParams = z.strictObject({ id: z.string().min(1).max(200) });
const reasonBody = z.strictObject({ reason: z.string().trim().min(1, 'say why').max(2000) });

/** Response runs: list, detail with steps and ledger, retry (resume), cancel and roll back. */
export function registerRunRoutes(app: ApiApp, runs: RunStore, desk: ResponseDesk): void {
  const connectorFor = desk.connectorFor.bind(desk);
  const load = async (id: string) => {
    const run = await runs.getRun(id);
    if (!run) throw new NotFoundError(`no run ${id}`, { location: { objectId: id } });
    return run;
  };

  app.get(
    '/runs',
    {
      config: { access: 'read' },
      schema: {
        tags: ['runs'],
        summary: 'Response runs, newest first, filtered by status, incident or failures',
        querystring: z.strictObject({
          status: runStatusSchema.optional(),
          incidentId: z.string().max(200).optional(),
          failed: z.enum(['true', 'false']).optional().describe('only runs with a failed step'),
          limit: z.coerce.number().int().min(1).max(1000).default(100),
        }),
        response: { 200: z.object({ items: z.array(runViewSchema) }) },
      },
    },
    async (request) => {
      const { status, incidentId, failed, limit } = request.query;
      const found = await runs.listRuns({
        limit,
        ...(status ? { statuses: [status] } : {}),
        ...(incidentId ? { incidentId } : {}),
      });
      const items = found
        .map((run) => runView(run, connectorFor))
        .filter((view) => failed !== 'true' || view.failures > 0 || view.status === 'failed')
        .sort((left, right) => right.createdAt.localeCompare(left.createdAt));
      return { items };
    },
  );

  app.get(
    '/runs/:id',
    {
      config: { access: 'read' },
      schema: {
        tags: ['runs'],
        summary: 'One run with its steps, their status, connector and errors, and the step ledger',
        params: runParams,
        response: { 200: runDetailSchema },
      },
    },
    async (request) => {
      const run = await load(request.params.id);
      return runDetail(run, await runs.listLedger(run.id), connectorFor);
    },
  );

  app.post(
    '/runs/:id/retry',
    {
      config: { access: 'execute' },
      schema: {
        tags: ['runs'],
        summary: 'Resume a run: failed and interrupted steps are tried again (never a step that succeeded)',
        params: runParams,
        response: { 202: runViewSchema },
      },
    },
    async (request, reply) => {
      const user = requireUser(request);
      const run = await desk.retry((await load(request.params.id)).id, user.name);
      return reply.status(202).send(runView(run, connectorFor));
    },
  );

  for (const verb of ['cancel', 'rollback'] as const) {
    app.post(
      `/runs/:id/${verb}`,
      {
        config: { access: 'execute' },
        schema: {
          tags: ['runs'],
          summary:
            verb === 'cancel'
              ? 'Cancel a run: steps not yet run are cancelled and their approvals withdrawn'
              : 'Roll a run back: cancel what has not run and undo completed reversible steps, newest first',
          params: runParams,
          body: reasonBody,
          response: { 200: runViewSchema },
        },
      },
      async (request) => {
        const user = requireUser(request);
        const run = await load(request.params.id);
        // a finished run is refused by the orchestrator's transition table (run-transition-invalid, 409)
        const after =
          verb === 'cancel'
            ? await desk.cancel(run.id, user.name, request.body.reason)
            : await desk.rollback(run.id, user.name, request.body.reason);
        return runView(after, connectorFor);
      },
    );
  }
}
