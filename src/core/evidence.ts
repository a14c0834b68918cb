import { z } from 'zod';

/** A pointer to something stored that supports a claim: an event, alert, indicator, past incident or CTI document. */
export const evidenceRefSchema = z
  .object({
    kind: z.enum(['event', 'alert', 'indicator', 'incident', 'technique', 'document']),
    id: z.string().min(1),
    note: z.string().optional(),
  })
  .meta({ description: 'Reference to a stored object that supports a claim' });
export type EvidenceRef = z.infer<typeof evidenceRefSchema>;
