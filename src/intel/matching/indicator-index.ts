import type { Event, Indicator, ObservableType } from '../../core/index.js';
import type { GuardedRegex } from '../../guard/index.js';
import { compilePattern } from '../pattern/compile-pattern.js';
import { evaluateComparison } from '../pattern/evaluate-comparison.js';
import { eventToObservedObjects, type ObservedObject } from '../pattern/event-objects.js';
import { parsePattern } from '../pattern/parse-pattern.js';
import type { ComparisonExpression } from '../pattern/pattern-ast.js';
import { extractEventObservables } from './event-observables.js';
import {
  type DecayHalfLives,
  defaultDecayHalfLives,
  type IndicatorOverride,
  type IndicatorState,
  isIndicatorActive,
  scoreIndicator,
} from './indicator-lifecycle.js';
import { type BenignValue, defaultKnownBenign } from './known-benign.js';
import { ValueStore } from './value-store.js';

export interface IndicatorIndexOptions {
  /** Decay half-lives per type, merged over the defaults. */
  halfLives?: DecayHalfLives;
  /** Matches scoring below this (0–100) are dropped. Default 0. */
  minimumScore?: number;
  /** Extra known-benign values (a user's allow-list, CDN ranges). */
  knownBenign?: Iterable<BenignValue>;
  /** Include the built-in list (public DNS resolvers, loopback…). Default true. */
  includeDefaultKnownBenign?: boolean;
  /** Clock for loading and sightings, for tests. */
  now?: () => number;
}

/** One indicator hit on one event field. */
export interface IndicatorMatch {
  indicator: Indicator;
  /** The event field that matched, e.g. `destination.ip`. */
  field: string;
  /** The event's value in that field. */
  value: string;
  /** The indicator's source (feed, MISP event, TAXII collection). */
  source: string;
  /** Current score 0–100 after decay, sightings and overrides. */
  score: number;
}

/** Something `add` could not index. */
export interface IndicatorSkip {
  indicatorId: string;
  reason: string;
}

interface IndexedRecord {
  indicator: Indicator;
  state: IndicatorState;
  /** When set, a hit must be confirmed by evaluating this comparison on the event. */
  verify?: ComparisonExpression;
  stale: boolean;
}

type OverrideTarget = { indicatorId: string } | { type: ObservableType; value: string };

/**
 * In-memory indicator index. Values, networks (longest prefix), domains (with
 * subdomains) and single-observation STIX patterns are looked up per event
 * observable; lifecycle (validity, revocation, decay, sightings), analyst
 * overrides and known-benign values decide whether a hit is reported.
 * Multi-observation patterns are kept aside for the correlation stage.
 */
export class IndicatorIndex {
  readonly #values = new ValueStore<IndexedRecord>();
  readonly #regexes = new Map<ObservableType, { regex: GuardedRegex; record: IndexedRecord }[]>();
  readonly #scans: IndexedRecord[] = [];
  readonly #multiObservation = new Map<string, Indicator>();
  readonly #records = new Map<string, IndexedRecord>();
  readonly #benign = new ValueStore<BenignValue>();
  readonly #valueOverrides = new ValueStore<IndicatorOverride>();
  readonly #idOverrides = new Map<string, IndicatorOverride>();
  readonly #overrideList: { target: OverrideTarget; override: IndicatorOverride }[] = [];
  readonly #halfLives: DecayHalfLives;
  readonly #minimumScore: number;
  readonly #now: () => number;

  constructor(options: IndicatorIndexOptions = {}) {
    this.#halfLives = { ...defaultDecayHalfLives, ...options.halfLives };
    this.#minimumScore = options.minimumScore ?? 0;
    this.#now = options.now ?? Date.now;
    const benign = [
      ...(options.includeDefaultKnownBenign === false ? [] : defaultKnownBenign),
      ...(options.knownBenign ?? []),
    ];
    for (const entry of benign) this.#benign.add(entry.type, entry.value, entry);
  }

  /** Number of indicators held (multi-observation ones included). */
  get size(): number {
    return this.#records.size + this.#multiObservation.size;
  }

  /**
   * Adds or updates indicators. An id seen before replaces the earlier version
   * (feed update); overrides and sightings stay. Returns what could not be indexed.
   */
  add(indicators: Iterable<Indicator>): IndicatorSkip[] {
    const skipped: IndicatorSkip[] = [];
    const loadedAt = this.#now();
    for (const indicator of indicators) {
      const previous = this.#records.get(indicator.id);
      if (
        previous &&
        previous.indicator.value === indicator.value &&
        previous.indicator.pattern === indicator.pattern
      ) {
        previous.indicator = indicator;
        previous.state.loadedAt = loadedAt;
        continue;
      }
      const state: IndicatorState = previous?.state ?? { loadedAt, sightings: 0 };
      if (previous) previous.stale = true;
      const reason = this.#index(indicator, state);
      if (reason) skipped.push({ indicatorId: indicator.id, reason });
    }
    return skipped;
  }

  /** The indicator held under an id (the current version), for what a hit's source says about it. */
  indicator(id: string): Indicator | undefined {
    return this.#records.get(id)?.indicator ?? this.#multiObservation.get(id);
  }

  /** Multi-observation pattern indicators, for evaluation over event windows. */
  multiObservationIndicators(): Indicator[] {
    return [...this.#multiObservation.values()];
  }

  /** A sighting refreshes the indicator's score. */
  recordSighting(indicatorId: string, at: number = this.#now()): boolean {
    const record = this.#records.get(indicatorId);
    if (!record) return false;
    record.state.sightings += 1;
    record.state.lastSightingAt = Math.max(record.state.lastSightingAt ?? 0, at);
    return true;
  }

  /** Records an analyst's decision; it applies to later feed versions of the same id or value too. */
  setOverride(target: OverrideTarget, override: IndicatorOverride): void {
    if ('indicatorId' in target) this.#idOverrides.set(target.indicatorId, override);
    else this.#valueOverrides.add(target.type, target.value, override);
    this.#overrideList.push({ target, override });
  }

  /** Every override set, in order, for persisting. */
  overrides(): readonly { target: OverrideTarget; override: IndicatorOverride }[] {
    return this.#overrideList;
  }

  /** Indicators that fire on this event, each with the field and value that matched. */
  match(event: Event): IndicatorMatch[] {
    const matches: IndicatorMatch[] = [];
    let eventTime: number | undefined;
    let objects: Map<string, ObservedObject[]> | undefined;
    let seen: Set<string> | undefined;
    for (const observable of extractEventObservables(event)) {
      let candidates = this.#values.lookup(observable.type, observable.value);
      const regexes = this.#regexes.get(observable.type);
      if (regexes) {
        const hits = regexes.filter((entry) => entry.regex.test(observable.value)).map((entry) => entry.record);
        if (hits.length > 0) candidates = [...candidates, ...hits];
      }
      if (candidates.length === 0) continue;
      if (this.#benign.lookup(observable.type, observable.value).length > 0) continue;
      const valueOverrides = this.#valueOverrides.lookup(observable.type, observable.value);
      if (valueOverrides.some((override) => override.kind !== 'pinned-score')) continue;
      for (const record of candidates) {
        if (record.stale) continue;
        seen ??= new Set();
        const key = `${record.indicator.id}\u0000${observable.field}`;
        if (seen.has(key)) continue;
        seen.add(key);
        eventTime ??= Date.parse(event.timestamp);
        if (!isIndicatorActive(record.indicator, eventTime)) continue;
        if (record.verify) {
          objects ??= eventToObservedObjects(event);
          if (!evaluateComparison(record.verify, objects)) continue;
        }
        const override = this.#idOverrides.get(record.indicator.id) ?? valueOverrides[0];
        if (override && override.kind !== 'pinned-score') continue;
        const score = scoreIndicator(record.indicator, record.state, eventTime, this.#halfLives, override);
        if (score < this.#minimumScore) continue;
        matches.push({
          indicator: record.indicator,
          field: observable.field,
          value: observable.value,
          source: record.indicator.source,
          score,
        });
      }
    }
    if (this.#scans.length > 0) this.#matchScans(event, matches);
    return matches;
  }

  #matchScans(event: Event, matches: IndicatorMatch[]): void {
    const objects = eventToObservedObjects(event);
    const eventTime = Date.parse(event.timestamp);
    for (const record of this.#scans) {
      if (record.stale || !record.verify || !isIndicatorActive(record.indicator, eventTime)) continue;
      const override = this.#idOverrides.get(record.indicator.id);
      if (override && override.kind !== 'pinned-score') continue;
      const bindings = evaluateComparison(record.verify, objects);
      if (!bindings) continue;
      const score = scoreIndicator(record.indicator, record.state, eventTime, this.#halfLives, override);
      if (score < this.#minimumScore) continue;
      const [objectType] = [...bindings.keys()];
      matches.push({
        indicator: record.indicator,
        field: `stix:${objectType}`,
        value: record.indicator.pattern ?? '',
        source: record.indicator.source,
        score,
      });
    }
  }

  /** Indexes one indicator; returns why it was skipped, if it was. */
  #index(indicator: Indicator, state: IndicatorState): string | undefined {
    if (indicator.type && indicator.value !== undefined) {
      const record: IndexedRecord = { indicator, state, stale: false };
      if (!this.#values.add(indicator.type, indicator.value, record)) return `value is not a valid ${indicator.type}`;
      this.#records.set(indicator.id, record);
      return undefined;
    }
    if (!indicator.pattern) return 'indicator has neither a typed value nor a pattern';
    if (indicator.patternType !== undefined && indicator.patternType !== 'stix') {
      return `pattern type ${indicator.patternType} is not matched by the indicator index`;
    }
    let compiled: ReturnType<typeof compilePattern>;
    try {
      compiled = compilePattern(parsePattern(indicator.pattern));
    } catch (error) {
      return error instanceof Error ? error.message : String(error);
    }
    if (compiled.kind === 'multi-observation') {
      this.#multiObservation.set(indicator.id, indicator);
      return undefined;
    }
    const record: IndexedRecord = {
      indicator,
      state,
      stale: false,
      verify: compiled.observation.kind === 'observation' ? compiled.observation.comparison : undefined,
    };
    this.#records.set(indicator.id, record);
    if (compiled.kind === 'scan') {
      this.#scans.push(record);
      return undefined;
    }
    if (compiled.exact) delete record.verify;
    for (const anchor of compiled.anchors) {
      if (anchor.match === 'regex') {
        const list = this.#regexes.get(anchor.type) ?? [];
        list.push({ regex: anchor.regex, record });
        this.#regexes.set(anchor.type, list);
      } else {
        this.#values.add(anchor.type, anchor.value, record);
      }
    }
    return undefined;
  }
}
