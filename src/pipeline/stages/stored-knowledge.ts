/**
 * What analysts taught this store, applied in one place for every deployment: `--intel` files
 * joined with the threat-intelligence context earlier imports stored, indicators they
 * added or expired and their overrides (allow-list, false positives, pinned scores), indicators
 * learned from true positives, benign-pattern suppressions (with their hits counted), rule and
 * action track records, and the rules an admin disabled left out. `investigate`, `vigil serve`
 * and the workers all run on what `applyStoredKnowledge` returns.
 * A fresh indicator index each time, so a cleared override stops applying at once.
 */
import type { Alert, Event } from '../../core/index.js';
import { IndicatorIndex } from '../../intel/index.js';
import {
  applyLearnedIndicators,
  applyStoredIndicatorKnowledge,
  emptyTrackRecords,
  type FeedbackAwareOptions,
  joinWithStoredContext,
  listDisabledRules,
  loadLearnedKnowledge,
  recordSuppressionHits,
  type TrackRecords,
  withoutDisabledRules,
  withTrackRecords,
} from '../../knowledge/index.js';
import type { Reasoner } from '../../reason/index.js';
import type { KnowledgeStore, Store } from '../../store/index.js';
import type { Knowledge } from '../load-knowledge.js';

export interface StoredKnowledgeStores {
  store: Store;
  knowledge?: KnowledgeStore | undefined;
}

export interface AppliedKnowledge {
  /** The loaded knowledge with disabled rules left out and the store's indicator knowledge applied. */
  knowledge: Knowledge;
  trackRecords: TrackRecords;
  /** The reasoner with the track records applied (rule and action feedback). */
  reasonerWith(reasoner: Reasoner, options?: FeedbackAwareOptions): Reasoner;
  /** The id of the suppression an alert matches, if any. */
  suppressionOf(alert: Alert, events: readonly Event[]): string | undefined;
  /** Counts suppression hits in the knowledge store. */
  recordSuppressionHits(hits: ReadonlyMap<string, number>): Promise<void>;
}

export async function applyStoredKnowledge(
  knowledge: Knowledge,
  stores: StoredKnowledgeStores,
): Promise<AppliedKnowledge> {
  const disabled = await listDisabledRules(stores.store);
  // `--intel` files joined with the context earlier imports stored (relationships, attributions), as imports are.
  const intel =
    knowledge.intel && stores.knowledge
      ? {
          ...knowledge.intel,
          indicators: await joinWithStoredContext(
            stores.knowledge,
            knowledge.intel.indicators,
            knowledge.intel.stixObjects,
          ),
        }
      : knowledge.intel;
  const indicators = new IndicatorIndex();
  if (intel) indicators.add(intel.indicators);
  await applyStoredIndicatorKnowledge(indicators, stores.store);
  const applied: Knowledge = {
    ...knowledge,
    intel,
    rules: withoutDisabledRules(knowledge.rules, new Set(disabled.keys())),
    indicators,
  };
  const knowledgeStore = stores.knowledge;
  if (!knowledgeStore)
    return {
      knowledge: applied,
      trackRecords: emptyTrackRecords(),
      reasonerWith: (reasoner) => reasoner,
      suppressionOf: () => undefined,
      recordSuppressionHits: async () => {},
    };
  const feedbackStores = { store: stores.store, knowledge: knowledgeStore };
  const learned = await loadLearnedKnowledge(feedbackStores);
  applyLearnedIndicators(indicators, learned);
  return {
    knowledge: applied,
    trackRecords: learned.trackRecords,
    reasonerWith: (reasoner, options) => withTrackRecords(reasoner, learned.trackRecords, options),
    suppressionOf: (alert, events) => learned.matchSuppression(alert, events)?.id,
    recordSuppressionHits: async (hits) => {
      if (hits.size > 0) await recordSuppressionHits(feedbackStores, hits);
    },
  };
}

/** Splits alerts into those correlation sees and those a suppression holds back (counted by suppression id). */
export function withoutSuppressed(
  alerts: readonly Alert[],
  eventsOf: (alert: Alert) => readonly Event[],
  suppressionOf: AppliedKnowledge['suppressionOf'],
): { kept: Alert[]; suppressed: Map<string, number> } {
  const suppressed = new Map<string, number>();
  const kept = alerts.filter((alert) => {
    const by = suppressionOf(alert, eventsOf(alert));
    if (by) suppressed.set(by, (suppressed.get(by) ?? 0) + 1);
    return by === undefined;
  });
  return { kept, suppressed };
}
