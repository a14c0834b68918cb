/**
 * Where a proposed action's decision stands. With a response run, the run's step and its
 * approval request say it; without one (a plan no run has picked up yet), the approvals
 * recorded in the store do, under the two-person rule.
 */
import { z } from 'zod';
import type { ActionProposal, Approval } from '../../core/index.js';
import { isHighRisk } from '../../respond/index.js';

export const proposalStatusSchema = z
  .enum(['pending', 'approved', 'rejected', 'timed-out', 'withdrawn', 'automatic', 'refused'])
  .meta({
    description:
      'pending: waits for analysts; automatic: the policy runs it without approval; refused: the policy never runs it',
  });
export type ProposalStatus = z.infer<typeof proposalStatusSchema>;

export const approvalStateSchema = z.object({
  status: proposalStatusSchema,
  requiredApprovers: z.number().int().min(0).max(2),
  /** Distinct users who approved, in order. */
  approvedBy: z.array(z.string()),
  rejectedBy: z.string().optional(),
});
export type ApprovalState = z.infer<typeof approvalStateSchema>;

/** Distinct approvers a proposal needs without a policy decision: two for high and critical risk, else one. */
export function requiredApproversFor(proposal: Pick<ActionProposal, 'risk'>): 1 | 2 {
  return isHighRisk(proposal.risk) ? 2 : 1;
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
