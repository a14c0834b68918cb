/**
 * The attack sequence's overall confidence and the reasons for it, in words: what corroborates
 * the story raises it, conflicting or missing evidence lowers it.
 */

import type { AttackSequence } from '../../core/index.js';
import type { ReasoningInput } from '../reasoner.js';
import type { TechniqueResolution } from './resolve-techniques.js';

export interface ConfidenceFacts {
  steps: AttackSequence['steps'];
  resolution: TechniqueResolution;
  signals: NonNullable<AttackSequence['classifierSignals']>;
  /** Alerts whose events could not be read. */
  alertsWithoutEvents: number;
}

const round = (value: number) => Number(Math.min(0.95, Math.max(0.05, value)).toFixed(2));

export function sequenceConfidence(
  input: ReasoningInput,
  facts: ConfidenceFacts,
): { confidence: number; reasons: string[] } {
  const known = facts.steps.filter((step) => step.tactic !== 'unknown' && step.tactic !== 'other');
  const reasons: string[] = [];
  let confidence = known.length === 0 ? 0.2 : Math.max(...known.map((step) => step.confidence));
  reasons.push(`${known.length} kill-chain stage(s) with detections (start ${confidence.toFixed(2)})`);
  const adjust = (delta: number, reason: string) => {
    confidence += delta;
    reasons.push(`${reason} (${delta > 0 ? '+' : ''}${delta.toFixed(2)})`);
  };
  if (known.length >= 3) adjust(0.1, 'three or more stages corroborate each other');
  if (input.indicatorMatches.length > 0) adjust(0.05, 'threat-intelligence matches corroborate the detections');
  if ((input.patternMatches ?? []).length > 0)
    adjust(0.05, 'a multi-observation STIX pattern matched across the incident');
  if (facts.signals.some((signal) => signal.corroborates))
    adjust(0.03, 'the learned classifier independently suggests techniques the detections claim');
  if (input.alerts.length === 1) adjust(-0.1, 'missing evidence: a single detection, not corroborated by another');
  if (facts.resolution.conflicts.length > 0)
    adjust(
      -0.05 * Math.min(facts.resolution.conflicts.length, 3),
      `conflicting evidence: ${facts.resolution.conflicts.slice(0, 3).join('; ')}`,
    );
  if (facts.resolution.unknown.length > 0)
    adjust(
      -0.05 * Math.min(facts.resolution.unknown.length, 2),
      `unknown technique id(s) not in ATT&CK: ${facts.resolution.unknown.join(', ')}`,
    );
  if (facts.alertsWithoutEvents > 0)
    adjust(-0.05, `missing evidence: the events of ${facts.alertsWithoutEvents} alert(s) could not be read`);
  if (facts.steps.some((step) => step.tactic === 'unknown')) reasons.push('some alerts carry no ATT&CK tactic');
  for (const replaced of facts.resolution.replaced) reasons.push(`revoked ${replaced.from} read as ${replaced.to}`);
  const past = (input.retrieved ?? []).filter((item) => item.kind === 'incident' && item.verdict);
  const dismissed = past.filter((item) => item.verdict === 'false-positive' || item.verdict === 'benign');
  const confirmed = past.filter((item) => item.verdict === 'true-positive');
  if (dismissed.length > 0 && dismissed.length >= confirmed.length)
    adjust(
      -0.15,
      `conflicting evidence: similar past incident(s) were judged ${dismissed[0]!.verdict} (${dismissed[0]!.id})`,
    );
  else if (confirmed.length > 0)
    adjust(0.05, `similar past incident(s) were confirmed true positives (${confirmed[0]!.id})`);
  if (input.eventCount !== undefined && input.eventCount > input.events.size)
    reasons.push(`reasoned over a sample of ${input.events.size} of ${input.eventCount} events`);
  return { confidence: round(confidence), reasons };
}
