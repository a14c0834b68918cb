/** What the API shows of a response run: its steps with where and whether they really ran. */
import { z } from 'zod';
import { type Run, runSchema, runStepSchema } from '../../core/index.js';
import type { LedgerEntry } from '../../store/index.js';
import { stepExecution, stepExecutionSchema } from './step-execution.js';

export const runStepViewSchema = runStepSchema.extend(stepExecutionSchema.shape);

export const runViewSchema = runSchema
  .extend({
    steps: z.array(runStepViewSchema),
    /** Steps that failed or were interrupted, and whether any step changed nothing because no connector serves it. */
    failures: z.number().int(),
    notExecuted: z.number().int(),
    finished: z.boolean(),
  })
  .meta({ description: 'A response run with each step, its connector and whether it really ran' });
export type RunView = z.infer<typeof runViewSchema>;

export const ledgerEntrySchema = z.object({
  idempotencyKey: z.string(),
  runId: z.string(),
  stepRef: z.string(),
  status: z.enum(['started', 'succeeded', 'failed']),
  attempt: z.number().int(),
  startedAt: z.string(),
  finishedAt: z.string().optional(),
  output: z.record(z.string(), z.unknown()).optional(),
});

export const runDetailSchema = runViewSchema
  .extend({ ledger: z.array(ledgerEntrySchema) })
  .meta({ description: 'A run with its step ledger (every execution under its idempotency key)' });

const finishedStatuses = new Set<Run['status']>(['succeeded', 'failed', 'cancelled', 'rolled-back', 'rollback-failed']);
const failedStepStatuses = new Set(['failed', 'interrupted', 'compensation-failed']);

export function runView(
  run: Run,
  connectorFor: (actionType: Run['steps'][number]['actionType']) => string | undefined,
): RunView {
  const steps = run.steps.map((step) => ({ ...step, ...stepExecution(step, connectorFor(step.actionType)) }));
  return {
    ...run,
    steps,
    failures: run.steps.filter((step) => failedStepStatuses.has(step.status)).length,
    notExecuted: steps.filter((step) => step.status === 'failed' && !step.executed).length,
    finished: finishedStatuses.has(run.status),
  };
}

export function runDetail(
  run: Run,
  ledger: readonly LedgerEntry[],
  connectorFor: (actionType: Run['steps'][number]['actionType']) => string | undefined,
): z.infer<typeof runDetailSchema> {
  return { ...runView(run, connectorFor), ledger: ledger.map((entry) => ({ ...entry })) };
}
