import { z } from 'zod';
import { NotFoundError, runSchema, runStatusSchema } from '../../core/index.js';
import type { RunStore } from '../../store/index.js';
import type { ApiApp } from '../api-context.js';

/** Read-only views of response runs from the run store (starting and steering runs belongs to respond). */
export function registerRunRoutes(app: ApiApp, runs: RunStore): void {
  app.get(
    '/runs',
    {
      config: { access: 'read' },
      schema: {
        tags: ['runs'],
        summary: 'Response runs, filtered by status or incident',
        querystring: z.strictObject({
          status: runStatusSchema.optional(),
          incidentId: z.string().max(200).optional(),
          limit: z.coerce.number().int().min(1).max(1000).default(100),
        }),
        response: { 200: z.object({ items: z.array(runSchema) }) },
      },
    },
    async (request) => {
      const { status, incidentId, limit } = request.query;
      return {
        items: await runs.listRuns({
          limit,
          ...(status ? { statuses: [status] } : {}),
          ...(incidentId ? { incidentId } : {}),
        }),
      };
    },
  );

  app.get(
    '/runs/:id',
    {
      config: { access: 'read' },
      schema: {
        tags: ['runs'],
        summary: 'One run with its steps, their status and errors',
        params: z.strictObject({ id: z.string().min(1).max(200) }),
        response: { 200: runSchema },
      },
    },
    async (request) => {
      const run = await runs.getRun(request.params.id);
      if (!run) throw new NotFoundError(`no run ${request.params.id}`, { location: { objectId: request.params.id } });
      return run;
    },
  );
}
