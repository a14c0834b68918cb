/**
 * What the next investigation takes from the store about indicators: the indicators analysts
 * added or changed (an expired one replaces its feed version, so it stops matching) and the
 * overrides in force (allow-listed values, false positives, pinned scores).
 */
import type { Indicator } from '../core/index.js';
import type { IndicatorIndex } from '../intel/index.js';
import type { Store } from '../store/index.js';
import { applyIndicatorOverrides, listIndicatorOverrides } from './indicator-overrides.js';
import { isLearnedSource } from './learn-indicators.js';

/** Indicators read from the store per investigation. */
const indicatorCap = 500_000;

export interface AppliedIndicatorKnowledge {
  indicators: number;
  overrides: number;
}

/**
 * Adds the store's indicators and the analysts' overrides to an index built from intel files.
 * Indicators Vigil learned from incidents are left to `applyLearnedIndicators`, which matches
 * only the learned types detection should match (an involved account is context, not an IOC).
 */
export async function applyStoredIndicatorKnowledge(
  index: IndicatorIndex,
  store: Store,
): Promise<AppliedIndicatorKnowledge> {
  const indicators = (await store.listIndicators({ limit: indicatorCap })).filter(
    (indicator) => !isLearnedSource(indicator.source),
  );
  index.add(indicators);
  const overrides = await listIndicatorOverrides(store);
  applyIndicatorOverrides(index, overrides);
  return { indicators: indicators.length, overrides: overrides.length };
}

/**
 * Puts intel-file indicators into the store so analysts can see, override and expire them;
 * an indicator already stored is left as it is (an analyst's expiry outlives restarts).
 */
export async function storeNewIndicators(store: Store, indicators: readonly Indicator[]): Promise<number> {
  const known = new Set((await store.listIndicators({ limit: indicatorCap })).map((indicator) => indicator.id));
  const fresh = indicators.filter((indicator) => !known.has(indicator.id));
  if (fresh.length > 0) await store.upsertIndicators(fresh);
  return fresh.length;
}
