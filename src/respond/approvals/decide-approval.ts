/**
 * An analyst's decision on one approval request, for every entry point (the API, `vigil
 * approvals approve|reject`): the approval rules first (`assertMayDecide`), then the queue records
 * it (an Approval, Feedback and an audit entry). A high-risk request the policy asked fewer
 * approvers for is raised to two first, and the audit chain says so.
 */
import type { ApprovalRequest } from '../../core/index.js';
import type { RunStore, Store } from '../../store/index.js';
import type { ApprovalQueue } from './approval-queue.js';
import { assertMayDecide, type Decider, requiredApprovers } from './approval-rules.js';

/** Default requester when no audit entry names one: the pipeline itself. */
export const pipelineActor = 'vigil';

/** Who requested an incident's plan: the actor of its latest "plan-proposed" audit entry. */
export async function requesterOf(store: Store, incidentId: string): Promise<string> {
  const entries = await store.listAudit({ subjectId: incidentId });
  const proposed = entries.filter((entry) => entry.action === 'plan-proposed').at(-1);
  return proposed?.actor ?? pipelineActor;
}

export interface ApprovalDecisionInput {
  requestId: string;
  decision: 'approved' | 'rejected';
  decider: Decider;
  reason?: string | undefined;
  now?: Date;
}

export interface ApprovalSources {
  approvals: ApprovalQueue;
  store: Store;
  runs: RunStore;
}

/** Everyone who requested the action: the run's requester and the incident plan's. */
async function requestersOf(sources: ApprovalSources, request: ApprovalRequest): Promise<string[]> {
  const requesters: string[] = [];
  const run = request.runId ? await sources.runs.getRun(request.runId) : undefined;
  if (run) requesters.push(run.requestedBy);
  const incidentId = request.incidentId ?? run?.incidentId;
  if (incidentId) requesters.push(await requesterOf(sources.store, incidentId));
  return requesters;
}

export async function decideApproval(sources: ApprovalSources, input: ApprovalDecisionInput): Promise<ApprovalRequest> {
  let current = await sources.approvals.get(input.requestId);
  assertMayDecide(current, input.decision, input.decider, await requestersOf(sources, current));
  const decision = { analyst: input.decider.name, reason: input.reason, ...(input.now ? { now: input.now } : {}) };
  if (input.decision === 'rejected') return sources.approvals.reject(current.id, decision);
  const needed = requiredApprovers(current);
  if (needed > current.requiredApprovers) {
    // the two-person rule holds even when the policy file asks for fewer approvers
    current = { ...current, requiredApprovers: needed };
    await sources.runs.saveApprovalRequest(current);
    await sources.store.appendAudit({
      actor: input.decider.name,
      action: 'approval-requirement-raised',
      subject: { kind: 'approval-request', id: current.id },
      details: { requiredApprovers: current.requiredApprovers, risk: current.risk, rule: 'two-person rule' },
    });
  }
  return sources.approvals.approve(current.id, decision);
}
