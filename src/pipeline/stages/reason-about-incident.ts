/**
 * Stages "reason" and "plan" for one incident, the same in every deployment (`investigate`,
 * `vigil serve`, the reason worker): its events (a sample for very large incidents, plus the
 * logon and process-creation events that linked it), the indicator hits on them, multi-observation
 * patterns, retrieval, the technique classifier and ATT&CK, KEV and asset knowledge go into one
 * `ReasoningInput` (`reasoningInputFor`: the one place a new reasoning input is added); then the
 * reasoner's three stages, the attack graph (the one builder) and the knowledge-reuse count.
 */
import type {
  Alert,
  AttackGraph,
  CorrelationExplanation,
  Event,
  Incident,
  IndicatorHit,
  RetrievalCitation,
} from '../../core/index.js';
import { buildAttackGraph, matchIncidentPatterns } from '../../correlate/index.js';
import {
  attributedActors,
  countKnowledgeReuse,
  type HostBaseline,
  inferEvidence,
  type KnowledgeReuse,
  type Reasoner,
  type ReasoningInput,
  type ReasoningResult,
  reportedIncident,
  retrieveForIncident,
  runReasoning,
} from '../../reason/index.js';
import type { EventQuery, RetrievalHit } from '../../store/index.js';
import type { Knowledge } from '../load-knowledge.js';
import type { ReasoningKnowledge } from '../reasoning-knowledge.js';
import { matchIntel } from './detection.js';
import { logonContext } from './logon-context.js';

export interface ReasoningSetup {
  knowledge: Knowledge;
  prepared: ReasoningKnowledge;
  /** The reasoner, with the stored track records applied. */
  reasoner: Reasoner;
  /** Events handed to the reasoner per incident; larger incidents are sampled. Default 5,000. */
  maxReasoningEvents?: number | undefined;
  /** Rarity against each host's own history (what detection has seen), when the deployment keeps it. */
  baseline?: HostBaseline | undefined;
  /** Reads events by id (the store, or what a run already holds in memory). */
  getEvents(ids: readonly string[]): Promise<Event[]>;
  /** Reads events by host and time (the store): the logons behind the incident's sessions come from it. */
  listEvents?: ((query: EventQuery) => Promise<Event[]>) | undefined;
}

export interface CorrelatedIncidentInput {
  incident: Incident;
  alerts: Alert[];
  explanation: CorrelationExplanation;
}

export interface ReasonedIncident extends CorrelatedIncidentInput {
  reasoning: ReasoningResult;
  /**
   * The incident as reasoning reports it: the attack's techniques, tactics and stages (the attack
   * sequence's), not every alert tag. The stored incident stays as correlated; the sequence
   * artifact carries the assessment of every technique.
   */
  reported: Incident;
  graph: AttackGraph;
  indicatorHits: IndicatorHit[];
  citations: RetrievalCitation[];
  knowledgeReuse: KnowledgeReuse;
}

/** The alerts' own events first (one per alert, then the rest), up to `limit` ids. */
function sampleEventIds(alerts: readonly Alert[], limit: number): string[] {
  const chosen = new Set<string>();
  for (const alert of alerts) if (alert.eventIds[0] && chosen.size < limit) chosen.add(alert.eventIds[0]);
  for (const alert of alerts) for (const id of alert.eventIds) if (chosen.size < limit) chosen.add(id);
  return [...chosen];
}

const citationOf = (hit: RetrievalHit): RetrievalCitation => ({
  id: hit.id,
  kind: hit.kind,
  source: hit.source,
  title: hit.title,
  techniques: hit.techniques,
  ...(hit.verdict ? { verdict: hit.verdict } : {}),
  score: hit.score,
});

/** Everything reasoning reads about one incident. Add a new reasoning input here, for every deployment at once. */
export async function reasoningInputFor(
  setup: ReasoningSetup,
  { incident, alerts, explanation }: CorrelatedIncidentInput,
): Promise<{ input: ReasoningInput; indicatorHits: IndicatorHit[]; retrieved: RetrievalHit[] }> {
  const { knowledge, prepared } = setup;
  const sampled = sampleEventIds(alerts, setup.maxReasoningEvents ?? 5_000);
  const events = new Map<string, Event>();
  for (const event of await setup.getEvents(sampled)) events.set(event.id, event);
  const ordered = new Map<string, Event>();
  for (const id of sampled) {
    const event = events.get(id);
    if (event) ordered.set(id, event);
  }
  // Indicator hits on the alerts' own events (the linking events below are context).
  const indicatorHits = matchIntel(knowledge.indicators, ordered.values());
  // The logon and process-creation events that linked parts of the incident are evidence too.
  const linkEventIds = explanation.merges.flatMap((merge) => (merge.eventId ? [merge.eventId] : []));
  for (const event of await setup.getEvents(linkEventIds.filter((id) => !ordered.has(id))))
    ordered.set(event.id, event);
  // ...and so are the logons that opened its sessions or came from its other hosts
  if (setup.listEvents) for (const event of await logonContext(setup.listEvents, ordered)) ordered.set(event.id, event);
  const eventCount = new Set(alerts.flatMap((alert) => alert.eventIds)).size;
  const retrieved = await retrieveForIncident(prepared.retrieval, incident, alerts);
  const evidenceModel = await prepared.evidenceModel();
  const patternMatches = matchIncidentPatterns(prepared.patterns, [...ordered.values()]);
  // Who the matched intelligence names behind the incident, and what ATT&CK says they use.
  const actors = attributedActors(
    indicatorHits,
    patternMatches,
    (id) => knowledge.indicators.indicator(id),
    knowledge.attack,
  );
  const input: ReasoningInput = {
    incident,
    alerts,
    events: ordered,
    indicatorMatches: indicatorHits,
    ...(actors.length > 0 ? { actors } : {}),
    ...(knowledge.assets ? { assetCriticality: knowledge.assets } : {}),
    knownExploited: knowledge.knownExploited,
    ...(knowledge.attack ? { attack: knowledge.attack } : {}),
    retrieved,
    ...(prepared.classifier ? { classifier: prepared.classifier } : {}),
    patternMatches,
    // Candidate techniques from the behaviour in the incident's events (bounded, cached by text).
    ...(evidenceModel
      ? {
          evidenceInferences: inferEvidence(evidenceModel, ordered.values(), {
            cache: prepared.inferenceCache,
          }),
        }
      : {}),
    ...(setup.baseline ? { baseline: setup.baseline } : {}),
    eventCount: Math.max(eventCount, ordered.size),
  };
  return { input, indicatorHits, retrieved };
}

export async function reasonAboutIncident(
  setup: ReasoningSetup,
  correlated: CorrelatedIncidentInput,
): Promise<ReasonedIncident> {
  const { input, indicatorHits, retrieved } = await reasoningInputFor(setup, correlated);
  const reasoning = await runReasoning(setup.reasoner, input);
  const graph = buildAttackGraph(correlated.incident.id, input.events.values(), { alerts: correlated.alerts });
  return {
    ...correlated,
    reasoning,
    reported: reportedIncident(correlated.incident, reasoning.sequence),
    graph,
    indicatorHits,
    citations: retrieved.map(citationOf),
    knowledgeReuse: countKnowledgeReuse(reasoning, correlated.incident.id),
  };
}
