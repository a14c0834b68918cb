/** Built-in stage 2: the incident's stages as an ordered attack sequence with the next likely stages. */
import { type Tactic, tacticOrder, tacticRank } from '../../core/index.js';
import type { ReasoningInput } from '../reasoner.js';
import type { AttackSequence, IncidentContext } from '../stage-schemas.js';

/** Confidence of a step from the alerts behind it: more rules and higher levels → higher. */
function stepConfidence(levels: readonly string[]): number {
  const weight: Record<string, number> = { informational: 0.2, low: 0.35, medium: 0.55, high: 0.75, critical: 0.85 };
  const best = Math.max(...levels.map((level) => weight[level] ?? 0.3));
  return Math.min(0.95, best + 0.05 * (new Set(levels).size - 1) + 0.03 * Math.min(levels.length - 1, 3));
}

export function correlateSequence(input: ReasoningInput, _context: IncidentContext, reasoner: string): AttackSequence {
  const alertsById = new Map(input.alerts.map((alert) => [alert.id, alert]));
  const steps = input.incident.stages.map((stage) => {
    const alerts = stage.evidence
      .map((reference) => alertsById.get(reference.id))
      .filter((alert) => alert !== undefined);
    const titles = [...new Set(alerts.map((alert) => alert.ruleTitle))];
    return {
      tactic: stage.tactic,
      techniques: stage.techniques,
      summary: `${titles.slice(0, 3).join('; ')}${titles.length > 3 ? ` (+${titles.length - 3} more)` : ''}`,
      confidence: stepConfidence(alerts.map((alert) => alert.severity)),
      firstSeen: stage.firstSeen,
      lastSeen: stage.lastSeen,
      evidence: stage.evidence,
    };
  });
  const known = steps.filter((step) => step.tactic !== 'unknown' && step.tactic !== 'other');
  const latest = [...known].sort((left, right) => left.lastSeen.localeCompare(right.lastSeen)).pop();
  const furthest = known.reduce<Tactic>(
    (best, step) => (tacticRank(step.tactic) > tacticRank(best) ? step.tactic : best),
    known[0]?.tactic ?? 'unknown',
  );
  const currentStage: Tactic = latest?.tactic ?? 'unknown';
  const reached = new Set(known.map((step) => step.tactic));
  const likelyNext = tacticOrder
    .filter((tactic) => tacticRank(tactic) > tacticRank(furthest) && !reached.has(tactic))
    .slice(0, 2)
    .map((tactic) => ({
      tactic,
      rationale: `follows ${furthest} on the ATT&CK kill chain and has not been observed yet`,
    }));

  const reasons: string[] = [];
  let confidence = known.length === 0 ? 0.2 : Math.max(...known.map((step) => step.confidence));
  reasons.push(`${known.length} kill-chain stage(s) with detections`);
  if (known.length >= 3) {
    confidence = Math.min(0.95, confidence + 0.1);
    reasons.push('three or more stages corroborate each other (+0.1)');
  }
  if (input.indicatorMatches.length > 0) {
    confidence = Math.min(0.95, confidence + 0.05);
    reasons.push('threat-intelligence matches corroborate the detections (+0.05)');
  }
  if (steps.some((step) => step.tactic === 'unknown')) reasons.push('some alerts carry no ATT&CK tactic');
  return {
    schemaVersion: 'vigil.attack-sequence/1',
    incidentId: input.incident.id,
    reasoner,
    steps,
    currentStage,
    likelyNext,
    confidence: Number(confidence.toFixed(2)),
    confidenceReasons: reasons,
  };
}
