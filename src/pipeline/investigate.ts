/**
 * `vigil investigate`: ingest → detect (Sigma + indicators) → correlate (with logon-session and
 * process-tree link facts) → reason (with ATT&CK, retrieval, the technique classifier and
 * multi-observation patterns) → plan. Everything is stored (events once, alerts, incidents with
 * their stage artifacts, attack graph and correlation explanation, proposals) and each incident
 * and plan is written to the audit chain.
 */

import type { Alert, Event } from '../core/index.js';
import { correlateWithExplanations, type LinkFact } from '../correlate/index.js';
import type { InputLimits } from '../guard/index.js';
import { createBuiltinReasoner, incidentDocument, type Reasoner } from '../reason/index.js';
import type { EventDurability, Store } from '../store/index.js';
import { type IngestSummary, ingestIntoStore } from './ingest-into-store.js';
import type { Knowledge } from './load-knowledge.js';
import { prepareReasoningKnowledge, type ReasoningKnowledgeOptions } from './reasoning-knowledge.js';
import { createDetection } from './stages/detection.js';
import { type ReasonedIncident, type ReasoningSetup, reasonAboutIncident } from './stages/reason-about-incident.js';
import { recordInvestigatedIncident } from './stages/record-incident.js';
import { withoutSuppressed } from './stages/stored-knowledge.js';

export interface InvestigationOptions extends ReasoningKnowledgeOptions {
  format?: string;
  /** Quotas of each log input (decompressed volume, archive members, record size). */
  limits?: Partial<InputLimits>;
  reasoner?: Reasoner;
  /** Who the audit entries name. Default `vigil`. */
  actor?: string;
  /** Told how many events each batch held, for progress display. */
  onEvents?: (count: number) => void;
  /** How the events are committed (`replayable` for files that stay where they are); default `synced`. */
  durability?: EventDurability;
  /** Events handed to the reasoner per incident; larger incidents are sampled. Default 5,000. */
  maxReasoningEvents?: number;
  /**
   * Learned benign patterns: returns the id of the suppression an alert matches, if any. Suppressed
   * alerts stay stored (visible) but are not correlated into incidents; counts are in `suppressed`.
   */
  suppressAlert?: (alert: Alert, events: readonly Event[]) => string | undefined;
}

export type InvestigatedIncident = ReasonedIncident;

export interface Investigation {
  ingest: IngestSummary;
  alerts: number;
  incidents: InvestigatedIncident[];
  /** Alerts dropped by each suppression (by suppression id), when `suppressAlert` was given. */
  suppressed?: Record<string, number>;
}

/** The whole pipeline in one process, through the stage functions every deployment runs (`stages/`). */
export async function investigate(
  inputs: string[],
  knowledge: Knowledge,
  store: Store,
  options: InvestigationOptions = {},
): Promise<Investigation> {
  // Prepared first: evidence inference watches the events no rule fires on during ingest.
  const prepared = await prepareReasoningKnowledge(knowledge, store, options);
  const detection = createDetection({ ...knowledge, evidenceModel: await prepared.evidenceModel() });
  const alerts: Alert[] = [];
  const linkFacts: LinkFact[] = [];
  const ingest = await ingestIntoStore(inputs, store, {
    ...(options.format ? { format: options.format } : {}),
    ...(options.limits ? { limits: options.limits } : {}),
    ...(options.durability ? { durability: options.durability } : {}),
    onEvents: (events) => {
      options.onEvents?.(events.length);
      for (const event of events) {
        const detected = detection.process(event);
        if (detected.linkFact) linkFacts.push(detected.linkFact);
        alerts.push(...detected.alerts);
      }
    },
  });
  alerts.push(...detection.flush());
  const uniqueAlerts = [...new Map(alerts.map((alert) => [alert.id, alert])).values()];
  await store.insertAlerts(uniqueAlerts);

  const eventIds = [...new Set(uniqueAlerts.flatMap((alert) => alert.eventIds))];
  const eventsById = new Map<string, Event>((await store.getEvents(eventIds)).map((event) => [event.id, event]));
  const suppressAlert = options.suppressAlert;
  const { kept, suppressed } = withoutSuppressed(
    uniqueAlerts,
    (alert) => alert.eventIds.flatMap((id) => eventsById.get(id) ?? []),
    suppressAlert ?? (() => undefined),
  );
  // Routine evidence (the baseline of what each host and account does through the recording) is context, never an incident.
  const routine = detection.baseline.routine;
  const correlated = correlateWithExplanations(
    kept,
    eventsById,
    routine ? { routine: (alert) => routine(alert, eventsById.get(alert.eventIds[0] ?? '')) !== undefined } : {},
    linkFacts,
  );
  const actor = options.actor ?? 'vigil';
  const alertsById = new Map(uniqueAlerts.map((alert) => [alert.id, alert]));
  const setup: ReasoningSetup = {
    knowledge,
    prepared,
    baseline: detection.baseline,
    reasoner: options.reasoner ?? createBuiltinReasoner(),
    maxReasoningEvents: options.maxReasoningEvents,
    listEvents: (query) => store.listEvents(query),
    getEvents: async (ids) => {
      const missing = ids.filter((id) => !eventsById.has(id));
      const found = missing.length > 0 ? await store.getEvents(missing) : [];
      const byId = new Map(found.map((event) => [event.id, event]));
      return ids.flatMap((id) => eventsById.get(id) ?? byId.get(id) ?? []);
    },
  };
  const investigated: InvestigatedIncident[] = [];
  try {
    for (const { incident, explanation } of correlated) {
      const incidentAlerts = incident.alertIds.map((id) => alertsById.get(id)!);
      const previous = await store.getIncident(incident.id);
      const reasoned = await reasonAboutIncident(setup, { incident, alerts: incidentAlerts, explanation });
      await recordInvestigatedIncident(store, reasoned, { actor, previous });
      investigated.push(reasoned);
    }
    // This run's incidents become past incidents for the next one (when the index outlives the run).
    await prepared.retrieval.indexDocuments(
      investigated.map(({ incident, alerts: incidentAlerts, reasoning }) =>
        incidentDocument({
          incident,
          alerts: incidentAlerts,
          summaries: [reasoning.plan.summary, ...reasoning.sequence.steps.map((step) => step.summary)],
        }),
      ),
    );
  } finally {
    await prepared.release();
  }
  return {
    ingest,
    alerts: uniqueAlerts.length,
    incidents: investigated,
    ...(suppressAlert ? { suppressed: Object.fromEntries(suppressed) } : {}),
  };
}

/** The stable JSON shape of one incident in `vigil investigate --json` (fields are only ever added). */
export function incidentReport({
  incident,
  alerts,
  reasoning,
  graph,
  explanation,
  knowledgeReuse,
}: InvestigatedIncident) {
  const sequence = reasoning.sequence;
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
    currentStage: sequence.currentStage,
    likelyNext: sequence.likelyNext.map((next) => next.tactic),
    confidence: sequence.confidence,
    impact: reasoning.context.impact,
    /** Who the matched threat intelligence attributes the incident to (its source's claim, not Vigil's finding). */
    attribution: reasoning.context.attribution ?? [],
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
    sequence: {
      steps: sequence.steps.map((step) => ({
        tactic: step.tactic,
        techniques: step.techniques,
        ...(step.techniqueNames ? { techniqueNames: step.techniqueNames } : {}),
        confidence: step.confidence,
        firstSeen: step.firstSeen,
        lastSeen: step.lastSeen,
      })),
      ...(sequence.firstSeen ? { firstSeen: sequence.firstSeen, lastSeen: sequence.lastSeen } : {}),
      likelyNext: sequence.likelyNext,
      confidenceReasons: sequence.confidenceReasons,
      techniques: sequence.techniques ?? [],
      related: sequence.related ?? [],
      classifierSignals: sequence.classifierSignals ?? [],
      patternMatches: sequence.patternMatches ?? [],
      eventsConsidered: sequence.eventsConsidered,
    },
    knowledgeReuse,
    correlation: explanation,
    attackGraph: graph,
  };
}
