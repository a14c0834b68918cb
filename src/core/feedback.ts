import { z } from 'zod';

/** An incident's outcome as judged by an analyst. */
export const verdictSchema = z.enum(['true-positive', 'false-positive', 'benign', 'unknown']);
export type Verdict = z.infer<typeof verdictSchema>;

/** Analyst feedback on an incident (verdict) or on one proposed action. */
export const feedbackSchema = z
  .object({
    id: z.string(),
    incidentId: z.string(),
    verdict: verdictSchema.optional(),
    proposalId: z.string().optional(),
    actionFeedback: z.enum(['approved', 'rejected', 'edited']).optional(),
    comment: z.string().optional(),
    author: z.string().min(1),
    createdAt: z.iso.datetime({ offset: true }),
  })
  .meta({ description: 'Analyst verdict or feedback on an incident or action' });
export type Feedback = z.infer<typeof feedbackSchema>;
