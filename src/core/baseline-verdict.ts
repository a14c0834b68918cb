/**
 * A baseline verdict on one alert: what the detection that raised it knows of its host's and
 * account's background, for stages that run elsewhere (the workers' correlate and reason stages).
 * `investigate` asks its detection's `HostBaseline` directly; a worker's detect stage judges each
 * alert with the same baseline (`judgeBaseline`), sends the verdict with the alert and sends a new
 * one whenever it changes, and the later stages answer the same questions from the verdicts
 * (`baselineOfVerdicts`). Every field is optional: an empty verdict says "nothing known", which is
 * also what a message from a version without verdicts means.
 */
import { z } from 'zod';

/** Bound on the recurring behaviour texts one verdict carries. */
export const maxRecurringPerVerdict = 32;

export const baselineVerdictSchema = z.object({
  /** Why the alert's trigger evidence is routine for its host or account, or declared administration. */
  routine: z.string().max(2_000).optional(),
  /** The alert's host (lower case, first label) when `common` was judged. */
  host: z.string().max(300).optional(),
  /** The alert's rule fires through most of the hours recorded of that host. */
  common: z.boolean().optional(),
  /** Behaviour texts of the alert's events that recur through their host's record, with why. */
  recurring: z
    .array(z.object({ host: z.string().max(300), text: z.string().max(10_000), reason: z.string().max(2_000) }))
    .max(maxRecurringPerVerdict)
    .optional(),
});
export type BaselineVerdict = z.infer<typeof baselineVerdictSchema>;
