/**
 * The incident as the reasoning reports it: its techniques, tactics and stages are those of the
 * attack sequence's steps (the techniques reported with enough confidence, including those
 * inferred from evidence), not every tag of every alert. Alerts whose techniques stayed context
 * remain in the incident's alerts and evidence, and are not the reported evidence: what is
 * learned from a confirmed incident (`reportedEvidence`) comes from what it reports, never from
 * its context (a shared service polled beside the attack, a routine program, a weak tag).
 */
import type { Alert, AttackSequence, Incident } from '../core/index.js';

/** Whether an alert with these techniques is behind a reported step: it claims a reported technique, or none (its own step). */
export function claimsReported(techniques: readonly string[], reported: ReadonlySet<string>): boolean {
  return techniques.length === 0 || techniques.some((id) => reported.has(id));
}

/** The techniques the sequence reports (its steps'), with the revoked ids alerts used for them. */
export function reportedTechniques(sequence: AttackSequence): Set<string> {
  const reported = new Set(sequence.steps.flatMap((step) => step.techniques));
  for (const check of sequence.techniques ?? [])
    if (check.replaces && reported.has(check.id)) reported.add(check.replaces);
  return reported;
}

export interface ReportedEvidence {
  /** The alerts the reported techniques rest on (the sequence's `reportedAlerts`; else every alert `claimsReported`). */
  alertIds: Set<string>;
  /** Their events, and the events the reported steps and techniques cite (inferred from evidence). */
  eventIds: Set<string>;
  /** The reported techniques (`reportedTechniques`). */
  techniques: Set<string>;
}

/**
 * What an incident's reasoning reports as the attack's, by alert and event; the rest is context.
 * A sequence without steps reports the incident as it was correlated (as `reportedIncident` does),
 * so then every alert is reported evidence.
 */
export function reportedEvidence(sequence: AttackSequence, alerts: readonly Alert[]): ReportedEvidence {
  const unreasoned = sequence.steps.length === 0;
  const techniques = unreasoned ? new Set(alerts.flatMap((alert) => alert.techniques)) : reportedTechniques(sequence);
  const alertIds = new Set<string>();
  const eventIds = new Set<string>();
  const listed = sequence.reportedAlerts ? new Set(sequence.reportedAlerts) : undefined;
  for (const alert of alerts) {
    if (!unreasoned && !(listed ? listed.has(alert.id) : claimsReported(alert.techniques, techniques))) continue;
    alertIds.add(alert.id);
    for (const id of alert.eventIds) eventIds.add(id);
  }
  const cited = [
    ...sequence.steps.flatMap((step) => step.evidence),
    ...(sequence.techniques ?? [])
      .filter((check) => check.reported !== false && techniques.has(check.id))
      .flatMap((check) => check.evidence),
  ];
  for (const reference of cited) if (reference.kind === 'event') eventIds.add(reference.id);
  return { alertIds, eventIds, techniques };
}

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
