/**
 * What reasoning draws on besides the incident itself, prepared once per investigation:
 * the retrieval index (ATT&CK and CTI text, past incidents with verdicts), the learned
 * technique classifier, and the multi-observation STIX patterns to match across incidents.
 */
import type { Incident } from '../core/index.js';
import { type CompiledPattern, multiObservationPatterns } from '../correlate/index.js';
import {
  type IncidentDocumentInput,
  type ProcedureExample,
  readBundleProcedures,
  seedRetrieval,
  type TechniqueClassifier,
  trainingExamples,
  trainTechniqueClassifier,
} from '../reason/index.js';
import { openRetrievalStore, type RetrievalStore, type Store } from '../store/index.js';
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
}

export interface ReasoningKnowledge {
  retrieval: RetrievalStore;
  classifier: TechniqueClassifier | undefined;
  patterns: CompiledPattern[];
  /** Closes the retrieval index when this run opened it. */
  release(): Promise<void>;
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

export async function prepareReasoningKnowledge(
  knowledge: Knowledge,
  store: Store,
  options: ReasoningKnowledgeOptions = {},
): Promise<ReasoningKnowledge> {
  const owned = options.retrieval === undefined;
  const retrieval = options.retrieval ?? (await openRetrievalStore(':memory:'));
  const attackBundle = options.attackBundle ?? knowledge.attackPath;
  const procedures: readonly ProcedureExample[] =
    options.procedures ?? (attackBundle ? await readBundleProcedures(attackBundle) : []);
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
  return {
    retrieval,
    classifier,
    patterns: multiObservationPatterns(knowledge.intel?.indicators ?? []),
    release: async () => {
      if (owned) await retrieval.close();
    },
  };
}
