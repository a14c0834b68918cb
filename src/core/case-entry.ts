import { z } from 'zod';

/** Free text an analyst writes: no control characters other than line breaks and tabs. */
const caseText = (max: number) =>
  z
    .string()
    .trim()
    .min(1)
    .max(max)
    .refine((text) => !/[\u0000-\u0008\u000b\u000c\u000e-\u001f\u007f]/.test(text), {
      message: 'control characters are not allowed',
    });

/** Who is named on a case: a user name as the API tokens and `--as` give it. */
export const caseUserSchema = caseText(200).refine((name) => !/[\r\n\t]/.test(name), {
  message: 'a user name is one line',
});

const entryBase = {
  id: z.string().min(1).max(200),
  incidentId: z.string().min(1).max(200),
  /** Who wrote the note or made the assignment. */
  author: caseUserSchema,
  at: z.iso.datetime({ offset: true }),
};

/**
 * One entry of an incident's case file: an analyst's note, or an assignment (`assignee: null`
 * hands the incident back to the queue). Each is written with an audit entry that carries the
 * same content, so `audit verify` notices a note changed behind the chain's back.
 */
export const caseEntrySchema = z
  .discriminatedUnion('kind', [
    z.object({ kind: z.literal('note'), ...entryBase, text: caseText(10_000) }),
    z.object({ kind: z.literal('assignment'), ...entryBase, assignee: caseUserSchema.nullable() }),
  ])
  .meta({ description: "An analyst's note or an assignment on an incident" });
export type CaseEntry = z.infer<typeof caseEntrySchema>;

/** The audit action that records each kind of case entry. */
export const caseEntryAuditAction = { note: 'incident-note-added', assignment: 'incident-assigned' } as const;

/** What the audit entry of a case entry holds: everything but the incident (its subject), author (actor) and time. */
export function caseEntryAuditDetails(entry: CaseEntry): Record<string, unknown> {
  return entry.kind === 'note'
    ? { entryId: entry.id, text: entry.text }
    : { entryId: entry.id, assignee: entry.assignee };
}
