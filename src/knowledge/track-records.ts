/**
 * Track records computed from analyst feedback: precision per detection rule (from verdicts)
 * and approval rate per action type and per (action type, target kind) (from decisions).
 * `edited` counts against the original proposal: the analyst did not accept it as proposed.
 */
import type { ActionProposal, ActionType } from '../core/index.js';
import type { ActionDecisionRecord, VerdictRecord } from '../store/index.js';

export interface RuleTrackRecord {
  ruleId: string;
  truePositives: number;
  /** False positives and benign verdicts. */
  falsePositives: number;
  /** True positives over judged incidents; undefined until one is judged. */
  precision: number | undefined;
}

export interface ActionTrackRecord {
  approved: number;
  rejected: number;
  /** Runs by the policy without an analyst (not analyst decisions). */
  automatic: number;
  approvalRate: number | undefined;
}

export interface TrackRecords {
  rules: ReadonlyMap<string, RuleTrackRecord>;
  actions: ReadonlyMap<ActionType, ActionTrackRecord>;
  /** Keyed `type|target kind`. */
  actionsByTargetKind: ReadonlyMap<string, ActionTrackRecord>;
  /** Rejections of one exact action (`type|kind|value`), with the analyst's reason and the decision id. */
  rejectedTargets: ReadonlyMap<string, { decisionId: string; reason: string | undefined; author: string }>;
}

export const targetKey = (proposal: Pick<ActionProposal, 'actionType' | 'target'>): string =>
  `${proposal.actionType}|${proposal.target.kind}|${proposal.target.value.toLowerCase()}`;

const emptyAction = (): ActionTrackRecord => ({ approved: 0, rejected: 0, automatic: 0, approvalRate: undefined });

function count(record: ActionTrackRecord, decision: ActionDecisionRecord['decision']): void {
  if (decision === 'auto') record.automatic += 1;
  else if (decision === 'approved') record.approved += 1;
  else record.rejected += 1;
  const judged = record.approved + record.rejected;
  record.approvalRate = judged > 0 ? record.approved / judged : undefined;
}

export function computeTrackRecords(
  verdicts: readonly VerdictRecord[],
  decisions: readonly ActionDecisionRecord[],
): TrackRecords {
  const rules = new Map<string, RuleTrackRecord>();
  for (const verdict of verdicts) {
    if (verdict.verdict === 'unknown') continue;
    for (const ruleId of verdict.ruleIds) {
      const record = rules.get(ruleId) ?? { ruleId, truePositives: 0, falsePositives: 0, precision: undefined };
      if (verdict.verdict === 'true-positive') record.truePositives += 1;
      else record.falsePositives += 1;
      record.precision = record.truePositives / (record.truePositives + record.falsePositives);
      rules.set(ruleId, record);
    }
  }
  const actions = new Map<ActionType, ActionTrackRecord>();
  const actionsByTargetKind = new Map<string, ActionTrackRecord>();
  const rejectedTargets = new Map<string, { decisionId: string; reason: string | undefined; author: string }>();
  for (const decision of decisions) {
    const byType = actions.get(decision.actionType) ?? emptyAction();
    count(byType, decision.decision);
    actions.set(decision.actionType, byType);
    const kindKey = `${decision.actionType}|${decision.target.kind}`;
    const byKind = actionsByTargetKind.get(kindKey) ?? emptyAction();
    count(byKind, decision.decision);
    actionsByTargetKind.set(kindKey, byKind);
    const exact = targetKey(decision);
    if (decision.decision === 'rejected' || decision.decision === 'edited')
      rejectedTargets.set(exact, { decisionId: decision.id, reason: decision.reason, author: decision.author });
    else if (decision.decision === 'approved') rejectedTargets.delete(exact);
  }
  return { rules, actions, actionsByTargetKind, rejectedTargets };
}

export function emptyTrackRecords(): TrackRecords {
  return computeTrackRecords([], []);
}

/**
 * The policy's track-record input for one proposal (respond's `PolicyContext.trackRecord`):
 * the (type, target kind) record when analysts decided that combination before, else the type's.
 */
export function policyTrackRecordFor(
  records: TrackRecords,
  proposal: Pick<ActionProposal, 'actionType' | 'target'>,
): Partial<Record<ActionType, { approved: number; rejected: number }>> {
  const byKind = records.actionsByTargetKind.get(`${proposal.actionType}|${proposal.target.kind}`);
  const chosen = byKind && byKind.approved + byKind.rejected > 0 ? byKind : records.actions.get(proposal.actionType);
  return chosen ? { [proposal.actionType]: { approved: chosen.approved, rejected: chosen.rejected } } : {};
}
