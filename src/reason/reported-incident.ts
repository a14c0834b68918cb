/**
 * The incident as the reasoning reports it: its techniques, tactics and stages are those of the
 * attack sequence's steps (the techniques reported with enough confidence, including those
 * inferred from evidence), not every tag of every alert. Alerts whose techniques stayed context
 * remain in the incident's alerts and evidence.
 */
import type { AttackSequence, Incident } from '../core/index.js';

export function reportedIncident(incident: Incident, sequence: AttackSequence): Incident {
  const steps = sequence.steps;
  if (steps.length === 0) return incident;
  const techniques = [...new Set(steps.flatMap((step) => step.techniques))].sort();
  const tactics = [...new Set(steps.map((step) => step.tactic))];
  return {
    ...incident,
    techniques,
    tactics,
    stages: steps.map((step) => ({
      tactic: step.tactic,
      techniques: step.techniques,
      firstSeen: step.firstSeen,
      lastSeen: step.lastSeen,
      evidence: step.evidence,
    })),
  };
}
