/**
 * Analyst feedback, kept twice on purpose: as core `Feedback` (and `Approval`) in the main store,
 * which retrieval and the API read, and as knowledge records (rules behind a verdict, action type
 * and target kind behind a decision), which track records are computed from. Every call is audited.
 */
import type { ActionProposal, Feedback, Incident, Verdict } from '../core/index.js';
import type { ActionDecisionRecord, KnowledgeStore, Store, VerdictRecord } from '../store/index.js';
import { stableId } from './stable-id.js';

export interface FeedbackStores {
  store: Store;
  knowledge: KnowledgeStore;
  /** Clock, injectable for tests and replays. Default: the wall clock. */
  now?: () => Date;
}

export interface VerdictInput {
  incident: Pick<Incident, 'id'>;
  verdict: Verdict;
  /** Detection rules behind the incident (for rule precision). */
  ruleIds: readonly string[];
  author: string;
  comment?: string | undefined;
}

export async function recordVerdict(stores: FeedbackStores, input: VerdictInput): Promise<VerdictRecord> {
  const decidedAt = (stores.now?.() ?? new Date()).toISOString();
  const feedback: Feedback = {
    id: stableId('feedback', input.incident.id, 'verdict', decidedAt, input.author),
    incidentId: input.incident.id,
    verdict: input.verdict,
    author: input.author,
    createdAt: decidedAt,
    ...(input.comment ? { comment: input.comment } : {}),
  };
  await stores.store.recordFeedback(feedback);
  const record: VerdictRecord = {
    incidentId: input.incident.id,
    verdict: input.verdict,
    ruleIds: [...new Set(input.ruleIds)].sort(),
    author: input.author,
    decidedAt,
    ...(input.comment ? { comment: input.comment } : {}),
  };
  await stores.knowledge.recordVerdict(record);
  await stores.store.appendAudit({
    actor: input.author,
    action: 'verdict-recorded',
    subject: { kind: 'incident', id: input.incident.id },
    details: { verdict: input.verdict, rules: record.ruleIds.length },
  });
  return record;
}

export interface ActionDecisionInput {
  proposal: ActionProposal;
  /** `auto`: the policy ran it without an analyst; the others are analyst decisions. */
  decision: ActionDecisionRecord['decision'];
  author: string;
  reason?: string | undefined;
}

export async function recordActionDecision(
  stores: FeedbackStores,
  input: ActionDecisionInput,
): Promise<ActionDecisionRecord> {
  const decidedAt = (stores.now?.() ?? new Date()).toISOString();
  const { proposal } = input;
  const record: ActionDecisionRecord = {
    id: stableId('decision', proposal.id, input.decision, decidedAt, input.author),
    incidentId: proposal.incidentId,
    proposalId: proposal.id,
    actionType: proposal.actionType,
    target: proposal.target,
    decision: input.decision,
    author: input.author,
    decidedAt,
    ...(input.reason ? { reason: input.reason } : {}),
  };
  await stores.knowledge.recordDecision(record);
  if (input.decision !== 'auto') {
    await stores.store.recordFeedback({
      id: stableId('feedback', proposal.id, input.decision, decidedAt, input.author),
      incidentId: proposal.incidentId,
      proposalId: proposal.id,
      actionFeedback: input.decision,
      author: input.author,
      createdAt: decidedAt,
      ...(input.reason ? { comment: input.reason } : {}),
    });
  }
  if (input.decision === 'approved' || input.decision === 'rejected') {
    await stores.store.recordApproval({
      id: stableId('approval', proposal.id, input.decision, decidedAt, input.author),
      proposalId: proposal.id,
      decision: input.decision,
      decidedBy: input.author,
      decidedAt,
      ...(input.reason ? { reason: input.reason } : {}),
    });
  }
  await stores.store.appendAudit({
    actor: input.author,
    action: input.decision === 'auto' ? 'action-auto-approved' : `action-${input.decision}`,
    subject: { kind: 'proposal', id: proposal.id },
    details: {
      incident: proposal.incidentId,
      type: proposal.actionType,
      target: proposal.target,
      reason: input.reason,
    },
  });
  return record;
}
