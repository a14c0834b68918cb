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
  /** The store's knowledge as last read; replaced by `refresh()`. */
  readonly applied: AppliedKnowledge;
  /** The reasoning set-up; its knowledge and reasoner follow `applied`. */
  readonly reasoning: ReasoningSetup;
  /** When the store's knowledge was last read (milliseconds since the epoch). */
  readonly appliedAt: number;
  /**
   * Reads the store's knowledge again (overrides, added or expired indicators, learned
   * indicators, suppressions, track records, disabled rules): what an analyst changed since
   * applies from the next batch on. The reasoning set-up (retrieval, classifier) is kept.
   */
  refresh(): Promise<void>;
  release(): Promise<void>;
}

export async function openPipelineSession(
  knowledge: Knowledge,
  stores: StoredKnowledgeStores,
  options: PipelineSessionOptions = {},
  now: () => number = Date.now,
): Promise<PipelineSession> {
  let applied = await applyStoredKnowledge(knowledge, stores);
  let appliedAt = now();
  const baseReasoner = options.reasoner ?? createBuiltinReasoner();
  const prepared = await prepareReasoningKnowledge(applied.knowledge, stores.store, options);
  const reasoning: ReasoningSetup = {
    knowledge: applied.knowledge,
    prepared,
    reasoner: applied.reasonerWith(baseReasoner),
    maxReasoningEvents: options.maxReasoningEvents,
    getEvents: (ids) => stores.store.getEvents(ids),
    listEvents: (query) => stores.store.listEvents(query),
  };
  return {
    get applied() {
      return applied;
    },
    reasoning,
    get appliedAt() {
      return appliedAt;
    },
    async refresh() {
      const read = now();
      applied = await applyStoredKnowledge(knowledge, stores);
      appliedAt = read;
      reasoning.knowledge = applied.knowledge;
      reasoning.reasoner = applied.reasonerWith(baseReasoner);
    },
    release: () => prepared.release(),
  };
}
