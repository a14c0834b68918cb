/**
 * The two-person rule, as pure functions: who may decide on a proposed action, how many
 * distinct approvers it needs, and where its decision stands. Enforced by the server;
 * the console only mirrors it.
 */
import { z } from 'zod';
import { type ActionProposal, type Approval, type Risk, VigilError } from '../../core/index.js';
import { ApiRefusal } from '../api-refusal.js';

export const proposalStatusSchema = z.enum(['pending', 'approved', 'rejected']);
export type ProposalStatus = z.infer<typeof proposalStatusSchema>;

export const approvalStateSchema = z.object({
  status: proposalStatusSchema,
  requiredApprovers: z.union([z.literal(1), z.literal(2)]),
  /** Distinct users who approved, in order. */
  approvedBy: z.array(z.string()),
  rejectedBy: z.string().optional(),
});
export type ApprovalState = z.infer<typeof approvalStateSchema>;

const twoPersonRisks: ReadonlySet<Risk> = new Set(['high', 'critical']);

/** Distinct approvers a proposal needs: two for high and critical risk, else one. */
export function requiredApproversFor(proposal: Pick<ActionProposal, 'risk'>, fromQueue?: number): 1 | 2 {
  if (fromQueue === 2 || twoPersonRisks.has(proposal.risk)) return 2;
  return 1;
}

export function approvalState(approvals: readonly Approval[], requiredApprovers: 1 | 2): ApprovalState {
  const ordered = [...approvals].sort((left, right) => left.decidedAt.localeCompare(right.decidedAt));
  const approvedBy: string[] = [];
  for (const approval of ordered) {
    if (approval.decision === 'rejected') {
      return { status: 'rejected', requiredApprovers, approvedBy, rejectedBy: approval.decidedBy };
    }
    if (!approvedBy.includes(approval.decidedBy)) approvedBy.push(approval.decidedBy);
    if (approvedBy.length >= requiredApprovers) return { status: 'approved', requiredApprovers, approvedBy };
  }
  return { status: 'pending', requiredApprovers, approvedBy };
}

/**
 * Throws when `user` may not record `decision` now: the decision is already taken, the user
 * requested the action (no self-approval), or the user already approved it (two distinct people).
 */
export function assertMayDecide(
  state: ApprovalState,
  decision: Approval['decision'],
  user: string,
  requestedBy: string,
): void {
  if (state.status !== 'pending') {
    throw new VigilError('conflict', `this action is already ${state.status}; it cannot be decided again`);
  }
  if (decision === 'approved' && user === requestedBy) {
    throw new ApiRefusal('forbidden', `${user} requested this action and cannot approve it; another analyst must`);
  }
  if (decision === 'approved' && state.approvedBy.includes(user)) {
    throw new VigilError(
      'conflict',
      `${user} already approved this action; it needs ${state.requiredApprovers} distinct approvers`,
    );
  }
}
