/**
 * Evaluates Sigma correlation rules over the stream of base-rule matches, in event time.
 * State is bounded: at most `maxGroups` groups per correlation (least recently touched dropped)
 * and `maxEntriesPerGroup` matches per group (oldest dropped).
 *
 * `gt`/`gte` conditions fire as soon as the sliding window satisfies them, then the group starts
 * afresh. `lt`/`lte`/`eq`/`neq` can only be judged once a window is over: the window opens at a
 * group's first match and is judged when a later match falls outside it, or at `flush()`.
 */
import type { EventView } from '../sigma/event-view.js';
import type { CorrelationCondition, SigmaCorrelationRule, SigmaRule } from '../sigma/sigma-rule.js';

export interface CorrelationOptions {
  maxGroups?: number;
  maxEntriesPerGroup?: number;
}

/** A correlation that fired, with the matches that made it fire. */
export interface CorrelationFiring {
  readonly correlation: SigmaCorrelationRule;
  readonly eventIds: readonly string[];
  readonly timestamp: string;
}

interface Entry {
  readonly time: number;
  readonly timestamp: string;
  readonly eventId: string;
  readonly ruleIndex: number;
  readonly value: string | undefined;
}

interface Group {
  entries: Entry[];
}

const closingOperators = new Set<CorrelationCondition['operator']>(['lt', 'lte', 'eq', 'neq']);
/** Types that aggregate a numeric field; events whose field is not a number are not counted. */
const numericTypes = new Set<SigmaCorrelationRule['type']>(['value_sum', 'value_avg', 'value_percentile']);

export class CorrelationEngine {
  readonly #correlations: readonly SigmaCorrelationRule[];
  readonly #groups = new Map<SigmaCorrelationRule, Map<string, Group>>();
  readonly #maxGroups: number;
  readonly #maxEntries: number;

  constructor(correlations: readonly SigmaCorrelationRule[], options: CorrelationOptions = {}) {
    this.#correlations = correlations;
    this.#maxGroups = options.maxGroups ?? 10_000;
    this.#maxEntries = options.maxEntriesPerGroup ?? 1_000;
    for (const correlation of correlations) this.#groups.set(correlation, new Map());
  }

  /** The correlations that reference this rule (by id or name). */
  referencing(rule: SigmaRule): SigmaCorrelationRule[] {
    return this.#correlations.filter((correlation) => referenceIndex(correlation, rule) !== -1);
  }

  observe(correlation: SigmaCorrelationRule, rule: SigmaRule, view: EventView): CorrelationFiring[] {
    const ruleIndex = referenceIndex(correlation, rule);
    if (ruleIndex === -1) return [];
    const event = view.event;
    const time = Date.parse(event.timestamp);
    const groupKey = JSON.stringify(
      correlation.groupBy.map((field) => view.texts(aliasedField(correlation, field, rule))[0] ?? ''),
    );
    const valueField = correlation.condition.field;
    const value = valueField === undefined ? undefined : view.texts(aliasedField(correlation, valueField, rule))[0];
    if (correlation.type === 'value_count' && value === undefined) return [];
    if (numericTypes.has(correlation.type) && (value === undefined || !Number.isFinite(Number(value)) || value === ''))
      return [];
    const groups = this.#groups.get(correlation) as Map<string, Group>;
    let group = groups.get(groupKey);
    if (group === undefined) {
      group = { entries: [] };
      if (groups.size >= this.#maxGroups) groups.delete(groups.keys().next().value as string);
    } else groups.delete(groupKey);
    groups.set(groupKey, group);
    const entry: Entry = { time, timestamp: event.timestamp, eventId: event.id, ruleIndex, value };
    const firings: CorrelationFiring[] = [];
    if (closingOperators.has(correlation.condition.operator)) {
      const start = group.entries[0]?.time;
      if (start !== undefined && time - start > correlation.timespanMs) {
        const firing = judge(correlation, group.entries);
        if (firing) firings.push(firing);
        group.entries = [];
      }
      pushBounded(group.entries, entry, this.#maxEntries);
      return firings;
    }
    pushBounded(group.entries, entry, this.#maxEntries);
    group.entries = group.entries.filter((item) => time - item.time <= correlation.timespanMs && item.time <= time);
    const firing = judge(correlation, group.entries);
    if (firing) {
      firings.push(firing);
      group.entries = [];
    }
    return firings;
  }

  /** Judges every open window whose condition needs the window to be over; clears all state. */
  flush(): CorrelationFiring[] {
    const firings: CorrelationFiring[] = [];
    for (const [correlation, groups] of this.#groups) {
      if (closingOperators.has(correlation.condition.operator)) {
        for (const group of groups.values()) {
          const firing = judge(correlation, group.entries);
          if (firing) firings.push(firing);
        }
      }
      groups.clear();
    }
    return firings;
  }
}

function referenceIndex(correlation: SigmaCorrelationRule, rule: SigmaRule): number {
  return correlation.rules.findIndex(
    (reference) => reference === rule.id || (rule.name !== undefined && reference === rule.name),
  );
}

function aliasedField(correlation: SigmaCorrelationRule, field: string, rule: SigmaRule): string {
  const alias = correlation.aliases[field];
  if (alias === undefined) return field;
  return alias[rule.name ?? ''] ?? alias[rule.id] ?? field;
}

function pushBounded(entries: Entry[], entry: Entry, max: number): void {
  entries.push(entry);
  if (entries.length > max) entries.splice(0, entries.length - max);
}

function measure(correlation: SigmaCorrelationRule, entries: readonly Entry[]): number {
  switch (correlation.type) {
    case 'event_count':
      return entries.length;
    case 'value_count':
      return new Set(entries.map((entry) => entry.value)).size;
    case 'value_sum':
      return numbers(entries).reduce((sum, number) => sum + number, 0);
    case 'value_avg': {
      const values = numbers(entries);
      return values.reduce((sum, number) => sum + number, 0) / values.length;
    }
    case 'value_percentile':
      return nearestRank(numbers(entries), correlation.condition.percentile ?? 50);
    case 'temporal':
      return new Set(entries.map((entry) => entry.ruleIndex)).size;
    case 'temporal_ordered':
      return orderedPrefixLength(entries, correlation.rules.length);
  }
}

function numbers(entries: readonly Entry[]): number[] {
  return entries.map((entry) => Number(entry.value));
}

/** The nearest-rank percentile: the smallest value with at least `percentile`% of values at or below it. */
function nearestRank(values: readonly number[], percentile: number): number {
  const sorted = [...values].sort((left, right) => left - right);
  const rank = Math.max(1, Math.ceil((percentile / 100) * sorted.length));
  return sorted[rank - 1] as number;
}

/** How many of the referenced rules matched in their listed order (greedy, by event time). */
function orderedPrefixLength(entries: readonly Entry[], ruleCount: number): number {
  const sorted = [...entries].sort((left, right) => left.time - right.time);
  let next = 0;
  for (const entry of sorted) {
    if (entry.ruleIndex === next) next++;
    if (next === ruleCount) break;
  }
  return next;
}

function holds(condition: CorrelationCondition, count: number): boolean {
  switch (condition.operator) {
    case 'gt':
      return count > condition.value;
    case 'gte':
      return count >= condition.value;
    case 'lt':
      return count < condition.value;
    case 'lte':
      return count <= condition.value;
    case 'eq':
      return count === condition.value;
    case 'neq':
      return count !== condition.value;
  }
}

function judge(correlation: SigmaCorrelationRule, entries: readonly Entry[]): CorrelationFiring | undefined {
  if (entries.length === 0 || !holds(correlation.condition, measure(correlation, entries))) return undefined;
  const latest = entries.reduce((best, entry) => (entry.time > best.time ? entry : best));
  return { correlation, eventIds: [...new Set(entries.map((entry) => entry.eventId))], timestamp: latest.timestamp };
}
