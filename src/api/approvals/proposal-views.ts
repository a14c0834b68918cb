/**
 * Reads proposed actions with their decision state: per incident, and across incidents as
 * the approval queue. When a response run carries the proposal out, its step, the policy's
 * decision and the approval request say where it stands; otherwise the stored approvals do.
 * The requester of a plan is whoever the audit chain says proposed it.
 */
import { z } from 'zod';
import {
  type ActionProposal,
  type ApprovalRequest,
  actionProposalSchema,
  approvalSchema,
  type Incident,
  policyDecisionSchema,
  type Run,
  type RunStep,
  runStatusSchema,
  runStepStatusSchema,
} from '../../core/index.js';
import type { RunStore, Store } from '../../store/index.js';
import { requiredApprovers } from '../response/approval-rules.js';
import { stepExecution, stepExecutionSchema } from '../response/step-execution.js';
import { type ApprovalState, approvalState, approvalStateSchema, requiredApproversFor } from './approval-state.js';

export const proposalRunSchema = stepExecutionSchema
  .extend({
    id: z.string(),
    status: runStatusSchema,
    stepRef: z.string(),
    stepStatus: runStepStatusSchema,
    error: z.string().optional(),
  })
  .meta({ description: 'The run step that carries a proposed action out' });

export const proposalViewSchema = approvalStateSchema
  .extend({
    proposal: actionProposalSchema,
    incidentId: z.string(),
    incidentTitle: z.string(),
    /** Who proposed the plan; never an approver of it. */
    requestedBy: z.string(),
    approvals: z.array(approvalSchema),
    /** The response policy's decision, once a run has put the plan through it. */
    policy: policyDecisionSchema.optional(),
    approvalRequestId: z.string().optional(),
    deadline: z.string().optional(),
    run: proposalRunSchema.optional(),
  })
  .meta({ description: 'A proposed action with its policy decision, approvals and run step' });
export type ProposalView = z.infer<typeof proposalViewSchema>;

export interface ProposalSources {
  store: Store;
  runs?: RunStore | undefined;
  /** Name of the connector serving an action type on this server. */
  connectorFor?: ((actionType: RunStep['actionType']) => string | undefined) | undefined;
}

/** Default requester when no audit entry names one: the pipeline itself. */
export const pipelineActor = 'vigil';

export async function requesterOf(store: Store, incidentId: string): Promise<string> {
  const entries = await store.listAudit({ subjectId: incidentId });
  const proposed = entries.filter((entry) => entry.action === 'plan-proposed').at(-1);
  return proposed?.actor ?? pipelineActor;
}

const requestStatus: Record<ApprovalRequest['status'], ApprovalState['status']> = {
  pending: 'pending',
  approved: 'approved',
  rejected: 'rejected',
  'timed-out': 'timed-out',
  withdrawn: 'withdrawn',
};

async function stepState(
  sources: ProposalSources,
  run: Run,
  step: RunStep,
): Promise<Pick<ProposalView, 'status' | 'requiredApprovers' | 'approvedBy' | 'approvalRequestId' | 'deadline'>> {
  if (step.decision.outcome === 'auto') return { status: 'automatic', requiredApprovers: 0, approvedBy: [] };
  if (step.decision.outcome === 'refuse') return { status: 'refused', requiredApprovers: 0, approvedBy: [] };
  const request = step.approvalRequestId ? await sources.runs?.getApprovalRequest(step.approvalRequestId) : undefined;
  if (!request) return { status: 'pending', requiredApprovers: step.decision.approvers, approvedBy: [] };
  return {
    status: requestStatus[request.status],
    requiredApprovers: Math.min(2, requiredApprovers(request)),
    approvedBy: request.approvedBy,
    approvalRequestId: request.id,
    deadline: request.deadline,
    ...(run.status === 'cancelled' && request.status === 'pending' ? { status: 'withdrawn' as const } : {}),
  };
}

async function viewOf(
  sources: ProposalSources,
  incident: Incident,
  proposal: ActionProposal,
  runs: readonly Run[],
  requestedBy: string,
): Promise<ProposalView> {
  const approvals = await sources.store.listApprovals(proposal.id);
  const base = { proposal, incidentId: incident.id, incidentTitle: incident.title, requestedBy, approvals };
  const rejectedBy = approvals.find((approval) => approval.decision === 'rejected')?.decidedBy;
  for (const run of runs) {
    const step = run.steps.find((candidate) => candidate.proposalId === proposal.id);
    if (!step) continue;
    const state = await stepState(sources, run, step);
    return {
      ...base,
      ...state,
      ...(rejectedBy && state.status === 'rejected' ? { rejectedBy } : {}),
      policy: step.decision,
      run: {
        id: run.id,
        status: run.status,
        stepRef: step.ref,
        stepStatus: step.status,
        ...(step.error ? { error: step.error } : {}),
        ...stepExecution(step, sources.connectorFor?.(step.actionType)),
      },
    };
  }
  return { ...base, ...approvalState(approvals, requiredApproversFor(proposal)) };
}

export async function proposalViews(sources: ProposalSources, incident: Incident): Promise<ProposalView[]> {
  const proposals = await sources.store.listProposals(incident.id);
  if (proposals.length === 0) return [];
  const requestedBy = await requesterOf(sources.store, incident.id);
  // newest run first: a proposal shows the latest run that carries it
  const runs = sources.runs ? await sources.runs.listRuns({ incidentId: incident.id, limit: 50 }) : [];
  runs.sort((left, right) => right.createdAt.localeCompare(left.createdAt));
  return Promise.all(proposals.map((proposal) => viewOf(sources, incident, proposal, runs, requestedBy)));
}

/** Every proposal of the most recent incidents, optionally only those with one status. */
export async function approvalQueue(
  sources: ProposalSources,
  options: { status?: ApprovalState['status'] | undefined; limit?: number | undefined } = {},
): Promise<ProposalView[]> {
  const views: ProposalView[] = [];
  for (const incident of await sources.store.listIncidents({ limit: 500 })) {
    for (const view of await proposalViews(sources, incident)) {
      if (!options.status || view.status === options.status) views.push(view);
    }
  }
  return views.slice(0, options.limit ?? 500);
}
