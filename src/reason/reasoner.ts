/**
 * The `Reasoner` extension point. A reasoner fills the three stages for one incident from
 * the evidence Vigil gathered. It never acts: anything that changes the world goes
 * through `respond/`. Implementations: the built-in rule-based reasoner; LLM reasoners later.
 * Outputs are checked by `runReasoning` (schema + evidence), whoever produced them.
 */

import type { AttackSequence, IncidentContext, ResponsePlan } from '../core/index.js';
import type { AttackCatalog } from '../detect/index.js';
import type { RetrievalHit } from '../store/index.js';
import type { TechniqueClassifier } from './classifier/technique-classifier.js';
import type { EvidenceInference } from './inference/infer-evidence.js';
import type { AttributedActor } from './knowledge/attributed-actors.js';
import type { Alert, Event, Incident, IndicatorMatchSummary, PatternMatchSummary } from './reasoning-input.js';

/** What reasoning needs of ATT&CK: names and tactics of techniques, revoked ids resolved. */
export type AttackKnowledge = Pick<AttackCatalog, 'technique' | 'resolve' | 'coreTacticsOf'> &
  Partial<Pick<AttackCatalog, 'dataComponentSources'>>;

/** What a host's own history says about how common a detection is there. */
export interface HostBaseline {
  /** Whether the rule fires on the host through most of the history Vigil has of it. */
  isCommon(host: string, ruleId: string): boolean;
  /** Why the alert's evidence (its trigger event) is routine for its host or account (`routine-evidence.ts`), if it is. */
  routine?(alert: Alert, event: Event | undefined): string | undefined;
  /** Why a behaviour text of the event recurs through its host's record (`UncoveredBehaviour.recurring`), if it does. */
  recurring?(event: Event, text: string): string | undefined;
}

/** A past incident or CTI document found by retrieval; citable as `incident` or `document` evidence. */
export type RetrievedItem = RetrievalHit;

export interface ReasoningInput {
  incident: Incident;
  alerts: readonly Alert[];
  /** The incident's events (or a sample of them for very large incidents). */
  events: ReadonlyMap<string, Event>;
  /** Indicator matches on the incident's events. */
  indicatorMatches: readonly IndicatorMatchSummary[];
  /** Actors, malware, tools and campaigns the matched indicators are attributed to, with their known techniques. */
  actors?: readonly AttributedActor[];
  /** Criticality of known assets by lower-case host name. */
  assetCriticality?: ReadonlyMap<string, 'low' | 'medium' | 'high' | 'critical'>;
  /** KEV facts by CVE id. */
  knownExploited?: ReadonlyMap<string, { ransomwareUse: boolean }>;
  /** ATT&CK catalog: technique names, tactics, revoked → replacement, unknown ids flagged. */
  attack?: AttackKnowledge;
  /** What retrieval found for this incident, gathered before reasoning so citations can be checked. */
  retrieved?: readonly RetrievedItem[];
  /** Learned technique classifier over event text: a corroborating signal, never the only evidence. */
  classifier?: TechniqueClassifier;
  /** Candidate techniques inferred from the behaviour in the incident's events, with calibrated confidence and reasons. */
  evidenceInferences?: readonly EvidenceInference[];
  /** Rarity against each host's own history. */
  baseline?: HostBaseline;
  /** Multi-observation STIX patterns matched across the incident's events. */
  patternMatches?: readonly PatternMatchSummary[];
  /** Events the incident has in all, when `events` holds a sample. */
  eventCount?: number;
}

export interface Reasoner {
  /** Name written into every artifact (`reasoner` field), e.g. `builtin-rules`. */
  readonly name: string;
  contextualise(input: ReasoningInput): Promise<IncidentContext>;
  correlate(input: ReasoningInput, context: IncidentContext): Promise<AttackSequence>;
  plan(input: ReasoningInput, context: IncidentContext, sequence: AttackSequence): Promise<ResponsePlan>;
}
