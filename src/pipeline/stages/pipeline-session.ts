/**
 * What a long-running deployment (the workers) holds between batches: the knowledge with the
 * store's knowledge applied, and the reasoning set-up (retrieval index seeded with ATT&CK, CTI
 * and past incidents, the technique classifier, multi-observation patterns, the reasoner with
 * track records), prepared by the same functions `investigate` uses.
 */
import { createBuiltinReasoner, type Reasoner } from '../../reason/index.js';
import type { Knowledge } from '../load-knowledge.js';
import { prepareReasoningKnowledge, type ReasoningKnowledgeOptions } from '../reasoning-knowledge.js';
import type { ReasoningSetup } from './reason-about-incident.js';
import { type AppliedKnowledge, applyStoredKnowledge, type StoredKnowledgeStores } from './stored-knowledge.js';

export interface PipelineSessionOptions extends ReasoningKnowledgeOptions {
  reasoner?: Reasoner;
  maxReasoningEvents?: number;
}

export interface PipelineSession {
  applied: AppliedKnowledge;
  reasoning: ReasoningSetup;
  release(): Promise<void>;
}

export async function openPipelineSession(
  knowledge: Knowledge,
  stores: StoredKnowledgeStores,
  options: PipelineSessionOptions = {},
): Promise<PipelineSession> {
  const applied = await applyStoredKnowledge(knowledge, stores);
  const prepared = await prepareReasoningKnowledge(applied.knowledge, stores.store, options);
  return {
    applied,
    reasoning: {
      knowledge: applied.knowledge,
      prepared,
      reasoner: applied.reasonerWith(options.reasoner ?? createBuiltinReasoner()),
      maxReasoningEvents: options.maxReasoningEvents,
      getEvents: (ids) => stores.store.getEvents(ids),
      listEvents: (query) => stores.store.listEvents(query),
    },
    release: () => prepared.release(),
  };
}
