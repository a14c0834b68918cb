/**
 * The `Reasoner` extension point. A reasoner fills the three stages for one incident from
 * the evidence Vigil gathered. It never acts: anything that changes the world goes
 * through `respond/`. Implementations: the built-in rule-based reasoner; LLM reasoners later.
 * Outputs are checked by `runReasoning` (schema + evidence), whoever produced them.
 */
import type { Alert, Event, Incident, IndicatorMatchSummary } from './reasoning-input.js';
import type { AttackSequence, IncidentContext, ResponsePlan } from './stage-schemas.js';

export interface ReasoningInput {
  incident: Incident;
  alerts: readonly Alert[];
  /** The incident's events (or a sample of them for very large incidents). */
  events: ReadonlyMap<string, Event>;
  /** Indicator matches on the incident's events. */
  indicatorMatches: readonly IndicatorMatchSummary[];
  /** Criticality of known assets by lower-case host name. */
  assetCriticality?: ReadonlyMap<string, 'low' | 'medium' | 'high' | 'critical'>;
  /** KEV facts by CVE id. */
  knownExploited?: ReadonlyMap<string, { ransomwareUse: boolean }>;
}

export interface Reasoner {
  /** Name written into every artifact (`reasoner` field), e.g. `builtin-rules`. */
  readonly name: string;
  contextualise(input: ReasoningInput): Promise<IncidentContext>;
  correlate(input: ReasoningInput, context: IncidentContext): Promise<AttackSequence>;
  plan(input: ReasoningInput, context: IncidentContext, sequence: AttackSequence): Promise<ResponsePlan>;
}
