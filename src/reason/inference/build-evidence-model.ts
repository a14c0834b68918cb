/**
 * Builds the evidence model from the knowledge at hand: ATT&CK procedure examples, an Atomic
 * Red Team checkout or export (when given), and the loaded Sigma rules. What was not given is
 * simply not learned from; with none of it there is no model and inference is skipped.
 */
import type { TagResolver } from '../../detect/index.js';
import type { ProcedureExample } from '../classifier/read-bundle-procedures.js';
import {
  atomicExamples,
  type EvidenceExample,
  procedureExamples,
  sigmaExamples,
  sigmaRuleSources,
} from './evidence-examples.js';
import { type EvidenceModel, type EvidenceModelOptions, trainEvidenceModel } from './evidence-model.js';
import { readAtomicRedTeam } from './read-atomic-red-team.js';

export interface EvidenceKnowledge {
  procedures?: readonly ProcedureExample[];
  /** Path of an Atomic Red Team checkout, its `atomics` folder, or a JSON-lines export of its tests. */
  atomicRedTeam?: string;
  rules?: ReadonlyArray<{ id: string; title: string; file: string; tags: readonly string[]; document?: () => unknown }>;
  attack?: TagResolver;
}

export async function buildEvidenceModel(
  knowledge: EvidenceKnowledge,
  options: EvidenceModelOptions = {},
): Promise<EvidenceModel | undefined> {
  const examples: EvidenceExample[] = [];
  if (knowledge.atomicRedTeam)
    examples.push(...atomicExamples((await readAtomicRedTeam(knowledge.atomicRedTeam)).tests));
  if (knowledge.rules) examples.push(...(await sigmaExamples(sigmaRuleSources(knowledge.rules, knowledge.attack))));
  examples.push(...procedureExamples(knowledge.procedures ?? []));
  return examples.length > 0 ? trainEvidenceModel(examples, options) : undefined;
}
