/** @module worker: the pipeline as stage workers over the event bus (`vigil worker`, `vigil ingest-listener`). */
export { BoundedIdSet } from './bounded-id-set.js';
export { type PublishFilesOptions, publishFiles } from './publish-files.js';
export type { CorrelateStageOptions } from './stages/correlate-stage.js';
export { parseChunk } from './stages/ingest-stage.js';
export { type StageName, stageNames } from './stages/stage.js';
export { parseStages, startWorker, type Worker, type WorkerOptions } from './start-worker.js';
export {
  type SyslogCounters,
  type SyslogListener,
  type SyslogListenerOptions,
  startSyslogListener,
} from './syslog-listener.js';
export {
  type AlertMessage,
  hostKeyOf,
  type IncidentMessage,
  type RecordChunk,
  recordChunkSchema,
  topics,
} from './topics.js';
