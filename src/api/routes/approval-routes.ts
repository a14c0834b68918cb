import { z } from 'zod';
import type { ApiApp, ApiContext } from '../api-context.js';
import { proposalStatusSchema } from '../approvals/approval-state.js';
import { approvalQueue, proposalViewSchema } from '../approvals/proposal-views.js';

export function registerApprovalRoutes(app: ApiApp, context: ApiContext): void {
  app.get(
    '/approvals',
    {
      config: { access: 'read' },
      schema: {
        tags: ['approvals'],
        summary: 'The approval queue: proposed actions across incidents, pending ones by default',
        querystring: z.strictObject({
          status: proposalStatusSchema.default('pending'),
          limit: z.coerce.number().int().min(1).max(500).default(200),
        }),
        response: { 200: z.object({ items: z.array(proposalViewSchema) }) },
      },
    },
    async (request) => ({ items: await approvalQueue(context, request.query) }),
  );
}
