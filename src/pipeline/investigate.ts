/**
 * `vigil investigate`: ingest → detect (Sigma + indicators) → correlate → reason → plan.
 * Everything is stored (events once, alerts, incidents with their stage artifacts,
 * proposals) and each incident and plan is written to the audit chain.
 */
import type { ActionProposal, Alert, Event, Incident } from '../core/index.js';
import { correlateAlerts } from '../correlate/index.js';
import { createDetector } from '../detect/index.js';
import { matchesToAlert } from '../intel/index.js';
import {
  createBuiltinReasoner,
  type IndicatorMatchSummary,
  type Reasoner,
  type ReasoningResult,
  runReasoning,
} from '../reason/index.js';
import type { Store } from '../store/index.js';
import { type IngestSummary, ingestIntoStore } from './ingest-into-store.js';
import type { Knowledge } from './load-knowledge.js';

export interface InvestigationOptions {
  format?: string;
  reasoner?: Reasoner;
  /** Who the audit entries name. Default `vigil`. */
  actor?: string;
  /** Told how many events each batch held, for progress display. */
  onEvents?: (count: number) => void;
}

export interface InvestigatedIncident {
  incident: Incident;
  alerts: Alert[];
  reasoning: ReasoningResult;
}

export interface Investigation {
  ingest: IngestSummary;
  alerts: number;
  incidents: InvestigatedIncident[];
}

export async function investigate(
  inputs: string[],
  knowledge: Knowledge,
  store: Store,
  options: InvestigationOptions = {},
): Promise<Investigation> {
  const detector = createDetector(knowledge.rules, knowledge.attack ? { attack: knowledge.attack } : {});
  const alerts: Alert[] = [];
  const matches: IndicatorMatchSummary[] = [];
  const ingest = await ingestIntoStore(inputs, store, {
    ...(options.format ? { format: options.format } : {}),
    onEvents: (events) => {
      options.onEvents?.(events.length);
      for (const event of events) {
        alerts.push(...detector.process(event));
        const found = knowledge.indicators.size > 0 ? knowledge.indicators.match(event) : [];
        if (found.length > 0) {
          alerts.push(matchesToAlert(event, found));
          for (const match of found) {
            matches.push({
              eventId: event.id,
              indicatorId: match.indicator.id,
              source: match.indicator.source,
              confidence: match.indicator.confidence,
              field: match.field,
              value: match.value,
            });
          }
        }
      }
    },
  });
  alerts.push(...detector.flush());
  const uniqueAlerts = [...new Map(alerts.map((alert) => [alert.id, alert])).values()];
  await store.insertAlerts(uniqueAlerts);

  const eventIds = [...new Set(uniqueAlerts.flatMap((alert) => alert.eventIds))];
  const eventsById = new Map<string, Event>((await store.getEvents(eventIds)).map((event) => [event.id, event]));
  const incidents = correlateAlerts(uniqueAlerts, eventsById);
  const reasoner = options.reasoner ?? createBuiltinReasoner();
  const actor = options.actor ?? 'vigil';
  const alertsById = new Map(uniqueAlerts.map((alert) => [alert.id, alert]));
  const investigated: InvestigatedIncident[] = [];
  for (const incident of incidents) {
    const incidentAlerts = incident.alertIds.map((id) => alertsById.get(id)!);
    const incidentEventIds = new Set(incidentAlerts.flatMap((alert) => alert.eventIds));
    const events = new Map(
      [...incidentEventIds]
        .map((id) => [id, eventsById.get(id)])
        .filter((entry): entry is [string, Event] => entry[1] !== undefined),
    );
    const reasoning = await runReasoning(reasoner, {
      incident,
      alerts: incidentAlerts,
      events,
      indicatorMatches: matches.filter((match) => incidentEventIds.has(match.eventId)),
      ...(knowledge.assets ? { assetCriticality: knowledge.assets } : {}),
      knownExploited: knowledge.knownExploited,
    });
    const existed = (await store.getIncident(incident.id)) !== undefined;
    await store.saveIncident(incident, {
      context: reasoning.context,
      sequence: reasoning.sequence,
      plan: reasoning.plan,
    });
    await store.saveProposals(incident.id, reasoning.plan.actions);
    await store.appendAudit({
      actor,
      action: existed ? 'incident-updated' : 'incident-created',
      subject: { kind: 'incident', id: incident.id },
      details: { alerts: incident.alertIds.length, severity: incident.severity, reasoner: reasoner.name },
    });
    await store.appendAudit({
      actor,
      action: 'plan-proposed',
      subject: { kind: 'incident', id: incident.id },
      details: { actions: reasoning.plan.actions.map((action: ActionProposal) => action.id) },
    });
    investigated.push({ incident, alerts: incidentAlerts, reasoning });
  }
  return { ingest, alerts: uniqueAlerts.length, incidents: investigated };
}

/** The stable JSON shape of one incident in `vigil investigate --json`. */
export function incidentReport({ incident, alerts, reasoning }: InvestigatedIncident) {
  return {
    id: incident.id,
    title: incident.title,
    severity: incident.severity,
    firstSeen: incident.firstSeen,
    lastSeen: incident.lastSeen,
    techniques: incident.techniques,
    tactics: incident.tactics,
    stages: incident.stages.map((stage) => ({
      tactic: stage.tactic,
      techniques: stage.techniques,
      firstSeen: stage.firstSeen,
      lastSeen: stage.lastSeen,
      alerts: stage.evidence.map((reference) => reference.id),
    })),
    currentStage: reasoning.sequence.currentStage,
    likelyNext: reasoning.sequence.likelyNext.map((next) => next.tactic),
    confidence: reasoning.sequence.confidence,
    impact: reasoning.context.impact,
    entities: incident.entities,
    groupedBy: incident.groupedBy,
    plan: { reasoner: reasoning.plan.reasoner, summary: reasoning.plan.summary, actions: reasoning.plan.actions },
    evidence: alerts.map((alert) => ({
      alertId: alert.id,
      source: alert.source,
      rule: alert.ruleTitle,
      severity: alert.severity,
      timestamp: alert.timestamp,
      techniques: alert.techniques,
      eventIds: alert.eventIds,
      ...(alert.match ? { match: alert.match } : {}),
    })),
  };
}
