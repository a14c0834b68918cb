/**
 * Compiled Sigma rules: what `loadRules` returns and the detector runs. Every rule keeps the file
 * it came from and notes about how it was compiled; matching is a closure built once.
 */
import type { Severity } from '../../core/index.js';
import type { EventPredicate } from './detection-item.js';
import type { SigmaLogSource } from './rule-document-schema.js';
import type { RuleRequirement } from './rule-requirement.js';

export type { SigmaLogSource };

interface RuleHeader {
  /** The rule's `id`, or a stable id made from its file and title when it has none. */
  readonly id: string;
  readonly name: string | undefined;
  readonly title: string;
  readonly status: string | undefined;
  readonly description: string | undefined;
  readonly level: Severity;
  readonly tags: readonly string[];
  readonly file: string;
}

/** A detection rule compiled to a predicate over one event. */
export interface SigmaRule extends RuleHeader {
  readonly kind: 'detection';
  readonly logsource: SigmaLogSource;
  readonly falsepositives: readonly string[];
  readonly fields: readonly string[];
  readonly match: EventPredicate;
  readonly notes: readonly string[];
  /** The rule's document as parsed from its file, for readers of its selections (evidence inference). */
  readonly document: () => unknown;
  /** The same document as JSON text, when the loader holds it so (the rule cache): `document()` is its parse. */
  readonly documentText?: () => string;
  /**
   * What an event must hold for `match` to be true (rule-requirement.ts), derived from the
   * detection `match` was compiled from; absent (a rule made in code) means no prefilter.
   */
  readonly requirement?: () => RuleRequirement;
}

export type CorrelationType =
  | 'event_count'
  | 'value_count'
  | 'value_sum'
  | 'value_avg'
  | 'value_percentile'
  | 'temporal'
  | 'temporal_ordered';

export interface CorrelationCondition {
  readonly operator: 'gt' | 'gte' | 'lt' | 'lte' | 'eq' | 'neq';
  readonly value: number;
  /** For value_*: the field whose distinct values are counted, or whose numbers are summed, averaged or ranked. */
  readonly field: string | undefined;
  /** For value_percentile: the percentile (0-100, nearest rank) compared with the operator. */
  readonly percentile?: number;
}

/** A Sigma correlation rule over the matches of other rules, evaluated with bounded state. */
export interface SigmaCorrelationRule extends RuleHeader {
  readonly kind: 'correlation';
  readonly type: CorrelationType;
  /** Referenced rules, by id or name as written. */
  readonly rules: readonly string[];
  readonly groupBy: readonly string[];
  readonly timespanMs: number;
  readonly condition: CorrelationCondition;
  /** Per alias, the field to read in each referenced rule's events. */
  readonly aliases: Readonly<Record<string, Readonly<Record<string, string>>>>;
  /** Whether the referenced rules still raise their own alerts. */
  readonly generate: boolean;
}

/** A Sigma filter: a predicate that must also hold for the named rules to match. */
export interface SigmaFilter extends RuleHeader {
  readonly kind: 'filter';
  readonly rules: readonly string[];
  readonly logsource: SigmaLogSource | undefined;
  readonly match: EventPredicate;
}
