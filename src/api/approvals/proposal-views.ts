/**
 * Reads proposed actions with their decision state: per incident, and across incidents as
 * the approval queue. When a response run carries the proposal out, its step, the policy's
 * decision and the approval request say where it stands; otherwise the stored approvals do.
 * The requester of a plan is whoever the audit chain says proposed it.
 */
import { z } from 'zod';
import {
  type ActionProposal,
  type Approval,
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
import { pipelineActor, requiredApprovers } from '../../respond/index.js';
import type { RunStore, Store } from '../../store/index.js';
import { readEvidenceLabels } from '../incidents/evidence-labels.js';
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
    /** The proposal's evidence in words (alert titles, event summaries), by id. */
    evidenceLabels: z.record(z.string(), z.string()),
  })
  .meta({ description: 'A proposed action with its policy decision, approvals and run step' });
export type ProposalView = z.infer<typeof proposalViewSchema>;

export interface ProposalSources {
  store: Store;
  runs?: RunStore | undefined;
  /** Name of the connector serving an action type on this server. */
  connectorFor?: ((actionType: RunStep['actionType']) => string | undefined) | undefined;
}

/** Everything the views of some incidents' proposals read, fetched in a few batched queries. */
interface ProposalReadings {
  proposals: Map<string, ActionProposal[]>;
  approvals: Map<string, Approval[]>;
  requesters: Map<string, string>;
  /** Per incident, newest run first. */
  runs: Map<string, Run[]>;
  requests: Map<string, ApprovalRequest>;
  labels: Record<string, string>;
}

/** Runs read per incident: a proposal shows the latest run that carries it. */
const runsPerIncident = 50;

async function readProposals(sources: ProposalSources, incidents: readonly Incident[]): Promise<ProposalReadings> {
  const proposals = await sources.store.listProposalsForIncidents(incidents.map((incident) => incident.id));
  const planned = [...proposals.keys()];
  if (planned.length === 0)
    return {
      proposals,
      approvals: new Map(),
      requesters: new Map(),
      runs: new Map(),
      requests: new Map(),
      labels: {},
    };
  const proposalIds = [...proposals.values()].flat().map((proposal) => proposal.id);
  const evidence = [...proposals.values()].flat().flatMap((proposal) => proposal.evidence);
  const [approvals, proposedEntries, runList, labels] = await Promise.all([
    sources.store.listApprovalsForProposals(proposalIds),
    sources.store.listAudit({ subjectIds: planned, action: 'plan-proposed' }),
    sources.runs ? sources.runs.listRuns({ incidentIds: planned, limit: runsPerIncident }) : Promise.resolve([]),
    readEvidenceLabels(sources.store, evidence),
  ]);
  const requesters = new Map<string, string>();
  for (const entry of proposedEntries) requesters.set(entry.subject.id, entry.actor); // oldest first: last wins
  const runs = new Map<string, Run[]>();
  for (const run of runList) runs.set(run.incidentId ?? '', [...(runs.get(run.incidentId ?? '') ?? []), run]);
  for (const list of runs.values()) list.sort((left, right) => right.createdAt.localeCompare(left.createdAt));
  const requestIds = runList.flatMap((run) =>
    run.steps.flatMap((step) =>
      step.decision.outcome !== 'auto' && step.decision.outcome !== 'refuse' && step.approvalRequestId
        ? [step.approvalRequestId]
        : [],
    ),
  );
  const requestList =
    sources.runs && requestIds.length > 0 ? await sources.runs.getApprovalRequests([...new Set(requestIds)]) : [];
  return {
    proposals,
    approvals,
    requesters,
    runs,
    requests: new Map(requestList.map((item) => [item.id, item])),
    labels,
  };
}

const requestStatus: Record<ApprovalRequest['status'], ApprovalState['status']> = {
  pending: 'pending',
  approved: 'approved',
  rejected: 'rejected',
  'timed-out': 'timed-out',
  withdrawn: 'withdrawn',
};

function stepState(
  readings: ProposalReadings,
  run: Run,
  step: RunStep,
): Pick<ProposalView, 'status' | 'requiredApprovers' | 'approvedBy' | 'approvalRequestId' | 'deadline'> {
  if (step.decision.outcome === 'auto') return { status: 'automatic', requiredApprovers: 0, approvedBy: [] };
  if (step.decision.outcome === 'refuse') return { status: 'refused', requiredApprovers: 0, approvedBy: [] };
  const request = step.approvalRequestId ? readings.requests.get(step.approvalRequestId) : undefined;
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

function viewOf(
  sources: ProposalSources,
  readings: ProposalReadings,
  incident: Incident,
  proposal: ActionProposal,
): ProposalView {
  const approvals = readings.approvals.get(proposal.id) ?? [];
  const requestedBy = readings.requesters.get(incident.id) ?? pipelineActor;
  const evidenceLabels = Object.fromEntries(
    proposal.evidence.flatMap((reference) =>
      readings.labels[reference.id] ? [[reference.id, readings.labels[reference.id]!]] : [],
    ),
  );
  const base = {
    proposal,
    incidentId: incident.id,
    incidentTitle: incident.title,
    requestedBy,
    approvals,
    evidenceLabels,
  };
  const rejectedBy = approvals.find((approval) => approval.decision === 'rejected')?.decidedBy;
  for (const run of readings.runs.get(incident.id) ?? []) {
    const step = run.steps.find((candidate) => candidate.proposalId === proposal.id);
    if (!step) continue;
    const state = stepState(readings, run, step);
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

function viewsOf(sources: ProposalSources, readings: ProposalReadings, incident: Incident): ProposalView[] {
  return (readings.proposals.get(incident.id) ?? []).map((proposal) => viewOf(sources, readings, incident, proposal));
}

export async function proposalViews(sources: ProposalSources, incident: Incident): Promise<ProposalView[]> {
  return viewsOf(sources, await readProposals(sources, [incident]), incident);
}

/**
 * Every proposal of the most recent incidents, optionally only those with one status; a fixed
 * number of batched reads whatever the number of incidents.
 */
export async function approvalQueue(
  sources: ProposalSources,
  options: { status?: ApprovalState['status'] | undefined; limit?: number | undefined } = {},
): Promise<ProposalView[]> {
  const incidents = await sources.store.listIncidents({ limit: 500 });
  const readings = await readProposals(sources, incidents);
  const views = incidents
    .flatMap((incident) => viewsOf(sources, readings, incident))
    .filter((view) => !options.status || view.status === options.status);
  return views.slice(0, options.limit ?? 500);
}
