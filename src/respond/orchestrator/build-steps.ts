/** Turns proposals or playbook steps into run steps with their policy decisions and idempotency keys. */
import type { ActionProposal, PolicyDecision, RunStep } from '../../core/index.js';
import { actionCatalogue, isReversible } from '../catalogue/index.js';
import { effectiveRisk, type PolicyContext } from '../policy/decide.js';
import type { Policy } from '../policy/policy-schema.js';
import { policyDecider, type StepDecider } from '../policy/step-decisions.js';

/** A step before the policy has seen it. `approval` from a playbook can only make the decision stricter. */
export interface StepDraft {
  ref: string;
  actionType: RunStep['actionType'];
  target: RunStep['target'];
  /** Data: never read as templates. */
  parameters?: Record<string, unknown>;
  /** The playbook's templates that need the run's state (see RunStep.templates). */
  templates?: RunStep['templates'];
  proposalId?: string | undefined;
  dependsOn?: string[];
  condition?: string | undefined;
  onFailure?: RunStep['onFailure'];
  timeoutMs?: number | undefined;
  risk?: RunStep['risk'];
  approval?: 'policy' | 'required' | 'two-person' | undefined;
  rationale?: string;
}

/** Step and target: the same action on the same target in the same run has one key. */
export const idempotencyKeyOf = (runId: string, draft: Pick<StepDraft, 'ref' | 'actionType' | 'target'>): string =>
  `${runId}/${draft.ref}/${draft.actionType}:${draft.target.kind}:${draft.target.value}`;

function stricter(decision: PolicyDecision, approval: StepDraft['approval']): PolicyDecision {
  if (decision.outcome === 'refuse' || !approval || approval === 'policy') return decision;
  const approvers = Math.max(decision.approvers, approval === 'two-person' ? 2 : 1);
  if (decision.outcome === 'approval' && approvers === decision.approvers) return decision;
  return {
    outcome: 'approval',
    approvers,
    reasons: [`the playbook requires ${approvers === 2 ? 'two analysts' : 'an analyst'}`, ...decision.reasons],
  };
}

export function buildStep(
  runId: string,
  incidentId: string | undefined,
  draft: StepDraft,
  policy: Policy,
  context: PolicyContext,
  decide: StepDecider = policyDecider,
): RunStep {
  const spec = actionCatalogue[draft.actionType];
  const proposal: ActionProposal = {
    id: draft.proposalId ?? `${runId}/${draft.ref}`,
    incidentId: incidentId ?? runId,
    actionType: draft.actionType,
    target: draft.target,
    parameters: draft.parameters ?? {},
    risk: draft.risk ?? spec.risk,
    reversible: isReversible(spec),
    rationale: draft.rationale ?? 'playbook step',
    evidence: [{ kind: 'incident', id: incidentId ?? runId }],
  };
  const decision = stricter(decide(proposal, policy, context), draft.approval);
  const status: RunStep['status'] =
    decision.outcome === 'refuse' ? 'refused' : decision.outcome === 'approval' ? 'awaiting-approval' : 'pending';
  return {
    ref: draft.ref,
    actionType: draft.actionType,
    target: draft.target,
    parameters: draft.parameters ?? {},
    ...(draft.templates && draft.templates.length > 0 ? { templates: draft.templates } : {}),
    risk: effectiveRisk(proposal),
    reversible: isReversible(spec),
    ...(draft.proposalId ? { proposalId: draft.proposalId } : {}),
    dependsOn: draft.dependsOn ?? [],
    ...(draft.condition ? { condition: draft.condition } : {}),
    onFailure: draft.onFailure ?? 'abort',
    idempotencyKey: idempotencyKeyOf(runId, draft),
    decision,
    status,
    attempts: 0,
    ...(draft.timeoutMs ? { timeoutMs: draft.timeoutMs } : {}),
  };
}

/** One step per proposal, in plan order, each depending on nothing. */
export function draftsFromProposals(proposals: readonly ActionProposal[]): StepDraft[] {
  const used = new Map<string, number>();
  return proposals.map((proposal) => {
    const count = (used.get(proposal.actionType) ?? 0) + 1;
    used.set(proposal.actionType, count);
    return {
      ref: `${proposal.actionType}-${count}`,
      actionType: proposal.actionType,
      target: proposal.target,
      parameters: proposal.parameters,
      proposalId: proposal.id,
      risk: proposal.risk,
      rationale: proposal.rationale,
      onFailure: 'continue' as const,
    };
  });
}
