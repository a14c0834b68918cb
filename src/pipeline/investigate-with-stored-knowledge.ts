/**
 * The investigation `vigil investigate` and `vigil serve` run: the pipeline's `investigate`,
 * with what analysts taught this store applied first — indicators they added or expired, their
 * overrides (allow-list, false positives, pinned scores), indicators learned from true positives,
 * benign-pattern suppressions (with their hits counted), rule and action track records, and
 * the rules an admin disabled left out.
 * A fresh indicator index per run, so a cleared override stops applying at once.
 */
import { IndicatorIndex } from '../intel/index.js';
import {
  applyLearnedIndicators,
  applyStoredIndicatorKnowledge,
  listDisabledRules,
  loadLearnedKnowledge,
  recordSuppressionHits,
  withoutDisabledRules,
  withTrackRecords,
} from '../knowledge/index.js';
import { createBuiltinReasoner } from '../reason/index.js';
import type { KnowledgeStore, Store } from '../store/index.js';
import { type Investigation, type InvestigationOptions, investigate } from './investigate.js';
import type { Knowledge } from './load-knowledge.js';

export interface StoredKnowledgeStores {
  store: Store;
  knowledge?: KnowledgeStore | undefined;
}

export async function investigateWithStoredKnowledge(
  inputs: string[],
  knowledge: Knowledge,
  stores: StoredKnowledgeStores,
  options: InvestigationOptions = {},
): Promise<Investigation> {
  const disabled = await listDisabledRules(stores.store);
  knowledge = { ...knowledge, rules: withoutDisabledRules(knowledge.rules, new Set(disabled.keys())) };
  const indicators = new IndicatorIndex();
  if (knowledge.intel) indicators.add(knowledge.intel.indicators);
  await applyStoredIndicatorKnowledge(indicators, stores.store);
  const knowledgeStore = stores.knowledge;
  if (!knowledgeStore) return investigate(inputs, { ...knowledge, indicators }, stores.store, options);

  const feedbackStores = { store: stores.store, knowledge: knowledgeStore };
  const learned = await loadLearnedKnowledge(feedbackStores);
  applyLearnedIndicators(indicators, learned);
  const investigation = await investigate(inputs, { ...knowledge, indicators }, stores.store, {
    ...options,
    reasoner: withTrackRecords(options.reasoner ?? createBuiltinReasoner(), learned.trackRecords),
    suppressAlert: (alert, events) => learned.matchSuppression(alert, events)?.id,
  });
  const hits = new Map(Object.entries(investigation.suppressed ?? {}));
  if (hits.size > 0) await recordSuppressionHits(feedbackStores, hits);
  return investigation;
}
