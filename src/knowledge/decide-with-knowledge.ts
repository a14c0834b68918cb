/**
 * The response policy with what analysts taught it. The CERT's policy decides first, with the
 * track record of this action type on this kind of target as its `trackRecord` input; learned
 * feedback can then only make a decision stricter, never looser: an action an analyst rejected on
 * this exact target, or an action type analysts mostly reject on this kind of target, is not run
 * automatically again but waits for an analyst.
 */
import type { ActionProposal, PolicyDecision } from '../core/index.js';
import { decide, type Policy, type PolicyContext, type StepDecisions } from '../respond/index.js';
import type { KnowledgeStore } from '../store/index.js';
import { computeTrackRecords, policyTrackRecordFor, type TrackRecords, targetKey } from './track-records.js';

export interface KnowledgeDecision {
  decision: PolicyDecision;
  /** Whether past analyst feedback changed or informed the decision (knowledge reuse). */
  usedFeedback: boolean;
}

export interface DecideWithKnowledgeOptions {
  /** Analyst decisions on a (type, target kind) before its approval rate counts. Default 2. */
  minimumDecisions?: number;
  /** Below this approval rate the action no longer runs automatically. Default 0.5. */
  minimumApprovalRate?: number;
}

export function decideWithKnowledge(
  proposal: ActionProposal,
  policy: Policy,
  context: Omit<PolicyContext, 'trackRecord'>,
  records: TrackRecords,
  options: DecideWithKnowledgeOptions = {},
): KnowledgeDecision {
  const trackRecord = policyTrackRecordFor(records, proposal);
  const decision = decide(proposal, policy, { ...context, trackRecord });
  const informed = policy.auto.trackRecord !== undefined && trackRecord[proposal.actionType] !== undefined;
  if (decision.outcome !== 'auto') return { decision, usedFeedback: informed };
  const rejected = records.rejectedTargets.get(targetKey(proposal));
  if (rejected) {
    const why = rejected.reason ? `: ${rejected.reason}` : '';
    return {
      decision: {
        outcome: 'approval',
        approvers: Math.max(1, decision.approvers),
        reasons: [
          `needs one analyst`,
          `${rejected.author} rejected ${proposal.actionType} on ${proposal.target.value} before (${rejected.decisionId})${why}`,
        ],
      },
      usedFeedback: true,
    };
  }
  const byKind = records.actionsByTargetKind.get(`${proposal.actionType}|${proposal.target.kind}`);
  const judged = byKind ? byKind.approved + byKind.rejected : 0;
  if (
    byKind &&
    judged >= (options.minimumDecisions ?? 2) &&
    (byKind.approvalRate ?? 0) < (options.minimumApprovalRate ?? 0.5)
  ) {
    return {
      decision: {
        outcome: 'approval',
        approvers: Math.max(1, decision.approvers),
        reasons: [
          'needs one analyst',
          `analysts approved only ${byKind.approved} of ${judged} past ${proposal.actionType} actions on a ${proposal.target.kind}`,
        ],
      },
      usedFeedback: true,
    };
  }
  return { decision, usedFeedback: informed };
}

/**
 * The production step decision for every deployment (`vigil serve`, `vigil respond`, the respond
 * worker): `decideWithKnowledge` on the track records of analysts' verdicts and decisions as they
 * are when a run starts. The evaluation scores the same function.
 */
export function knowledgeDecisions(knowledge: KnowledgeStore, options: DecideWithKnowledgeOptions = {}): StepDecisions {
  return {
    decisionFunction: decideWithKnowledge,
    async load() {
      const records = computeTrackRecords(await knowledge.listVerdicts(), await knowledge.listDecisions());
      return (proposal, policy, { trackRecord: _queue, ...context }) =>
        decideWithKnowledge(proposal, policy, context, records, options).decision;
    },
  };
}
