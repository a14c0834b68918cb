/**
 * Evaluates Sigma correlation rules over the stream of base-rule matches, in event time, so the
 * alerts do not depend on the order matches arrive in (two workers that interleave one host's
 * sources differently fire the same):
 *
 * - Each group holds its matches not yet judged in event-time order (sorted insertion). The
 *   engine's watermark is the newest event time it has seen (`advance`, called for every event,
 *   and every match). A match is judged once the watermark is `allowedLatenessMs` past it, in
 *   event-time order (ties by event id), so matches arriving out of order by at most the allowed
 *   lateness give exactly the alerts of time order. With the default lateness of 0, matches that
 *   arrive in time order are judged at once, as they come.
 * - A match older than the last match its group has judged (so at least the allowed lateness
 *   behind the newest event) is too late: it is left out of the window, counted per correlation
 *   (`lateMatches`) and reported by the caller, never silently; its event still raises its own
 *   rule's alert. Groups judge independently, so one source read after another (a second file)
 *   is late only for the groups the first has already judged past.
 * - `gt`/`gte` conditions fire as soon as the sliding window satisfies them, then the group
 *   starts afresh. `lt`/`lte`/`eq`/`neq` can only be judged once a window is over: the window
 *   opens at a group's first match and is judged when a later match falls outside it, or at
 *   `flush()`, which also judges every match still waiting.
 *
 * State is bounded: at most `maxGroups` groups per correlation (least recently touched dropped,
 * its waiting matches judged first) and `maxEntriesPerGroup` matches per group (oldest dropped).
 */
import type { EventView } from '../sigma/event-view.js';
import type { CorrelationCondition, SigmaCorrelationRule, SigmaRule } from '../sigma/sigma-rule.js';

export interface CorrelationOptions {
  maxGroups?: number;
  maxEntriesPerGroup?: number;
  /** How far (ms) behind the newest event a match may arrive and still be judged in event-time order. Default 0. */
  allowedLatenessMs?: number;
}

/** Matches that arrived after their group had judged past their time, per correlation id. */
export type LateMatches = ReadonlyMap<string, number>;

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
  /** The window being judged (matches already taken in event-time order). */
  entries: Entry[];
  /** Matches waiting for the watermark, in event-time order. */
  waiting: Entry[];
  /** The last match judged: anything before it arrives too late. */
  judged: Entry | undefined;
}

const before = (left: Entry, right: Entry) =>
  left.time < right.time || (left.time === right.time && left.eventId < right.eventId);

const closingOperators = new Set<CorrelationCondition['operator']>(['lt', 'lte', 'eq', 'neq']);
/** Types that aggregate a numeric field; events whose field is not a number are not counted. */
const numericTypes = new Set<SigmaCorrelationRule['type']>(['value_sum', 'value_avg', 'value_percentile']);

export class CorrelationEngine {
  readonly #correlations: readonly SigmaCorrelationRule[];
  readonly #groups = new Map<SigmaCorrelationRule, Map<string, Group>>();
  readonly #maxGroups: number;
  readonly #maxEntries: number;
  readonly #lateness: number;
  /** Groups with matches waiting for the watermark. */
  readonly #waiting = new Map<Group, SigmaCorrelationRule>();
  readonly #late = new Map<string, number>();
  #watermark = Number.NEGATIVE_INFINITY;

  constructor(correlations: readonly SigmaCorrelationRule[], options: CorrelationOptions = {}) {
    this.#correlations = correlations;
    this.#maxGroups = options.maxGroups ?? 10_000;
    this.#maxEntries = options.maxEntriesPerGroup ?? 1_000;
    this.#lateness = Math.max(0, options.allowedLatenessMs ?? 0);
    for (const correlation of correlations) this.#groups.set(correlation, new Map());
  }

  /** The correlations that reference this rule (by id or name). */
  referencing(rule: SigmaRule): SigmaCorrelationRule[] {
    return this.#correlations.filter((correlation) => referenceIndex(correlation, rule) !== -1);
  }

  /** Matches left out because they arrived too late, per correlation id (since the start). */
  get lateMatches(): LateMatches {
    return this.#late;
  }

  /** Moves the watermark to an event's time (every event, matching or not); returns what that makes judgeable. */
  advance(time: number): CorrelationFiring[] {
    if (!(time > this.#watermark)) return [];
    this.#watermark = time;
    if (this.#waiting.size === 0) return [];
    const firings: CorrelationFiring[] = [];
    const until = time - this.#lateness;
    for (const [group, correlation] of [...this.#waiting]) {
      this.#release(correlation, group, until, firings);
      if (group.waiting.length === 0) this.#waiting.delete(group);
    }
    return firings;
  }

  /** True while some match waits for the watermark (only with an allowed lateness). */
  get waiting(): boolean {
    return this.#waiting.size > 0;
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
    const firings: CorrelationFiring[] = [];
    const groups = this.#groups.get(correlation) as Map<string, Group>;
    let group = groups.get(groupKey);
    if (group === undefined) {
      group = { entries: [], waiting: [], judged: undefined };
      if (groups.size >= this.#maxGroups) {
        const oldest = groups.keys().next().value as string;
        const dropped = groups.get(oldest) as Group;
        this.#release(correlation, dropped, Number.POSITIVE_INFINITY, firings);
        this.#waiting.delete(dropped);
        groups.delete(oldest);
      }
    } else groups.delete(groupKey);
    groups.set(groupKey, group);
    const entry: Entry = { time, timestamp: event.timestamp, eventId: event.id, ruleIndex, value };
    // Strictly older: matches of the same time as the last judged one are taken after it.
    if (group.judged && entry.time < group.judged.time) {
      this.#late.set(correlation.id, (this.#late.get(correlation.id) ?? 0) + 1);
      return firings;
    }
    insertSorted(group.waiting, entry);
    firings.push(...this.advance(time));
    this.#release(correlation, group, this.#watermark - this.#lateness, firings);
    if (group.waiting.length > 0) this.#waiting.set(group, correlation);
    return firings;
  }

  /** Judges a group's waiting matches up to `until`, in event-time order. */
  #release(correlation: SigmaCorrelationRule, group: Group, until: number, firings: CorrelationFiring[]): void {
    let taken = 0;
    while (taken < group.waiting.length && (group.waiting[taken] as Entry).time <= until) {
      const entry = group.waiting[taken] as Entry;
      taken += 1;
      group.judged = entry;
      const firing = this.#take(correlation, group, entry);
      if (firing) firings.push(firing);
    }
    if (taken > 0) group.waiting.splice(0, taken);
  }

  /** One match, taken in event-time order: the window as it was when matches arrived in time order. */
  #take(correlation: SigmaCorrelationRule, group: Group, entry: Entry): CorrelationFiring | undefined {
    if (closingOperators.has(correlation.condition.operator)) {
      const start = group.entries[0]?.time;
      let firing: CorrelationFiring | undefined;
      if (start !== undefined && entry.time - start > correlation.timespanMs) {
        firing = judge(correlation, group.entries);
        group.entries = [];
      }
      pushBounded(group.entries, entry, this.#maxEntries);
      return firing;
    }
    pushBounded(group.entries, entry, this.#maxEntries);
    group.entries = group.entries.filter((item) => entry.time - item.time <= correlation.timespanMs);
    const firing = judge(correlation, group.entries);
    if (firing) group.entries = [];
    return firing;
  }

  /** Judges every waiting match and every open window whose condition needs the window to be over; clears all state. */
  flush(): CorrelationFiring[] {
    const firings: CorrelationFiring[] = [];
    for (const [correlation, groups] of this.#groups) {
      for (const group of groups.values()) {
        this.#release(correlation, group, Number.POSITIVE_INFINITY, firings);
        if (closingOperators.has(correlation.condition.operator)) {
          const firing = judge(correlation, group.entries);
          if (firing) firings.push(firing);
        }
      }
      groups.clear();
    }
    this.#waiting.clear();
    return firings;
  }
}

/** Inserts in event-time order (ties by event id); appending is the common case. */
function insertSorted(entries: Entry[], entry: Entry): void {
  let index = entries.length;
  while (index > 0 && before(entry, entries[index - 1] as Entry)) index -= 1;
  entries.splice(index, 0, entry);
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
