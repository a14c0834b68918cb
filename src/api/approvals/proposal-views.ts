/**
 * Reads proposed actions with their decision state: per incident, and across incidents
 * as the approval queue. The requester of a plan is whoever the audit chain says proposed it.
 */
import { z } from 'zod';
import { actionProposalSchema, approvalSchema, type Incident } from '../../core/index.js';
import type { RunStore, Store } from '../../store/index.js';
import { type ApprovalState, approvalState, approvalStateSchema, requiredApproversFor } from './approval-state.js';

export const proposalViewSchema = approvalStateSchema
  .extend({
    proposal: actionProposalSchema,
    incidentId: z.string(),
    incidentTitle: z.string(),
    /** Who proposed the plan; never an approver of it. */
    requestedBy: z.string(),
    approvals: z.array(approvalSchema),
  })
  .meta({ description: 'A proposed action with its approvals and where its decision stands' });
export type ProposalView = z.infer<typeof proposalViewSchema>;

export interface ProposalSources {
  store: Store;
  runs?: RunStore | undefined;
}

/** Default requester when no audit entry names one: the pipeline itself. */
export const pipelineActor = 'vigil';

export async function requesterOf(store: Store, incidentId: string): Promise<string> {
  const entries = await store.listAudit({ subjectId: incidentId });
  const proposed = entries.filter((entry) => entry.action === 'plan-proposed').at(-1);
  return proposed?.actor ?? pipelineActor;
}

async function queuedApprovers(runs: RunStore | undefined): Promise<Map<string, number>> {
  const byProposal = new Map<string, number>();
  if (!runs) return byProposal;
  for (const request of await runs.listApprovalRequests({ limit: 10_000 })) {
    if (request.proposalId) byProposal.set(request.proposalId, request.requiredApprovers);
  }
  return byProposal;
}

export async function proposalViews(sources: ProposalSources, incident: Incident): Promise<ProposalView[]> {
  const { store } = sources;
  const proposals = await store.listProposals(incident.id);
  if (proposals.length === 0) return [];
  const requestedBy = await requesterOf(store, incident.id);
  const queued = await queuedApprovers(sources.runs);
  const views: ProposalView[] = [];
  for (const proposal of proposals) {
    const approvals = await store.listApprovals(proposal.id);
    const state = approvalState(approvals, requiredApproversFor(proposal, queued.get(proposal.id)));
    views.push({ ...state, proposal, incidentId: incident.id, incidentTitle: incident.title, requestedBy, approvals });
  }
  return views;
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
