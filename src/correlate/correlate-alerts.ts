import type { Alert, CorrelationExplanation, Event, Incident } from '../core/index.js';
import { buildIncident } from './build-incident.js';
import { evidenceStrength } from './evidence-strength.js';
import { type CorrelatorOptions, IncidentCorrelator } from './incident-correlator.js';
import type { LinkFact } from './link-facts.js';

export interface CorrelatedIncident {
  incident: Incident;
  /** How the incident was formed: merges and refused links. */
  explanation: CorrelationExplanation;
}

const byTime = (left: Alert, right: Alert) =>
  left.timestamp.localeCompare(right.timestamp) || left.id.localeCompare(right.id);

/**
 * Batch correlation: alerts (any order), their events, and the link facts of all events
 * (logons, process creations) → incidents, earliest first. Facts and alerts are replayed in
 * time order, exactly as a streaming correlator would have seen them. A group with one weak,
 * uncorroborated detection is not an incident (`evidence-strength.ts`) unless `evidence: 'any'`.
 */
export function correlateWithExplanations(
  alerts: readonly Alert[],
  eventsById: ReadonlyMap<string, Event>,
  options: CorrelatorOptions = {},
  linkFacts: readonly LinkFact[] = [],
): CorrelatedIncident[] {
  const correlator = new IncidentCorrelator(options);
  const facts = [...linkFacts].sort(
    (left, right) => left.time - right.time || left.eventId.localeCompare(right.eventId),
  );
  let nextFact = 0;
  for (const alert of [...alerts].sort(byTime)) {
    const time = Date.parse(alert.timestamp);
    while (nextFact < facts.length && facts[nextFact]!.time <= time) correlator.observeFact(facts[nextFact++]!);
    const events = alert.eventIds
      .map((id) => eventsById.get(id))
      .filter((event): event is Event => event !== undefined);
    correlator.add(alert, events);
  }
  const corroborated = options.evidence !== 'any';
  return correlator
    .groups()
    .filter((group) => !corroborated || evidenceStrength(group.alerts, options.routine).incident)
    .map((group) => ({ incident: buildIncident(group, eventsById), explanation: group.explanation }));
}

/** Batch correlation without explanations: alerts (any order) and their events → incidents, earliest first. */
export function correlateAlerts(
  alerts: readonly Alert[],
  eventsById: ReadonlyMap<string, Event>,
  options: CorrelatorOptions = {},
  linkFacts: readonly LinkFact[] = [],
): Incident[] {
  return correlateWithExplanations(alerts, eventsById, options, linkFacts).map((correlated) => correlated.incident);
}
