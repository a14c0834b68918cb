/**
 * Everything learned so far, loaded once before a run: indicators learned from incidents (with
 * their sightings), active suppressions and track records. The caller feeds it into detection
 * (`applyLearnedIndicators`), correlation (the suppression matcher), reasoning and the policy.
 */
import type { Indicator, ObservableType } from '../core/index.js';
import type { IndicatorIndex } from '../intel/index.js';
import type { KnowledgeStore, Store, Suppression } from '../store/index.js';
import { isLearnedSource } from './learn-indicators.js';
import { createSuppressionMatcher, type SuppressionMatcher } from './suppressions.js';
import { computeTrackRecords, type TrackRecords } from './track-records.js';

export interface LearnedKnowledge {
  /** Learned indicators that detection matches (accounts are kept for context and sharing, not matched). */
  indicators: Indicator[];
  sightings: ReadonlyMap<string, { count: number; lastSeen: string }>;
  suppressions: Suppression[];
  matchSuppression: SuppressionMatcher;
  trackRecords: TrackRecords;
}

/** Observable types of learned indicators that detection matches on later events. */
export const matchedLearnedTypes: ReadonlySet<ObservableType> = new Set([
  'ipv4-addr',
  'ipv6-addr',
  'domain-name',
  'url',
  'md5',
  'sha1',
  'sha256',
]);

export async function loadLearnedKnowledge(stores: {
  store: Store;
  knowledge: KnowledgeStore;
}): Promise<LearnedKnowledge> {
  const learnedIds = new Set((await stores.knowledge.listProvenance()).map((record) => record.indicatorId));
  const indicators = (await stores.store.listIndicators()).filter(
    (indicator) =>
      learnedIds.has(indicator.id) &&
      isLearnedSource(indicator.source) &&
      !indicator.revoked &&
      indicator.type !== undefined &&
      matchedLearnedTypes.has(indicator.type),
  );
  const suppressions = await stores.knowledge.listSuppressions();
  const trackRecords = computeTrackRecords(
    await stores.knowledge.listVerdicts(),
    await stores.knowledge.listDecisions(),
  );
  return {
    indicators,
    sightings: await stores.knowledge.sightingTotals(),
    suppressions,
    matchSuppression: createSuppressionMatcher(suppressions),
    trackRecords,
  };
}

/** Adds learned indicators to an index and replays their sightings (which refresh their decay). */
export function applyLearnedIndicators(
  index: IndicatorIndex,
  learned: Pick<LearnedKnowledge, 'indicators' | 'sightings'>,
): number {
  index.add(learned.indicators);
  for (const [indicatorId, sighting] of learned.sightings) {
    const at = Date.parse(sighting.lastSeen);
    for (let count = 0; count < Math.min(sighting.count, 20); count += 1) index.recordSighting(indicatorId, at);
  }
  return learned.indicators.length;
}
