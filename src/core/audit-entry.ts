import { z } from 'zod';

/** One link of the tamper-evident audit chain: who did what to which object, hashed with the previous entry. */
export const auditEntrySchema = z
  .object({
    sequence: z.number().int().nonnegative(),
    timestamp: z.iso.datetime({ offset: true }),
    actor: z.string().min(1),
    /** Noun-verb in the past tense: `incident-created`, `action-approved`. */
    action: z.string().regex(/^[a-z]+(-[a-z]+)+$/),
    subject: z.object({ kind: z.string(), id: z.string() }),
    details: z.record(z.string(), z.unknown()).default({}),
    previousHash: z.string(),
    hash: z.string(),
  })
  .meta({ description: 'An entry of the hash-chained audit log' });
export type AuditEntry = z.infer<typeof auditEntrySchema>;
