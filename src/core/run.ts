import { z } from 'zod';
import { actionTypeSchema, riskSchema, targetKindSchema } from './action-proposal.js';

const isoTime = z.iso.datetime({ offset: true });

/** What the response policy decided for one proposed action. */
export const policyOutcomeSchema = z.enum(['auto', 'approval', 'refuse']);
export type PolicyOutcome = z.infer<typeof policyOutcomeSchema>;

/** A policy decision with the number of distinct approvers it requires and why. */
export const policyDecisionSchema = z
  .object({
    outcome: policyOutcomeSchema,
    /** Distinct analysts who must approve: 0 for `auto` and `refuse`, 1 or 2 for `approval`. */
    approvers: z.number().int().min(0).max(2),
    reasons: z.array(z.string()).min(1),
  })
  .meta({ description: 'The response policy decision for one proposed action' });
export type PolicyDecision = z.infer<typeof policyDecisionSchema>;

/** Life of one step of a response run. `interrupted`: it started and the orchestrator died before it finished. */
export const runStepStatusSchema = z.enum([
  'pending',
  'awaiting-approval',
  'running',
  'succeeded',
  'failed',
  'skipped',
  'refused',
  'rejected',
  'cancelled',
  'interrupted',
  'compensated',
  'compensation-failed',
]);
export type RunStepStatus = z.infer<typeof runStepStatusSchema>;

export const runStatusSchema = z.enum([
  'pending',
  'awaiting-approval',
  'running',
  'succeeded',
  'failed',
  'cancelled',
  'rolled-back',
  'rollback-failed',
]);
export type RunStatus = z.infer<typeof runStatusSchema>;

/** Run statuses after which nothing more happens to the run. */
export const terminalRunStatuses: ReadonlySet<RunStatus> = new Set([
  'succeeded',
  'failed',
  'cancelled',
  'rolled-back',
  'rollback-failed',
]);
/** Run statuses of runs that still have work or decisions ahead (the complement of the terminal ones). */
export const unfinishedRunStatuses: readonly RunStatus[] = runStatusSchema.options.filter(
  (status) => !terminalRunStatuses.has(status),
);
/** Step statuses after which the step does not run again (unless a retry resets it). */
export const finalStepStatuses: ReadonlySet<RunStepStatus> = new Set([
  'succeeded',
  'failed',
  'skipped',
  'refused',
  'rejected',
  'cancelled',
  'interrupted',
  'compensated',
  'compensation-failed',
]);

/** One step of a response run: an action on one target, with its policy decision and outcome. */
export const runStepSchema = z
  .object({
    ref: z.string().min(1),
    actionType: actionTypeSchema,
    target: z.object({ kind: targetKindSchema, value: z.string().min(1) }),
    /** Data only: never read as templates. */
    parameters: z.record(z.string(), z.unknown()).default({}),
    /**
     * Strings of the playbook file that read the run's state (`${{ steps.block.output }}`), rendered
     * into `parameters` at `path` just before the step runs. Only a playbook writes these; a part is
     * inert data (`value`) or an expression of the playbook file (`expression`).
     */
    templates: z
      .array(
        z.object({
          path: z.array(z.union([z.string(), z.number()])),
          parts: z.array(z.union([z.object({ value: z.unknown() }), z.object({ expression: z.string() })])),
        }),
      )
      .optional(),
    risk: riskSchema,
    reversible: z.boolean(),
    proposalId: z.string().optional(),
    dependsOn: z.array(z.string()).default([]),
    /** Expression of the playbook language; the step is skipped when it is false. */
    condition: z.string().optional(),
    onFailure: z.enum(['abort', 'continue', 'rollback']).default('abort'),
    /** Step and target: the orchestrator never executes a key that already succeeded. */
    idempotencyKey: z.string().min(1),
    decision: policyDecisionSchema,
    approvalRequestId: z.string().optional(),
    status: runStepStatusSchema,
    attempts: z.number().int().nonnegative().default(0),
    timeoutMs: z.number().int().positive().optional(),
    startedAt: isoTime.optional(),
    finishedAt: isoTime.optional(),
    output: z.record(z.string(), z.unknown()).optional(),
    error: z.string().optional(),
  })
  .meta({ description: 'One step of a response run' });
export type RunStep = z.infer<typeof runStepSchema>;

/** A response run: the durable state of carrying out a plan or playbook. */
export const runSchema = z
  .object({
    id: z.string().min(1),
    incidentId: z.string().optional(),
    playbook: z.string().optional(),
    status: runStatusSchema,
    dryRun: z.boolean().default(false),
    requestedBy: z.string().min(1),
    cancelRequested: z.boolean().default(false),
    createdAt: isoTime,
    updatedAt: isoTime,
    steps: z.array(runStepSchema),
  })
  .meta({ description: 'The persisted state of a response run' });
export type Run = z.infer<typeof runSchema>;

/** An action waiting for analysts: pending until enough distinct approvers, a rejection, or its deadline. */
export const approvalRequestSchema = z
  .object({
    id: z.string().min(1),
    runId: z.string().optional(),
    stepRef: z.string().optional(),
    proposalId: z.string().optional(),
    incidentId: z.string().optional(),
    actionType: actionTypeSchema,
    target: z.object({ kind: targetKindSchema, value: z.string().min(1) }),
    risk: riskSchema,
    status: z.enum(['pending', 'approved', 'rejected', 'timed-out', 'withdrawn']),
    requiredApprovers: z.number().int().min(1).max(2),
    approvedBy: z.array(z.string()).default([]),
    reasons: z.array(z.string()).default([]),
    createdAt: isoTime,
    deadline: isoTime,
    /** What a timeout decides; deny unless the policy says otherwise. */
    onTimeout: z.enum(['deny', 'approve']).default('deny'),
    escalateAt: isoTime.optional(),
    escalateTo: z.string().optional(),
    escalatedAt: isoTime.optional(),
    decidedAt: isoTime.optional(),
  })
  .meta({ description: 'A response action waiting for analyst approval' });
export type ApprovalRequest = z.infer<typeof approvalRequestSchema>;
