/**
 * Built-in stage 2: the incident's alerts as an ordered attack sequence on the ATT&CK tactics,
 * with techniques checked against the catalog, the current stage, first and last seen, the
 * likely next stages (from the kill chain and from similar past incidents), what retrieval
 * found, classifier signals and matched multi-observation patterns.
 */

import type { AttackSequence, IncidentContext } from '../../core/index.js';
import { type Alert, type EvidenceRef, type Tactic, tacticOrder, tacticRank } from '../../core/index.js';
import { inferenceReason } from '../inference/infer-evidence.js';
import type { ReasoningInput } from '../reasoner.js';
import { claimsReported } from '../reported-incident.js';
import { actorExpectations } from './actor-expectations.js';
import { assessTechniques, type TechniqueAssessment } from './assess-techniques.js';
import { classifierSignals } from './classifier-signals.js';
import { type ResolvedAlert, resolveTechniques } from './resolve-techniques.js';
import { sequenceConfidence } from './sequence-confidence.js';

/** Evidence kept per step; the incident record holds every alert. */
const maxStepEvidence = 20;

/** Confidence of a step from the alerts behind it: more rules and higher levels → higher. */
function stepConfidence(levels: readonly string[]): number {
  const weight: Record<string, number> = { informational: 0.2, low: 0.35, medium: 0.55, high: 0.75, critical: 0.85 };
  const best = Math.max(...levels.map((level) => weight[level] ?? 0.3));
  return Math.min(0.95, best + 0.05 * (new Set(levels).size - 1) + 0.03 * Math.min(levels.length - 1, 3));
}

function buildSteps(resolved: readonly ResolvedAlert[], names: ReadonlyMap<string, string>): AttackSequence['steps'] {
  const byTactic = new Map<Tactic, ResolvedAlert[]>();
  for (const item of resolved) {
    for (const tactic of item.tactics) {
      const list = byTactic.get(tactic);
      if (list) list.push(item);
      else byTactic.set(tactic, [item]);
    }
  }
  return [...byTactic.entries()]
    .map(([tactic, items]) => {
      const alerts = items
        .map((item) => item.alert)
        .sort((left, right) => left.timestamp.localeCompare(right.timestamp));
      const techniques = [...new Set(items.flatMap((item) => item.techniques))].sort();
      const titles = [...new Set(alerts.map((alert) => alert.ruleTitle))];
      const evidence: EvidenceRef[] = alerts
        .slice(0, maxStepEvidence)
        .map((alert) => ({ kind: 'alert', id: alert.id }));
      const known = techniques.map((id) => names.get(id));
      return {
        tactic,
        techniques,
        summary: `${titles.slice(0, 3).join('; ')}${titles.length > 3 ? ` (+${titles.length - 3} more)` : ''}${alerts.length > maxStepEvidence ? ` [${alerts.length} alerts, ${maxStepEvidence} cited]` : ''}`,
        confidence: stepConfidence(alerts.map((alert) => alert.severity)),
        firstSeen: alerts[0]!.timestamp,
        lastSeen: alerts[alerts.length - 1]!.timestamp,
        evidence,
        ...(known.every((name) => name !== undefined) && known.length > 0 ? { techniqueNames: known as string[] } : {}),
      };
    })
    .sort(
      (left, right) =>
        tacticRank(left.tactic) - tacticRank(right.tactic) || left.firstSeen.localeCompare(right.firstSeen),
    );
}

/** Steps for the techniques only evidence inference names and reports, merged into the alert steps by tactic. */
function addInferredSteps(
  input: ReasoningInput,
  steps: AttackSequence['steps'],
  assessments: readonly TechniqueAssessment[],
  names: Map<string, string>,
): AttackSequence['steps'] {
  for (const assessment of assessments) {
    if (!assessment.reported || assessment.basis.some((basis) => basis !== 'inference')) continue;
    const tactics: Tactic[] = input.attack?.coreTacticsOf(assessment.id) ?? [];
    const name = input.attack?.technique(assessment.id)?.name;
    if (name) names.set(assessment.id, name);
    const times = assessment.evidence.flatMap((reference) => input.events.get(reference.id)?.timestamp ?? []).sort();
    if (times.length === 0) continue;
    for (const tactic of tactics.length > 0 ? tactics : (['unknown'] as Tactic[])) {
      const existing = steps.find((step) => step.tactic === tactic);
      if (existing) {
        if (!existing.techniques.includes(assessment.id))
          existing.techniques = [...existing.techniques, assessment.id].sort();
        for (const reference of assessment.evidence)
          if (existing.evidence.length < maxStepEvidence + 10) existing.evidence.push(reference);
        if (times[0]! < existing.firstSeen) existing.firstSeen = times[0]!;
        if (times[times.length - 1]! > existing.lastSeen) existing.lastSeen = times[times.length - 1]!;
        delete existing.techniqueNames;
        continue;
      }
      steps.push({
        tactic,
        techniques: [assessment.id],
        summary: `inferred from evidence: ${assessment.reasons[0]}`.slice(0, 400),
        confidence: assessment.confidence,
        firstSeen: times[0]!,
        lastSeen: times[times.length - 1]!,
        evidence: assessment.evidence,
      });
    }
  }
  for (const step of steps) {
    const known = step.techniques.map((id) => names.get(id));
    if (!step.techniqueNames && known.length > 0 && known.every((item) => item !== undefined))
      step.techniqueNames = known as string[];
  }
  return steps.sort(
    (left, right) =>
      tacticRank(left.tactic) - tacticRank(right.tactic) || left.firstSeen.localeCompare(right.firstSeen),
  );
}

function likelyNextStages(input: ReasoningInput, steps: AttackSequence['steps']): AttackSequence['likelyNext'] {
  const known = steps.filter((step) => step.tactic !== 'unknown' && step.tactic !== 'other');
  const reached = new Set(known.map((step) => step.tactic));
  const furthest = known.reduce<Tactic>(
    (best, step) => (tacticRank(step.tactic) > tacticRank(best) ? step.tactic : best),
    known[0]?.tactic ?? 'unknown',
  );
  // What the actors and malware the intelligence names are known to do next comes first.
  const observed = new Set([
    ...steps.flatMap((step) => step.techniques),
    ...input.alerts.flatMap((alert) => alert.techniques),
  ]);
  const next: AttackSequence['likelyNext'] = actorExpectations(input, reached, furthest, observed);
  // What similar, confirmed past incidents went on to do.
  for (const item of input.retrieved ?? []) {
    if (item.kind !== 'incident' || item.verdict === 'false-positive' || item.verdict === 'benign') continue;
    for (const tactic of item.tactics) {
      if (!(tacticOrder as readonly string[]).includes(tactic) || reached.has(tactic as Tactic)) continue;
      if (tacticRank(tactic as Tactic) <= tacticRank(furthest) || next.some((entry) => entry.tactic === tactic))
        continue;
      next.push({
        tactic: tactic as Tactic,
        rationale: `a similar past incident (${item.title}) went on to ${tactic}`,
        evidence: [{ kind: 'incident', id: item.id }],
        basis: 'past-incident',
      });
    }
  }
  for (const tactic of tacticOrder) {
    if (next.length >= 3) break;
    if (
      tacticRank(tactic) <= tacticRank(furthest) ||
      reached.has(tactic) ||
      next.some((entry) => entry.tactic === tactic)
    )
      continue;
    if (next.filter((entry) => !entry.evidence).length >= 2) break;
    next.push({
      tactic,
      rationale: `follows ${furthest} on the ATT&CK kill chain and has not been observed yet`,
      basis: 'kill-chain',
    });
  }
  return next.slice(0, 3);
}

function relatedKnowledge(
  input: ReasoningInput,
  techniques: ReadonlySet<string>,
): NonNullable<AttackSequence['related']> {
  return (input.retrieved ?? []).map((item) => {
    const shared = item.techniques.filter((id) => techniques.has(id));
    const parts = [
      shared.length > 0 ? `shares ${shared.slice(0, 5).join(', ')}` : 'matches the incident text',
      item.verdict ? `verdict ${item.verdict}` : undefined,
      `score ${item.score.toFixed(2)}`,
    ].filter(Boolean);
    return {
      kind: item.kind === 'incident' ? ('past-incident' as const) : ('cti' as const),
      title: item.title,
      relevance: parts.join('; '),
      evidence: [{ kind: item.kind, id: item.id }],
    };
  });
}

export function correlateSequence(input: ReasoningInput, _context: IncidentContext, reasoner: string): AttackSequence {
  const resolution = resolveTechniques(input.alerts, input.attack);
  const names = new Map(resolution.checks.filter((check) => check.name).map((check) => [check.id, check.name!]));
  // The attack's techniques, not the background's: alerts whose every technique stays context
  // do not make a step (they stay in the incident's evidence and in `techniques` as context).
  const assessments = assessTechniques(input, resolution.alerts, input.evidenceInferences ?? []);
  const reportedIds = new Set(assessments.filter((item) => item.reported).map((item) => item.id));
  const attackAlerts = resolution.alerts
    .filter((item) => claimsReported(item.techniques, reportedIds))
    .map((item) => ({ ...item, techniques: item.techniques.filter((id) => reportedIds.has(id)) }));
  const steps = addInferredSteps(input, buildSteps(attackAlerts, names), assessments, names);
  const byId = new Map(assessments.map((item) => [item.id, item]));
  for (const check of resolution.checks) {
    const assessment = byId.get(check.id);
    if (!assessment) continue;
    Object.assign(check, {
      confidence: assessment.confidence,
      reported: assessment.reported,
      basis: assessment.basis,
      reasons: assessment.reasons,
    });
    for (const reference of assessment.evidence)
      if (!check.evidence.some((known) => known.id === reference.id)) check.evidence.push(reference);
  }
  for (const assessment of assessments) {
    if (resolution.checks.some((check) => check.id === assessment.id)) continue;
    const technique = input.attack?.technique(assessment.id);
    resolution.checks.push({
      id: assessment.id,
      ...(technique?.name ? { name: technique.name } : {}),
      tactics: input.attack?.coreTacticsOf(assessment.id) ?? [],
      status: !input.attack ? 'unchecked' : technique ? 'known' : 'unknown',
      confidence: assessment.confidence,
      reported: assessment.reported,
      basis: assessment.basis,
      reasons: assessment.reasons,
      evidence: assessment.evidence,
    });
  }
  const inferred = (input.evidenceInferences ?? []).slice(0, 20).map((inference) => ({
    technique: inference.technique,
    confidence: inference.confidence,
    field: inference.field,
    value: inference.value.slice(0, 300),
    nearest: `${inference.nearest.label}: ${inference.nearest.text.slice(0, 200)}`,
    reason: inferenceReason(inference),
    evidence: [{ kind: 'event' as const, id: inference.eventId }],
  }));
  const techniques = new Set(resolution.checks.map((check) => check.id));
  // A technique's CTI document, when retrieval found it, is cited beside the alerts that claim it.
  for (const check of resolution.checks) {
    const document = (input.retrieved ?? []).find(
      (item) => item.kind === 'document' && item.techniques.includes(check.id),
    );
    if (document) check.evidence.push({ kind: 'document', id: document.id });
  }
  const signals = classifierSignals(input, techniques);
  const alertsWithoutEvents = input.alerts.filter((alert: Alert) =>
    alert.eventIds.every((id) => !input.events.has(id)),
  ).length;
  const { confidence, reasons } = sequenceConfidence(input, {
    steps,
    resolution,
    signals,
    alertsWithoutEvents:
      input.eventCount !== undefined && input.eventCount > input.events.size ? 0 : alertsWithoutEvents,
  });
  const known = steps.filter((step) => step.tactic !== 'unknown' && step.tactic !== 'other');
  const latest = [...known].sort((left, right) => left.lastSeen.localeCompare(right.lastSeen)).pop();
  const times = steps.flatMap((step) => [step.firstSeen, step.lastSeen]).sort();
  const patternMatches = (input.patternMatches ?? []).map((match) => ({
    indicatorId: match.indicatorId,
    pattern: match.pattern,
    evidence: [
      { kind: 'indicator' as const, id: match.indicatorId },
      ...match.eventIds.slice(0, 10).map((id) => ({ kind: 'event' as const, id })),
    ],
  }));
  const related = relatedKnowledge(input, techniques);
  return {
    schemaVersion: 'vigil.attack-sequence/1',
    incidentId: input.incident.id,
    reasoner,
    steps,
    currentStage: latest?.tactic ?? 'unknown',
    ...(times.length > 0 ? { firstSeen: times[0]!, lastSeen: times[times.length - 1]! } : {}),
    likelyNext: likelyNextStages(input, steps),
    confidence,
    confidenceReasons: reasons,
    techniques: resolution.checks,
    ...(related.length > 0 ? { related } : {}),
    ...(signals.length > 0 ? { classifierSignals: signals } : {}),
    ...(inferred.length > 0 ? { inferred } : {}),
    ...(patternMatches.length > 0 ? { patternMatches } : {}),
    reportedAlerts: reportedAlerts(resolution.alerts, assessments),
    eventsConsidered: { sampled: input.events.size, total: input.eventCount ?? input.events.size },
  };
}

/** Most alerts a sequence lists as reported evidence; beyond it, less is learned from the incident, never context. */
const maxReportedAlerts = 10_000;

/** The alerts the reported techniques rest on (`TechniqueAssessment.carriers`), and those claiming none (their own step). */
function reportedAlerts(resolved: readonly ResolvedAlert[], assessments: readonly TechniqueAssessment[]): string[] {
  const ids = new Set<string>();
  for (const item of resolved) if (item.techniques.length === 0) ids.add(item.alert.id);
  for (const assessment of assessments) if (assessment.reported) for (const id of assessment.carriers) ids.add(id);
  return [...ids].slice(0, maxReportedAlerts);
}
