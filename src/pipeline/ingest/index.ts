/**
 * @module pipeline/ingest: storing log inputs alone, for `vigil ingest`. A command that imports
 * only this loads the ingest and store code, not the whole pipeline's (detection, reasoning,
 * response): the compiled CLI then starts about 0.1 CPU-s sooner.
 */
export {
  type IngestIntoStoreOptions,
  type IngestSummary,
  ingestIntoStore,
  type ValueProblem,
} from '../ingest-into-store.js';
