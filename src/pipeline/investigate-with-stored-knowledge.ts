/**
 * The investigation `vigil investigate` and `vigil serve` run: the pipeline's `investigate`,
 * on the knowledge with what analysts taught this store applied (`applyStoredKnowledge`, the
 * same function the workers use), and the suppression hits counted afterwards.
 */
import { createBuiltinReasoner } from '../reason/index.js';
import { type Investigation, type InvestigationOptions, investigate } from './investigate.js';
import type { Knowledge } from './load-knowledge.js';
import { applyStoredKnowledge, type StoredKnowledgeStores } from './stages/stored-knowledge.js';

export type { StoredKnowledgeStores } from './stages/stored-knowledge.js';

export async function investigateWithStoredKnowledge(
  inputs: string[],
  knowledge: Knowledge,
  stores: StoredKnowledgeStores,
  options: InvestigationOptions = {},
): Promise<Investigation> {
  const applied = await applyStoredKnowledge(knowledge, stores);
  if (!stores.knowledge) return investigate(inputs, applied.knowledge, stores.store, options);
  const investigation = await investigate(inputs, applied.knowledge, stores.store, {
    ...options,
    reasoner: applied.reasonerWith(options.reasoner ?? createBuiltinReasoner()),
    suppressAlert: applied.suppressionOf,
  });
  await applied.recordSuppressionHits(new Map(Object.entries(investigation.suppressed ?? {})));
  return investigation;
}
