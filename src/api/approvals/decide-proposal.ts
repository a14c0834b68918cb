/**
 * Records an analyst's decision on one proposed action, under the two-person rule, in the
 * store and the audit chain. Decisions on one proposal are serialised so two requests
 * cannot both pass the checks.
 */
import { randomUUID } from 'node:crypto';
import { type Approval, NotFoundError } from '../../core/index.js';
import type { ApiUser } from '../auth/api-tokens.js';
import { assertMayDecide } from './approval-state.js';
import { type ProposalSources, type ProposalView, proposalViews } from './proposal-views.js';

export interface DecisionInput {
  incidentId: string;
  proposalId: string;
  decision: Approval['decision'];
  reason?: string | undefined;
}

/** Serialises work per key within this process. */
export class KeyedLock {
  private readonly tails = new Map<string, Promise<unknown>>();

  async run<T>(key: string, work: () => Promise<T>): Promise<T> {
    const previous = this.tails.get(key) ?? Promise.resolve();
    const next = previous.then(work, work);
    const tail = next.catch(() => undefined);
    this.tails.set(key, tail);
    try {
      return await next;
    } finally {
      if (this.tails.get(key) === tail) this.tails.delete(key);
    }
  }
}

async function findView(sources: ProposalSources, incidentId: string, proposalId: string): Promise<ProposalView> {
  const found = await sources.store.getIncident(incidentId);
  if (!found) throw new NotFoundError(`no incident ${incidentId}`, { location: { objectId: incidentId } });
  const view = (await proposalViews(sources, found.incident)).find((item) => item.proposal.id === proposalId);
  if (!view) {
    throw new NotFoundError(`incident ${incidentId} has no proposed action ${proposalId}`, {
      location: { objectId: proposalId },
    });
  }
  return view;
}

export async function decideProposal(
  sources: ProposalSources & { clock: () => Date; lock: KeyedLock },
  user: ApiUser,
  input: DecisionInput,
): Promise<ProposalView> {
  return sources.lock.run(input.proposalId, async () => {
    const before = await findView(sources, input.incidentId, input.proposalId);
    assertMayDecide(before, input.decision, user.name, before.requestedBy);
    const approval: Approval = {
      id: `approval--${randomUUID()}`,
      proposalId: input.proposalId,
      decision: input.decision,
      decidedBy: user.name,
      decidedAt: sources.clock().toISOString(),
      ...(input.reason ? { reason: input.reason } : {}),
    };
    await sources.store.recordApproval(approval);
    const after = await findView(sources, input.incidentId, input.proposalId);
    await sources.store.appendAudit({
      actor: user.name,
      action: input.decision === 'approved' ? 'action-approved' : 'action-rejected',
      subject: { kind: 'action-proposal', id: input.proposalId },
      details: {
        incidentId: input.incidentId,
        approvalId: approval.id,
        role: user.role,
        reason: input.reason ?? null,
        status: after.status,
        approvers: after.approvedBy,
        requiredApprovers: after.requiredApprovers,
      },
    });
    return after;
  });
}
