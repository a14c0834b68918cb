/**
 * `vigil investigate`: ingest → detect (Sigma + indicators) → correlate (with logon-session and
 * process-tree link facts) → reason (with ATT&CK, retrieval, the technique classifier and
 * multi-observation patterns) → plan. Everything is stored (events once, alerts, incidents with
 * their stage artifacts, attack graph and correlation explanation, proposals) and each incident
 * and plan is written to the audit chain.
 */
import type { ActionProposal, Alert, Event, Incident } from '../core/index.js';
import {
  type AttackGraph,
  buildAttackGraph,
  type CorrelationExplanation,
  correlateWithExplanations,
  type LinkFact,
  linkFactOf,
  matchIncidentPatterns,
} from '../correlate/index.js';
import { createDetector } from '../detect/index.js';
import { matchesToAlert } from '../intel/index.js';
import {
  countKnowledgeReuse,
  createBuiltinReasoner,
  HostHistory,
  type IndicatorMatchSummary,
  incidentDocument,
  inferEvidence,
  inferenceAlerts,
  type KnowledgeReuse,
  type Reasoner,
  type ReasoningResult,
  reportedIncident,
  retrieveForIncident,
  runReasoning,
  UncoveredBehaviour,
} from '../reason/index.js';
import type { Store } from '../store/index.js';
import { type IngestSummary, ingestIntoStore } from './ingest-into-store.js';
import type { Knowledge } from './load-knowledge.js';
import { prepareReasoningKnowledge, type ReasoningKnowledgeOptions } from './reasoning-knowledge.js';

export interface InvestigationOptions extends ReasoningKnowledgeOptions {
  format?: string;
  reasoner?: Reasoner;
  /** Who the audit entries name. Default `vigil`. */
  actor?: string;
  /** Told how many events each batch held, for progress display. */
  onEvents?: (count: number) => void;
  /** Events handed to the reasoner per incident; larger incidents are sampled. Default 5,000. */
  maxReasoningEvents?: number;
  /**
   * Learned benign patterns: returns the id of the suppression an alert matches, if any. Suppressed
   * alerts stay stored (visible) but are not correlated into incidents; counts are in `suppressed`.
   */
  suppressAlert?: (alert: Alert, events: readonly Event[]) => string | undefined;
}

export interface InvestigatedIncident {
  incident: Incident;
  alerts: Alert[];
  reasoning: ReasoningResult;
  graph: AttackGraph;
  explanation: CorrelationExplanation;
  knowledgeReuse: KnowledgeReuse;
}

export interface Investigation {
  ingest: IngestSummary;
  alerts: number;
  incidents: InvestigatedIncident[];
  /** Alerts dropped by each suppression (by suppression id), when `suppressAlert` was given. */
  suppressed?: Record<string, number>;
}

/** The alerts' own events first (one per alert, then the rest), up to `limit`. */
function sampleEvents(alerts: readonly Alert[], eventsById: ReadonlyMap<string, Event>, limit: number) {
  const chosen = new Map<string, Event>();
  const take = (id: string) => {
    const event = eventsById.get(id);
    if (event && chosen.size < limit) chosen.set(id, event);
  };
  for (const alert of alerts) if (alert.eventIds[0]) take(alert.eventIds[0]);
  for (const alert of alerts) for (const id of alert.eventIds) if (chosen.size < limit) take(id);
  return chosen;
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
  const linkFacts: LinkFact[] = [];
  // Rarity against each host's own history, and behaviour no rule fired on (bounded memory).
  const history = new HostHistory();
  const uncovered = new UncoveredBehaviour();
  const ingest = await ingestIntoStore(inputs, store, {
    ...(options.format ? { format: options.format } : {}),
    onEvents: (events) => {
      options.onEvents?.(events.length);
      for (const event of events) {
        const fact = linkFactOf(event);
        if (fact) linkFacts.push(fact);
        const fired = detector.process(event);
        history.observeEvent(event.host?.name, event.timestamp);
        for (const alert of fired) history.observeAlert(event.host?.name, alert.ruleId, alert.timestamp);
        uncovered.observe(event, fired.length > 0);
        alerts.push(...fired);
        const found = knowledge.indicators.size > 0 ? knowledge.indicators.match(event) : [];
        if (found.length > 0) {
          alerts.push(matchesToAlert(event, found, knowledge.attack));
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
  const prepared = await prepareReasoningKnowledge(knowledge, store, options);
  // Rare behaviour no rule named, when evidence inference is confident about it (bounded budget).
  if (prepared.evidenceModel)
    alerts.push(
      ...inferenceAlerts(prepared.evidenceModel, uncovered, knowledge.attack ? { attack: knowledge.attack } : {}),
    );
  const uniqueAlerts = [...new Map(alerts.map((alert) => [alert.id, alert])).values()];
  await store.insertAlerts(uniqueAlerts);

  const eventIds = [...new Set(uniqueAlerts.flatMap((alert) => alert.eventIds))];
  const eventsById = new Map<string, Event>((await store.getEvents(eventIds)).map((event) => [event.id, event]));
  const suppressed = new Map<string, number>();
  const suppressAlert = options.suppressAlert;
  const keptAlerts = suppressAlert
    ? uniqueAlerts.filter((alert) => {
        const by = suppressAlert(
          alert,
          alert.eventIds.flatMap((id) => eventsById.get(id) ?? []),
        );
        if (by) suppressed.set(by, (suppressed.get(by) ?? 0) + 1);
        return by === undefined;
      })
    : uniqueAlerts;
  const correlated = correlateWithExplanations(keptAlerts, eventsById, {}, linkFacts);
  const reasoner = options.reasoner ?? createBuiltinReasoner();
  const actor = options.actor ?? 'vigil';
  const alertsById = new Map(uniqueAlerts.map((alert) => [alert.id, alert]));
  const inferenceCache = new Map();
  const investigated: InvestigatedIncident[] = [];
  try {
    for (const { incident: found, explanation } of correlated) {
      const incidentAlerts = found.alertIds.map((id) => alertsById.get(id)!);
      const events = sampleEvents(incidentAlerts, eventsById, options.maxReasoningEvents ?? 5_000);
      const eventCount = new Set(incidentAlerts.flatMap((alert) => alert.eventIds)).size;
      // The logon and process-creation events that linked parts of the incident are evidence too.
      const linkEventIds = explanation.merges.flatMap((merge) => (merge.eventId ? [merge.eventId] : []));
      for (const event of await store.getEvents(linkEventIds.filter((id) => !events.has(id))))
        events.set(event.id, event);
      const incidentEventIds = new Set(incidentAlerts.flatMap((alert) => alert.eventIds));
      const patternMatches = matchIncidentPatterns(prepared.patterns, [...events.values()]);
      const retrieved = await retrieveForIncident(prepared.retrieval, found, incidentAlerts);
      const evidenceInferences = prepared.evidenceModel
        ? inferEvidence(prepared.evidenceModel, events.values(), { cache: inferenceCache })
        : [];
      const reasoning = await runReasoning(reasoner, {
        incident: found,
        alerts: incidentAlerts,
        events,
        indicatorMatches: matches.filter((match) => incidentEventIds.has(match.eventId)),
        ...(knowledge.assets ? { assetCriticality: knowledge.assets } : {}),
        knownExploited: knowledge.knownExploited,
        ...(knowledge.attack ? { attack: knowledge.attack } : {}),
        retrieved,
        ...(prepared.classifier ? { classifier: prepared.classifier } : {}),
        patternMatches,
        evidenceInferences,
        baseline: history,
        eventCount: Math.max(eventCount, events.size),
      });
      // The incident reports the attack's techniques (the sequence's), not every alert tag.
      const incident = reportedIncident(found, reasoning.sequence);
      const graph = buildAttackGraph(incident.id, events.values(), {
        eventNodes: new Set(incidentAlerts.map((alert) => alert.eventIds[0]!).slice(0, 200)),
      });
      const knowledgeReuse = countKnowledgeReuse(reasoning, incident.id);
      const existed = (await store.getIncident(incident.id)) !== undefined;
      await store.saveIncident(incident, {
        context: reasoning.context,
        sequence: reasoning.sequence,
        plan: reasoning.plan,
        graph,
        correlation: explanation,
        knowledgeReuse,
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
      investigated.push({ incident, alerts: incidentAlerts, reasoning, graph, explanation, knowledgeReuse });
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
