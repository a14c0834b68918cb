/**
 * The API's rules for deciding on a queued action, as pure functions, checked before the
 * approval queue records anything: the requester never approves their own plan, one user
 * counts once, high and critical risk need two distinct approvers, and the approval that
 * releases a high-risk action for execution must come from a responder or an admin.
 */
import { type ApprovalRequest, type Risk, VigilError } from '../../core/index.js';
import { ApiRefusal } from '../api-refusal.js';
import type { ApiUser } from '../auth/api-tokens.js';
import { roleMay } from '../auth/permissions.js';

const twoPersonRisks: ReadonlySet<Risk> = new Set(['high', 'critical']);

export const isHighRisk = (risk: Risk): boolean => twoPersonRisks.has(risk);

/** Distinct approvers the API demands: the queue's number, and never fewer than two for high and critical risk. */
export function requiredApprovers(request: Pick<ApprovalRequest, 'risk' | 'requiredApprovers'>): number {
  return Math.max(request.requiredApprovers, isHighRisk(request.risk) ? 2 : 1);
}

export function assertMayDecideRequest(
  request: ApprovalRequest,
  decision: 'approved' | 'rejected',
  user: ApiUser,
  requesters: readonly string[],
): void {
  if (request.status !== 'pending') {
    throw new VigilError('conflict', `this action is already ${request.status}; it cannot be decided again`, {
      location: { objectId: request.id },
    });
  }
  if (decision === 'rejected') return;
  const name = user.name.toLowerCase();
  if (requesters.some((requester) => requester.toLowerCase() === name)) {
    throw new ApiRefusal('forbidden', `${user.name} requested this action and cannot approve it; another analyst must`);
  }
  if (request.approvedBy.some((approver) => approver.toLowerCase() === name)) {
    throw new VigilError(
      'conflict',
      `${user.name} already approved this action; it needs ${requiredApprovers(request)} distinct approvers`,
      { location: { objectId: request.id } },
    );
  }
  const releases = request.approvedBy.length + 1 >= requiredApprovers(request);
  if (releases && isHighRisk(request.risk) && !roleMay(user.role, 'execute')) {
    throw new ApiRefusal(
      'forbidden',
      `the last approval of a ${request.risk}-risk action releases it for execution: a responder or admin must give it (${user.name} is ${user.role})`,
    );
  }
}
