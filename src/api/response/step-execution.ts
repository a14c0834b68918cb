/**
 * What really happened to a run step, said plainly for the console: which connector carries
 * the action out here, whether anything was executed at all, and why not. A step that failed
 * before any attempt (no connector configured, arguments that did not render) changed nothing.
 */
import { z } from 'zod';
import type { RunStep } from '../../core/index.js';

export const stepExecutionSchema = z.object({
  /** The connector serving this action type on this server; null when none is configured. */
  connector: z.string().nullable(),
  /** Whether a connector was really invoked for this step (at least one attempt). */
  executed: z.boolean(),
  /** A plain sentence about what did or did not happen, when it is not obvious from the status. */
  note: z.string().optional(),
});
export type StepExecution = z.infer<typeof stepExecutionSchema>;

export function stepExecution(step: RunStep, connector: string | undefined): StepExecution {
  const executed = step.attempts > 0;
  const base = { connector: connector ?? null, executed };
  if (step.status === 'failed' && !executed) {
    return {
      ...base,
      note: `Not executed: ${step.error ?? 'it failed before it started'}. Nothing was changed on any system.`,
    };
  }
  if (step.status === 'succeeded' && executed)
    return { ...base, note: `Carried out by ${connector ?? 'a connector'}.` };
  if (step.status === 'refused') return { ...base, note: `Refused by the policy: ${step.decision.reasons.join('; ')}` };
  if ((step.status === 'pending' || step.status === 'awaiting-approval') && !connector) {
    return {
      ...base,
      note: `No connector is configured for ${step.actionType}: if it is released it will be recorded as not executed.`,
    };
  }
  return base;
}
