/**
 * Builds the evidence model from the knowledge at hand: ATT&CK procedure examples, an Atomic
 * Red Team checkout or export (when given), and the loaded Sigma rules. What was not given is
 * simply not learned from; with none of it there is no model and inference is skipped. With a
 * cache (evidence-model-cache.ts), a model trained before on the same knowledge and code is read
 * back instead of trained: the Atomic Red Team tests are then only hashed, not parsed.
 */
import { evidenceModelFingerprint, type TagResolver } from '../../detect/index.js';
import type { ProcedureExample } from '../classifier/read-bundle-procedures.js';
import {
  atomicExamples,
  type EvidenceExample,
  procedureExamples,
  type SigmaRuleSource,
  sigmaFileExamples,
  sigmaRuleFiles,
  sigmaRuleSources,
} from './evidence-examples.js';
import {
  type EvidenceModel,
  type EvidenceModelOptions,
  evidenceModelDefaults,
  trainEvidenceModel,
} from './evidence-model.js';
import {
  type EvidenceModelCacheOptions,
  readEvidenceModelCache,
  writeEvidenceModelCache,
} from './evidence-model-cache.js';
import { evidenceModelKey } from './evidence-model-key.js';
import { atomicRedTeamHash, readAtomicRedTeam } from './read-atomic-red-team.js';

export interface EvidenceKnowledge {
  procedures?: readonly ProcedureExample[];
  /** Path of an Atomic Red Team checkout, its `atomics` folder, or a JSON-lines export of its tests. */
  atomicRedTeam?: string;
  rules?: ReadonlyArray<
    { id: string; title: string; file: string; tags: readonly string[] } & Pick<
      SigmaRuleSource,
      'document' | 'documentText'
    >
  >;
  attack?: TagResolver;
}

export interface BuildEvidenceModelOptions extends EvidenceModelOptions {
  /** The evidence-model cache to read and fill; the model is trained afresh without one. */
  cache?: EvidenceModelCacheOptions | undefined;
}

export async function buildEvidenceModel(
  knowledge: EvidenceKnowledge,
  options: BuildEvidenceModelOptions = {},
): Promise<EvidenceModel | undefined> {
  const { cache, ...training } = options;
  const ruleFiles = knowledge.rules ? await sigmaRuleFiles(sigmaRuleSources(knowledge.rules, knowledge.attack)) : [];
  const procedures = knowledge.procedures ?? [];
  // Keyed by what the examples are made of: a hit takes no example (evidence-model-key.ts).
  const key = cache
    ? evidenceModelKey({
        fingerprint: cache.fingerprint ?? evidenceModelFingerprint(),
        options: evidenceModelDefaults(training),
        atomicRedTeam: knowledge.atomicRedTeam ? await atomicRedTeamHash(knowledge.atomicRedTeam) : undefined,
        ruleFiles,
        procedures,
      })
    : undefined;
  if (cache && key) {
    const cached = readEvidenceModelCache(cache, key);
    if (cached) return inCatalogueIds(cached, knowledge.attack);
  }
  const others: EvidenceExample[] = [...ruleFiles.flatMap(sigmaFileExamples), ...procedureExamples(procedures)];
  if (others.length === 0 && !knowledge.atomicRedTeam) return undefined;
  const examples = knowledge.atomicRedTeam
    ? [...atomicExamples((await readAtomicRedTeam(knowledge.atomicRedTeam)).tests), ...others]
    : others;
  if (examples.length === 0) return undefined;
  const model = await trainEvidenceModel(examples, training);
  if (cache && key) writeEvidenceModelCache(cache, key, model);
  return inCatalogueIds(model, knowledge.attack);
}

/**
 * The model naming techniques in the loaded catalogue's ATT&CK version: an example's id from
 * another version (an Atomic Red Team checkout tagged for a newer ATT&CK, `T1685.001`) is
 * resolved through the catalogue's revocations and crosswalk (`T1562.002`) when inferred, so every
 * output carries one version. The model itself, and its cache entry, keep the examples' own ids.
 */
export function inCatalogueIds(model: EvidenceModel, attack: TagResolver | undefined): EvidenceModel {
  if (!attack) return model;
  const resolved: EvidenceModel = Object.create(model);
  Object.defineProperty(resolved, 'infer', {
    value: (text: string, top?: number) => {
      const seen = new Set<string>();
      return model.infer(text, top).flatMap((candidate) => {
        const technique = attack.resolve(candidate.technique);
        if (seen.has(technique)) return [];
        seen.add(technique);
        return [technique === candidate.technique ? candidate : { ...candidate, technique }];
      });
    },
  });
  return resolved;
}
