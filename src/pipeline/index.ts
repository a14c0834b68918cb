/**
 * @module pipeline: the stage functions every deployment runs (`stages/`: detect and match intel,
 * stored knowledge, reason and plan, recording with the audit chain) and their wiring for the CLI,
 * the API (`investigate`) and the workers (`openPipelineSession`).
 */

/** Baseline verdicts: how a detection's baseline reaches stages that run in other processes (the workers). */
export { baselineOfVerdicts, isEmptyVerdict, judgeBaseline } from '../reason/index.js';
export {
  type IngestIntoStoreOptions,
  type IngestSummary,
  ingestIntoStore,
  type ValueProblem,
  valueProblem,
} from './ingest-into-store.js';
export {
  type InvestigatedIncident,
  type Investigation,
  type InvestigationOptions,
  incidentReport,
  investigate,
} from './investigate.js';
export { investigateWithStoredKnowledge } from './investigate-with-stored-knowledge.js';
export { type Knowledge, type KnowledgePaths, loadKnowledge } from './load-knowledge.js';
export { attackProcedures, type ReasoningKnowledgeOptions } from './reasoning-knowledge.js';
export {
  createDetection,
  type Detection,
  type DetectionComponent,
  type DetectionKnowledge,
  type DetectionOutput,
  detectionComponents,
  matchIntel,
} from './stages/detection.js';
export { openPipelineSession, type PipelineSession, type PipelineSessionOptions } from './stages/pipeline-session.js';
export {
  type CorrelatedIncidentInput,
  type ReasonedIncident,
  type ReasoningSetup,
  reasonAboutIncident,
  reasoningInputFor,
} from './stages/reason-about-incident.js';
export {
  reasonedArtifacts,
  recordCorrelatedIncident,
  recordInvestigatedIncident,
  recordReasonedIncident,
} from './stages/record-incident.js';
export {
  type AppliedKnowledge,
  applyStoredKnowledge,
  type StoredKnowledgeStores,
  withoutSuppressed,
} from './stages/stored-knowledge.js';
