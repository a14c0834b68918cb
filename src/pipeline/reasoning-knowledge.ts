/**
 * What reasoning draws on besides the incident itself, prepared once per investigation:
 * the retrieval index (ATT&CK and CTI text, past incidents with verdicts), the learned
 * technique classifier, and the multi-observation STIX patterns to match across incidents.
 */
import type { Incident } from '../core/index.js';
import { type CompiledPattern, multiObservationPatterns } from '../correlate/index.js';
import type { RuleSet } from '../detect/index.js';
import {
  buildEvidenceModel,
  type CalibratedCandidate,
  type EvidenceModel,
  type IncidentDocumentInput,
  openCachedAttackRetrieval,
  type ProcedureExample,
  readBundleProcedures,
  seedRetrieval,
  type TechniqueClassifier,
  trainingExamples,
  trainTechniqueClassifier,
} from '../reason/index.js';
import type { RetrievalStore, Store } from '../store/index.js';
import type { Knowledge } from './load-knowledge.js';

export interface ReasoningKnowledgeOptions {
  /** A retrieval index to use (and to add this run's incidents to); default: a private in-memory one. */
  retrieval?: RetrievalStore;
  /** A trained classifier to use; default: trained now from the ATT&CK knowledge at hand. */
  classifier?: TechniqueClassifier;
  /** ATT&CK STIX bundle whose procedure examples train the classifier and feed retrieval; default: the one knowledge was loaded from. */
  attackBundle?: string;
  /**
   * Procedure examples already read from the ATT&CK bundle; given, the bundle is not read again
   * (reading it dominates the set-up cost when many investigations run in one process).
   */
  procedures?: readonly ProcedureExample[];
  /** Past incidents read from the store for retrieval and classifier feedback. Default 200. */
  pastIncidents?: number;
  /** A built evidence model; default: built from the knowledge (once per rule set, bundle and Atomic Red Team path). */
  evidenceModel?: EvidenceModel;
  /** False runs without evidence inference (to measure what it adds). Default true. */
  evidenceInference?: boolean;
}

export interface ReasoningKnowledge {
  retrieval: RetrievalStore;
  classifier: TechniqueClassifier | undefined;
  /**
   * Evidence inference: candidate techniques for the behaviour in events, calibrated on held-out
   * examples. Built on first use (seconds), so a deployment that never reasons never pays for it.
   */
  evidenceModel(): Promise<EvidenceModel | undefined>;
  /** Inference results by behaviour text, shared by the incidents of this set-up. */
  inferenceCache: Map<string, CalibratedCandidate[]>;
  patterns: CompiledPattern[];
  /** Closes the retrieval index when this run opened it. */
  release(): Promise<void>;
}

/** The procedure examples of `bundle`: those read with the knowledge's catalog when it is the same file. */
export async function attackProcedures(
  knowledge: Pick<Knowledge, 'attackPath' | 'attackProcedures'>,
  bundle: string | undefined = knowledge.attackPath,
): Promise<readonly ProcedureExample[]> {
  if (bundle === undefined) return [];
  if (bundle === knowledge.attackPath && knowledge.attackProcedures) return knowledge.attackProcedures;
  return readBundleProcedures(bundle);
}

async function pastIncidentDocuments(store: Store, limit: number): Promise<IncidentDocumentInput[]> {
  const incidents: Incident[] = await store.listIncidents({ limit });
  const documents: IncidentDocumentInput[] = [];
  for (const incident of incidents) {
    const feedback = await store.listFeedback(incident.id);
    const verdict = feedback.filter((item) => item.verdict).pop()?.verdict;
    const comments = feedback.flatMap((item) => (item.comment ? [item.comment] : []));
    documents.push({ incident, verdict, comments });
  }
  return documents;
}

/**
 * Evidence models built in this process, by rule set and sources: building one (reading the
 * rules again, the held-out calibration) takes seconds, and an evaluation investigates many
 * scenarios with the same knowledge.
 */
const evidenceModels = new WeakMap<RuleSet, Map<string, Promise<EvidenceModel | undefined>>>();

function evidenceModelOf(
  knowledge: Knowledge,
  procedures: readonly ProcedureExample[],
): Promise<EvidenceModel | undefined> {
  const key = `${knowledge.attackPath ?? ''}\n${knowledge.atomicRedTeamPath ?? ''}\n${procedures.length}`;
  const models = evidenceModels.get(knowledge.rules) ?? new Map<string, Promise<EvidenceModel | undefined>>();
  evidenceModels.set(knowledge.rules, models);
  let model = models.get(key);
  if (!model) {
    model = buildEvidenceModel(
      {
        procedures,
        ...(knowledge.atomicRedTeamPath ? { atomicRedTeam: knowledge.atomicRedTeamPath } : {}),
        rules: knowledge.rules.rules,
        ...(knowledge.attack ? { attack: knowledge.attack } : {}),
      },
      { cache: knowledge.evidenceModelCache },
    );
    models.set(key, model);
    model.catch(() => models.delete(key));
  }
  return model;
}

export async function prepareReasoningKnowledge(
  knowledge: Knowledge,
  store: Store,
  options: ReasoningKnowledgeOptions = {},
): Promise<ReasoningKnowledge> {
  const owned = options.retrieval === undefined;
  const attackBundle = options.attackBundle ?? knowledge.attackPath;
  const procedures = options.procedures ?? (await attackProcedures(knowledge, attackBundle));
  // A private index: its ATT&CK texts come from the retrieval cache when it holds them.
  const retrieval =
    options.retrieval ??
    (await openCachedAttackRetrieval({ attack: knowledge.attack, procedures }, knowledge.retrievalCache)).store;
  const past = await pastIncidentDocuments(store, options.pastIncidents ?? 200);
  await seedRetrieval(retrieval, {
    attack: knowledge.attack,
    procedures,
    intelObjects: knowledge.intel?.stixObjects ?? [],
    pastIncidents: past,
  });
  let classifier = options.classifier;
  if (!classifier && (procedures.length > 0 || knowledge.attack)) {
    const confirmedIncidents = past
      .filter((item) => item.verdict === 'true-positive')
      .map((item) => ({
        text: `${item.incident.title} ${(item.comments ?? []).join(' ')}`,
        techniques: item.incident.techniques,
      }));
    classifier = trainTechniqueClassifier(
      trainingExamples({ procedures, attack: knowledge.attack, confirmedIncidents }),
    );
  }
  let built: Promise<EvidenceModel | undefined> | undefined;
  const evidenceModel = () => {
    built ??=
      options.evidenceInference === false
        ? Promise.resolve(undefined)
        : options.evidenceModel
          ? Promise.resolve(options.evidenceModel)
          : evidenceModelOf(knowledge, procedures);
    return built;
  };
  return {
    retrieval,
    classifier,
    evidenceModel,
    inferenceCache: new Map(),
    patterns: multiObservationPatterns(knowledge.intel?.indicators ?? []),
    release: async () => {
      if (owned) await retrieval.close();
    },
  };
}
