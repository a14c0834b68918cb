import { z } from 'zod';

/** An analyst's decision on a proposed action. */
export const approvalSchema = z
  .object({
    id: z.string(),
    proposalId: z.string(),
    decision: z.enum(['approved', 'rejected']),
    decidedBy: z.string().min(1),
    decidedAt: z.iso.datetime({ offset: true }),
    reason: z.string().optional(),
  })
  .meta({ description: "An analyst's decision on a proposed action" });
export type Approval = z.infer<typeof approvalSchema>;
