/**
 * An analyst's decision on one proposed action, through the approval queue of the respond
 * module. The incident's plan run is started first when it does not exist (the policy then
 * decides each step); the approval rules of the respond module (the same for the CLI) are
 * checked before the queue records the decision (as an Approval, as Feedback and in the audit chain); a request that
 * is complete sets the run going in the background.
 */
import { type ApprovalRequest, NotFoundError, type Run, VigilError } from '../../core/index.js';
import type { ApiUser } from '../auth/api-tokens.js';
import { roleMay } from '../auth/permissions.js';
import type { ResponseDesk } from './response-desk.js';

export interface ActionDecision {
  incidentId: string;
  proposalId: string;
  decision: 'approved' | 'rejected';
  reason?: string | undefined;
}

export interface DecisionOutcome {
  request: ApprovalRequest;
  run: Run;
  /** Whether the run was set going because this decision completed the request. */
  advancing: boolean;
}

export async function findRequestOf(
  desk: ResponseDesk,
  run: Run,
  proposalId: string,
): Promise<ApprovalRequest | undefined> {
  const step = run.steps.find((candidate) => candidate.proposalId === proposalId);
  if (!step) throw new NotFoundError(`run ${run.id} has no step for the proposed action ${proposalId}`);
  if (!step.approvalRequestId) {
    const why = step.decision.reasons.join('; ');
    const message =
      step.decision.outcome === 'auto'
        ? `the policy runs this action automatically; it needs no approval (${why})`
        : `the policy refuses this action (${why})`;
    throw new VigilError('conflict', message, { location: { objectId: proposalId } });
  }
  return desk.orchestrator.approvals.get(step.approvalRequestId);
}

export async function decideAction(desk: ResponseDesk, user: ApiUser, input: ActionDecision): Promise<DecisionOutcome> {
  const run = await desk.ensurePlanRun(input.incidentId);
  const first = await findRequestOf(desk, run, input.proposalId);
  if (!first) throw new NotFoundError(`no approval request for ${input.proposalId}`);
  const request = await desk.decide({
    requestId: first.id,
    decision: input.decision,
    decider: { name: user.name, role: user.role, mayExecute: roleMay(user.role, 'execute') },
    reason: input.reason,
  });
  // a complete request releases its step; a run just created carries out its automatic steps
  const advancing = request.status !== 'pending' || run.status === 'pending';
  if (advancing) void desk.advance(run.id);
  return { request, run, advancing };
}
