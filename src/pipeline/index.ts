/** @module pipeline: wiring of the stages for the CLI and the API; no stage logic lives here. */
export { createEventDetector } from './event-detector.js';
export { type IngestIntoStoreOptions, type IngestSummary, ingestIntoStore } from './ingest-into-store.js';
export {
  type InvestigatedIncident,
  type Investigation,
  type InvestigationOptions,
  incidentReport,
  investigate,
} from './investigate.js';
export { investigateWithStoredKnowledge, type StoredKnowledgeStores } from './investigate-with-stored-knowledge.js';
export { type Knowledge, type KnowledgePaths, loadKnowledge } from './load-knowledge.js';
