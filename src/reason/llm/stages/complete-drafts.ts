/**
 * Turns a model's draft into the stage artifact. Vigil fills what the model may not decide:
 * ids, times, facts (indicator hits, KEV), criticality from the asset inventory, and each
 * action's risk and reversibility from the catalogue. The plan keeps every deterministic
 * proposal: the model can add evidence-backed proposals (raised to high risk, so a human
 * approves them) and explain, never remove or soften one. Semantic problems come back as issues for the repair prompt.
 */
import { createHash } from 'node:crypto';
import type { AttackSequence, IncidentContext, ResponsePlan } from '../../../core/index.js';
import type { ActionProposal, ActionType, EvidenceRef, ReasoningInput } from '../llm-imports.js';
import { actionTargetIssue, actionTraits, riskRank } from '../llm-imports.js';
import type { AllowedValues, TargetKind } from './allowed-values.js';
import type { ContextDraft, PlanDraft, SequenceDraft } from './stage-drafts.js';

export interface Completed<T> {
  artifact: T;
  issues: string[];
}

export function evidenceRefs(keys: readonly string[]): EvidenceRef[] {
  return [...new Set(keys)].map((key) => {
    const colon = key.indexOf(':');
    return { kind: key.slice(0, colon) as EvidenceRef['kind'], id: key.slice(colon + 1) };
  });
}

export function completeContext(
  draft: ContextDraft,
  input: ReasoningInput,
  allowed: AllowedValues,
  baseline: IncidentContext,
  reasoner: string,
): Completed<IncidentContext> {
  const issues: string[] = [];
  const observables = draft.observables.flatMap((observable, index) => {
    if (!allowed.observableValues.has(observable.value.toLowerCase())) {
      issues.push(`observables/${index}/value: "${observable.value.slice(0, 60)}" does not appear in the evidence`);
      return [];
    }
    const hits = input.indicatorMatches.filter((match) => match.value.toLowerCase() === observable.value.toLowerCase());
    return [
      {
        type: observable.type,
        value: observable.value,
        indicatorHits: [...new Map(hits.map((hit) => [hit.indicatorId, hit])).values()].map((hit) => ({
          indicatorId: hit.indicatorId,
          source: hit.source,
          confidence: hit.confidence,
        })),
        evidence: evidenceRefs(observable.evidence),
      },
    ];
  });
  return {
    issues,
    artifact: {
      schemaVersion: 'vigil.context/1',
      incidentId: input.incident.id,
      reasoner,
      hosts: draft.hosts.map((host) => ({
        name: host.name,
        criticality: input.assetCriticality?.get(host.name.toLowerCase()) ?? host.criticality,
        ...(host.role ? { role: host.role } : {}),
        evidence: evidenceRefs(host.evidence),
      })),
      users: draft.users.map((user) => ({ ...user, evidence: evidenceRefs(user.evidence) })),
      attackVector: { ...draft.attackVector, evidence: evidenceRefs(draft.attackVector.evidence) },
      observables,
      cves: baseline.cves,
      impact: draft.impact,
      // Attribution is the intelligence's fact, not the model's to decide.
      ...(baseline.attribution ? { attribution: baseline.attribution } : {}),
    },
  };
}

/**
 * The overall confidence stays the deterministic one: the response policy reads it to
 * decide what runs unattended, so no model answer (nor text planted in a log) may move it.
 * The model's own figure is kept among the reasons.
 */
export function completeSequence(
  draft: SequenceDraft,
  input: ReasoningInput,
  allowed: AllowedValues,
  baseline: AttackSequence,
  reasoner: string,
): Completed<AttackSequence> {
  const steps = draft.steps.map((step) => {
    const times = step.evidence
      .map((key) => allowed.timestamps.get(key))
      .filter((time): time is string => time !== undefined)
      .sort();
    return {
      tactic: step.tactic,
      techniques: step.techniques.filter((technique) => technique !== '(none)'),
      summary: step.summary,
      confidence: step.confidence,
      firstSeen: times[0] ?? input.incident.firstSeen,
      lastSeen: times.at(-1) ?? input.incident.lastSeen,
      evidence: evidenceRefs(step.evidence),
    };
  });
  return {
    issues: [],
    artifact: {
      schemaVersion: 'vigil.attack-sequence/1',
      incidentId: input.incident.id,
      reasoner,
      steps,
      currentStage: draft.currentStage,
      // The intelligence's expectations (what the named actor is known to do) come first; the model's follow.
      likelyNext: [
        ...baseline.likelyNext.filter((next) => next.basis === 'threat-intelligence'),
        ...draft.likelyNext.filter(
          (next) =>
            !baseline.likelyNext.some((known) => known.basis === 'threat-intelligence' && known.tactic === next.tactic),
        ),
      ],
      confidence: baseline.confidence,
      confidenceReasons: [
        ...draft.confidenceReasons,
        `the model's own confidence was ${draft.confidence}; the rule-based ${baseline.confidence} is kept because the response policy reads it`,
      ],
    },
  };
}

export const proposalId = (incidentId: string, action: string, target: string): string =>
  `proposal--${createHash('sha256').update(`${incidentId}|${action}|${target}`).digest('hex').slice(0, 32)}`;

export function completePlan(
  draft: PlanDraft,
  input: ReasoningInput,
  baseline: ResponsePlan,
  reasoner: string,
): Completed<ResponsePlan> {
  const issues: string[] = [];
  const baselineById = new Map(baseline.actions.map((action) => [action.id, action]));
  const proposals = new Map<string, ActionProposal>();
  draft.actions.forEach((action, index) => {
    const actionType = action.actionType as ActionType;
    const colon = action.target.indexOf(':');
    const kind = action.target.slice(0, colon) as TargetKind;
    const value = action.target.slice(colon + 1);
    const issue = actionTargetIssue(actionType, { kind, value });
    if (issue) {
      issues.push(`actions/${index}: ${issue}`);
      return;
    }
    const id = proposalId(input.incident.id, actionType, `${kind}:${value}`);
    const known = baselineById.get(id);
    const traits = actionTraits[actionType];
    // Only a model backs this proposal: it always waits for a human (the policy runs nothing high-risk unattended).
    const floor: ActionProposal['risk'] = known ? traits.risk : 'high';
    const risk = [known?.risk ?? 'low', traits.risk, floor].reduce((left, right) =>
      riskRank(right) > riskRank(left) ? right : left,
    );
    const evidence = [...(known?.evidence ?? []), ...evidenceRefs(action.evidence)];
    proposals.set(id, {
      id,
      incidentId: input.incident.id,
      actionType,
      target: { kind, value },
      parameters: known?.parameters ?? { origin: 'llm' },
      risk,
      reversible: traits.reversible,
      rationale: action.rationale || known?.rationale || actionType,
      expectedEffect: action.expectedEffect || known?.expectedEffect || '',
      evidence: [
        ...new Map(evidence.map((reference) => [`${reference.kind}:${reference.id}`, reference])).values(),
      ].slice(0, 12),
    });
  });
  // Deterministic proposals the model left out stay in the plan.
  for (const action of baseline.actions) if (!proposals.has(action.id)) proposals.set(action.id, action);
  return {
    issues,
    artifact: {
      schemaVersion: 'vigil.response-plan/1',
      incidentId: input.incident.id,
      reasoner,
      actions: [...proposals.values()],
      summary: draft.summary || baseline.summary,
    },
  };
}
