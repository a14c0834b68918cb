/** @module reason: the three reasoning stages, the Reasoner interface, the built-in reasoner, retrieval and the technique classifier. */

export type { KnowledgeReuse } from '../core/index.js';
export {
  type AttackSequence,
  attackSequenceSchema,
  type IncidentContext,
  incidentContextSchema,
  type ResponsePlan,
  responsePlanSchema,
  stageJsonSchemas,
} from '../core/index.js';
export {
  type AssetCriticality,
  assetCriticality,
  loadAssetInventory,
  loadAssetInventoryFile,
  shortHostName,
} from './asset-inventory.js';
export { createBuiltinReasoner } from './builtin/builtin-reasoner.js';
export { containmentByTactic } from './builtin/response-knowledge.js';
export { type ClassifierEvaluation, evaluateClassifier, splitByActor } from './classifier/evaluate-classifier.js';
export {
  bundleProcedures,
  type ProcedureExample,
  readBundleProcedures,
  readProcedureLines,
} from './classifier/read-bundle-procedures.js';
export {
  type ClassifierOptions,
  type TechniqueClassifier,
  type TechniquePrediction,
  type TrainingExample,
  trainTechniqueClassifier,
} from './classifier/technique-classifier.js';
export { tokenizeText } from './classifier/tokenize-text.js';
export { type ConfirmedIncidentText, trainingExamples } from './classifier/train-from-knowledge.js';
export { type EvidenceSet, evidenceKey, evidenceSetOf, findEvidenceIssues } from './evidence-validator.js';
export { type BehaviourText, behaviourTexts } from './inference/behaviour-texts.js';
export { buildEvidenceModel, type EvidenceKnowledge } from './inference/build-evidence-model.js';
export { type Calibration, fitCalibration, type Reliability, reliability } from './inference/calibration.js';
export type { EvidenceExample, EvidenceSource } from './inference/evidence-examples.js';
export {
  type CalibratedCandidate,
  type EvidenceModel,
  type EvidenceModelEvaluation,
  trainEvidenceModel,
} from './inference/evidence-model.js';
export {
  type EvidenceInference,
  type InferenceOptions,
  inferEvidence,
  inferenceReason,
} from './inference/infer-evidence.js';
export { type AtomicTest, readAtomicRedTeam } from './inference/read-atomic-red-team.js';
export {
  coversBehaviour,
  type InferenceAlertOptions,
  inferenceAlert,
  type Sighting,
  UncoveredBehaviour,
} from './inference/uncovered-behaviour.js';
export { type ActorCatalog, type AttributedActor, attributedActors } from './knowledge/attributed-actors.js';
export { baselineOfVerdicts, isEmptyVerdict, judgeBaseline } from './knowledge/baseline-verdicts.js';
export { intelDocuments, procedureDocuments, techniqueDocuments } from './knowledge/cti-documents.js';
export {
  DeclaredIdentities,
  type DeclaredIdentitiesOptions,
  isAdministration,
} from './knowledge/declared-identities.js';
export { HostHistory, type HostHistoryOptions } from './knowledge/host-history.js';
export { type IncidentDocumentInput, incidentDocument } from './knowledge/incident-document.js';
export { countKnowledgeReuse } from './knowledge/knowledge-reuse.js';
export { openCachedAttackRetrieval, type RetrievalCacheOptions } from './knowledge/retrieval-cache.js';
export { type RetrievalLimits, retrieveForIncident } from './knowledge/retrieve-for-incident.js';
export {
  actorOf,
  canBeRoutine,
  evidenceSignature,
  RoutineEvidence,
  type RoutineEvidenceOptions,
} from './knowledge/routine-evidence.js';
export { type RetrievalSources, type SeedSummary, seedRetrieval } from './knowledge/seed-retrieval.js';
export {
  createLlmReasonerFromConfiguration,
  describeLlmConfiguration,
  detectInjectionAttempts,
  injectionAlerts,
  type LlmConfiguration,
  type LlmReasoner,
  type LlmRecord,
  llmAuditEntries,
  loadLlmApiKey,
  resolveLlmConfiguration,
} from './llm/index.js';
export type { AttackKnowledge, HostBaseline, Reasoner, ReasoningInput, RetrievedItem } from './reasoner.js';
export type { IndicatorMatchSummary, PatternMatchSummary } from './reasoning-input.js';
export {
  claimsReported,
  type ReportedEvidence,
  reportedEvidence,
  reportedIncident,
  reportedTechniques,
} from './reported-incident.js';
export { type ReasoningResult, runReasoning } from './run-reasoning.js';
