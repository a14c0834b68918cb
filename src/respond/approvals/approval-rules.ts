/**
 * The approval rules, for every entry point (API, CLI, workers): checked before the approval
 * queue records a decision. The requester never approves their own plan, one user counts once,
 * high and critical risk need two distinct approvers, and the approval that releases a
 * high-risk action for execution must come from someone who may execute (a responder or an
 * admin). The messages are the same wherever the decision comes from.
 */
import { type ApprovalRequest, type Risk, VigilError } from '../../core/index.js';

const twoPersonRisks: ReadonlySet<Risk> = new Set(['high', 'critical']);

export const isHighRisk = (risk: Risk): boolean => twoPersonRisks.has(risk);

/** Distinct approvers a request needs: the policy's number, and never fewer than two for high and critical risk. */
export function requiredApprovers(request: Pick<ApprovalRequest, 'risk' | 'requiredApprovers'>): number {
  return Math.max(request.requiredApprovers, isHighRisk(request.risk) ? 2 : 1);
}

/** Who decides: their name, role and whether that role may release high-risk actions for execution. */
export interface Decider {
  name: string;
  role: string;
  mayExecute: boolean;
}

export function assertMayDecide(
  request: ApprovalRequest,
  decision: 'approved' | 'rejected',
  decider: Decider,
  requesters: readonly string[],
): void {
  if (request.status !== 'pending') {
    throw new VigilError('conflict', `this action is already ${request.status}; it cannot be decided again`, {
      location: { objectId: request.id },
    });
  }
  if (decision === 'rejected') return;
  const name = decider.name.toLowerCase();
  if (requesters.some((requester) => requester.toLowerCase() === name)) {
    throw new VigilError(
      'forbidden',
      `${decider.name} requested this action and cannot approve it; another analyst must`,
      { location: { objectId: request.id } },
    );
  }
  if (request.approvedBy.some((approver) => approver.toLowerCase() === name)) {
    throw new VigilError(
      'conflict',
      `${decider.name} already approved this action; it needs ${requiredApprovers(request)} distinct approvers`,
      { location: { objectId: request.id } },
    );
  }
  const releases = request.approvedBy.length + 1 >= requiredApprovers(request);
  if (releases && isHighRisk(request.risk) && !decider.mayExecute) {
    throw new VigilError(
      'forbidden',
      `the last approval of a ${request.risk}-risk action releases it for execution: a responder or admin must give it (${decider.name} is ${decider.role})`,
      { location: { objectId: request.id } },
    );
  }
}
