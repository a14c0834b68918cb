/**
 * Stage "detect" and "match intel": what runs on every event, in every deployment
 * (`investigate`, `vigil serve`, the detect worker). The detector-like components are listed
 * in `detectionComponents`, the one place a new one (behaviour analytics, …) is added; each sees
 * every event in time order and may hold state (windows), flushed at the end of a batch run.
 * Beside them, every event updates each host's history (rarity of a rule on its host), the
 * routine-evidence baseline (the same evidence firing a rule through the recording), declared
 * administration (an identity of the asset inventory doing its work: `declared-identities.ts`), the
 * destinations most hosts poll alike (shared infrastructure, `SharedDestinations`) and, when
 * an evidence model is given, the behaviour no rule covered (`coversBehaviour`: a weak rule alone
 * does not): the first time a host shows such
 * behaviour, evidence inference classifies it (at most `inferenceBudget` times per detection),
 * and a confident inference becomes an inference alert, in every deployment alike.
 */
import type { Alert, Asset, Event, Identity, IndicatorHit } from '../../core/index.js';
import { isWeakAlert, type LinkFact, linkFactOf } from '../../correlate/index.js';
import {
  type AttackCatalog,
  createBehaviourAnalytics,
  createDetector,
  type RuleSet,
  runAnalytics,
  SharedDestinations,
} from '../../detect/index.js';
import { type IndicatorIndex, type IndicatorMatch, matchesToAlert } from '../../intel/index.js';
import {
  coversBehaviour,
  DeclaredIdentities,
  type EvidenceModel,
  type HostBaseline,
  HostHistory,
  inferenceAlert,
  RoutineEvidence,
  UncoveredBehaviour,
} from '../../reason/index.js';

export interface DetectionKnowledge {
  rules: RuleSet;
  indicators: IndicatorIndex;
  attack?: AttackCatalog | undefined;
  /** Evidence inference for behaviour no rule fired on. */
  evidenceModel?: EvidenceModel | undefined;
  /** Who the administrators and service accounts are (the asset inventory's identities). */
  identities?: readonly Identity[] | undefined;
  /** The inventory's hosts and roles (identities may administer hosts by role). */
  inventory?: readonly Asset[] | undefined;
  /**
   * How far (event time, ms) behind the newest event a Sigma correlation rule's match may arrive
   * and still be judged in time order; later ones are counted as late. Default 0: matches are
   * judged as they arrive, which is time order for a file read in order. Every deployment reads
   * the same setting (`--correlation-lateness`). A larger value holds a window's last matches
   * until an event that much newer arrives, or the run ends.
   */
  correlationLatenessMs?: number | undefined;
}

/** A detector-like component: events in, alerts out. */
export interface DetectionComponent {
  name: string;
  process(event: Event): Alert[];
  /** Alerts held until the end (open correlation windows); called once when a batch run ends. */
  flush(): Alert[];
}

/**
 * Every detector-like component, in the order they see an event. Add new ones here.
 * `sharedDestinations` receives the beaconing analytic's record of who polls each destination.
 */
export function detectionComponents(
  knowledge: DetectionKnowledge,
  sharedDestinations?: SharedDestinations,
): DetectionComponent[] {
  const sigma = createDetector(knowledge.rules, {
    ...(knowledge.attack ? { attack: knowledge.attack } : {}),
    ...(knowledge.correlationLatenessMs ? { correlation: { allowedLatenessMs: knowledge.correlationLatenessMs } } : {}),
  });
  const analytics = runAnalytics(createBehaviourAnalytics({ attack: knowledge.attack, sharedDestinations }));
  return [
    { name: 'sigma', process: (event) => sigma.process(event), flush: () => sigma.flush() },
    // Behaviour analytics (beaconing, DNS tunnels, spraying, lateral movement, first-seen…), bounded state.
    { name: 'analytics', process: (event) => analytics.process(event), flush: () => analytics.flush() },
    {
      name: 'threat-intel',
      process: (event) => {
        const found = matchIndicators(knowledge.indicators, event);
        return found.length > 0 ? [matchesToAlert(event, found, knowledge.attack)] : [];
      },
      flush: () => [],
    },
  ];
}

export interface DetectionOutput {
  alerts: Alert[];
  /** How the event links entities (logon session, process tree), for correlation. */
  linkFact: LinkFact | undefined;
}

export interface Detection {
  process(event: Event): DetectionOutput;
  flush(): Alert[];
  /** Rarity against each host's own history, as this detection has seen it (bounded). */
  readonly baseline: HostBaseline;
}

/** Classifications of uncovered behaviour per detection: the bound on what inference adds to ingest. */
export const inferenceBudget = 5_000;

export function createDetection(knowledge: DetectionKnowledge): Detection {
  // A beacon to a destination most hosts poll alike is the environment's infrastructure: context.
  const infrastructure = new SharedDestinations();
  const components = detectionComponents(knowledge, infrastructure);
  const history = new HostHistory();
  const routine = new RoutineEvidence();
  // Declared administration (asset inventory identities): judged when a detection fires.
  const declared =
    knowledge.identities && knowledge.identities.length > 0
      ? new DeclaredIdentities(knowledge.identities, knowledge.inventory ?? [])
      : undefined;
  const model = knowledge.evidenceModel;
  const uncovered = model ? new UncoveredBehaviour() : undefined;
  const attack = knowledge.attack ? { attack: knowledge.attack } : {};
  let classified = 0;
  return {
    process: (event) => {
      const alerts = components.flatMap((component) => component.process(event));
      history.observeEvent(event.host?.name, event.timestamp);
      for (const alert of alerts) history.observeAlert(event.host?.name, alert.ruleId, alert.timestamp);
      routine.observeEvent(event);
      declared?.observeEvent(event);
      if (model && uncovered) {
        for (const sighting of uncovered.observe(event, coversBehaviour(alerts))) {
          if (classified >= inferenceBudget) break;
          classified += 1;
          const inferred = inferenceAlert(model, sighting, {
            ...attack,
            weakAlerts: alerts.filter((alert) => isWeakAlert(alert) && alert.eventIds.includes(event.id)),
          });
          if (inferred && !alerts.some((known) => known.ruleId === inferred.ruleId)) alerts.push(inferred);
        }
      }
      // Single-event detections on this event: the evidence whose repetition makes it routine.
      for (const alert of alerts)
        if (alert.eventIds[0] === event.id) {
          routine.observeAlert(alert, event);
          declared?.observeAlert(alert, event);
        }
      return { alerts, linkFact: linkFactOf(event) };
    },
    flush: () => components.flatMap((component) => component.flush()),
    baseline: {
      isCommon: (host, ruleId) => history.isCommon(host, ruleId),
      // Routine for the host or account (learned), declared administration (the inventory's word),
      // or a channel to shared infrastructure (learned across the hosts).
      routine: (alert, event) =>
        routine.routine(alert, event) ??
        declared?.administration(alert) ??
        (alert.source === 'analytic' ? infrastructure.verdict(alert.id) : undefined),
      ...(uncovered ? { recurring: (event: Event, text: string) => uncovered.recurring(event, text) } : {}),
    },
  };
}

function matchIndicators(indicators: IndicatorIndex, event: Event): IndicatorMatch[] {
  return indicators.size > 0 ? indicators.match(event) : [];
}

/** Stage "match intel" for reasoning: the indicator hits on an incident's events. */
export function matchIntel(indicators: IndicatorIndex, events: Iterable<Event>): IndicatorHit[] {
  const hits: IndicatorHit[] = [];
  for (const event of events) {
    for (const match of matchIndicators(indicators, event)) {
      hits.push({
        eventId: event.id,
        indicatorId: match.indicator.id,
        source: match.indicator.source,
        confidence: match.indicator.confidence,
        ...(match.indicator.type ? { type: match.indicator.type } : {}),
        field: match.field,
        value: match.value,
      });
    }
  }
  return hits;
}
