/**
 * Writing what the stages found, the same in every deployment: an incident is stored with its
 * "incident-created" audit entry in one transaction (`recordCorrelatedIncident`), and a
 * reasoned incident's artifacts, proposals and "plan-proposed" entry ("incident-updated" too when
 * it had been reasoned before) in another (`recordReasonedIncident`). In one process both happen
 * in one write; on workers the correlate stage writes the first and the reason stage the second.
 */
import type { Incident, IncidentArtifacts } from '../../core/index.js';
import type { NewAuditEntry, Store } from '../../store/index.js';
import type { ReasonedIncident } from './reason-about-incident.js';

const subject = (incident: Incident) => ({ kind: 'incident', id: incident.id });

function createdEntry(incident: Incident, actor: string): NewAuditEntry {
  return {
    actor,
    action: 'incident-created',
    subject: subject(incident),
    details: { alerts: incident.alertIds.length, severity: incident.severity },
  };
}

function reasonedEntries(reasoned: ReasonedIncident, actor: string, reasonedBefore: boolean): NewAuditEntry[] {
  const { incident, reasoning } = reasoned;
  return [
    ...(reasonedBefore
      ? [
          {
            actor,
            action: 'incident-updated',
            subject: subject(incident),
            details: {
              alerts: incident.alertIds.length,
              severity: incident.severity,
              reasoner: reasoning.plan.reasoner,
            },
          },
        ]
      : []),
    {
      actor,
      action: 'plan-proposed',
      subject: subject(incident),
      details: { actions: reasoning.plan.actions.map((action) => action.id), reasoner: reasoning.plan.reasoner },
    },
  ];
}

/** The artifacts reasoning writes (correlation is written with the incident). */
export function reasonedArtifacts(reasoned: ReasonedIncident) {
  return {
    context: reasoned.reasoning.context,
    sequence: reasoned.reasoning.sequence,
    plan: reasoned.reasoning.plan,
    graph: reasoned.graph,
    indicatorHits: reasoned.indicatorHits,
    citations: reasoned.citations,
    knowledgeReuse: reasoned.knowledgeReuse,
  } satisfies IncidentArtifacts;
}

/**
 * Stores a correlated incident (replacing the stored one, keeping the artifacts later stages wrote
 * unless `artifacts` replaces them), with its "incident-created" entry when it is new.
 */
export async function recordCorrelatedIncident(
  store: Store,
  incident: Incident,
  artifacts: IncidentArtifacts,
  options: { actor: string; previous: { artifacts: IncidentArtifacts } | undefined },
): Promise<void> {
  const { supersededBy: _revived, ...kept } = options.previous?.artifacts ?? {};
  await store.recordIncident({
    mode: 'replace',
    incident,
    artifacts: { ...kept, ...artifacts },
    audit: options.previous ? [] : [createdEntry(incident, options.actor)],
  });
}

/** Writes a reasoned incident's artifacts, proposals and audit entries; false when the incident is not stored. */
export async function recordReasonedIncident(
  store: Store,
  reasoned: ReasonedIncident,
  options: { actor: string; reasonedBefore: boolean },
): Promise<boolean> {
  return store.recordIncident({
    mode: 'merge',
    incidentId: reasoned.incident.id,
    artifacts: reasonedArtifacts(reasoned),
    proposals: reasoned.reasoning.plan.actions,
    audit: reasonedEntries(reasoned, options.actor, options.reasonedBefore),
  });
}

/** In one process: the incident, everything reasoning found and its audit entries in one transaction. */
export async function recordInvestigatedIncident(
  store: Store,
  reasoned: ReasonedIncident,
  options: { actor: string; previous: { artifacts: IncidentArtifacts } | undefined },
): Promise<void> {
  const { supersededBy: _revived, ...kept } = options.previous?.artifacts ?? {};
  await store.recordIncident({
    mode: 'replace',
    incident: reasoned.incident,
    artifacts: { ...kept, correlation: reasoned.explanation, ...reasonedArtifacts(reasoned) },
    proposals: reasoned.reasoning.plan.actions,
    audit: [
      ...(options.previous ? [] : [createdEntry(reasoned.incident, options.actor)]),
      ...reasonedEntries(reasoned, options.actor, options.previous?.artifacts.plan !== undefined),
    ],
  });
}
