/** @module worker: the pipeline as stage workers over the event bus (`vigil worker`, `vigil ingest-listener`). */
export { BoundedIdSet } from './bounded-id-set.js';
export { type ListedDeadLetter, listDeadLetters } from './dead-letters.js';
export { type HecListener, type HecListenerOptions, startHecListener } from './hec-listener.js';
export { type DeadLetter, isPoisonError } from './poison-isolation.js';
export { type EventQueuePump, pumpEventQueue } from './publish-event-queue.js';
export { type PublishFilesOptions, publishFiles } from './publish-files.js';
export {
  type RespondCounters,
  type RespondWorker,
  type RespondWorkerOptions,
  startRespondWorker,
} from './respond/respond-worker.js';
export type { CorrelateStageOptions } from './stages/correlate-stage.js';
export { parseChunk } from './stages/ingest-stage.js';
export { createRespondStage, type RespondStageOptions } from './stages/respond-stage.js';
export { pipelineStageNames, type StageName, stageNames } from './stages/stage.js';
export { parseStages, startWorker, type Worker, type WorkerOptions } from './start-worker.js';
export { type SyslogPublisher, type SyslogPublisherOptions, startSyslogPublisher } from './syslog-publisher.js';
export {
  type AlertMessage,
  type EventBatch,
  eventBatchSchema,
  hostKeyOf,
  type IncidentMessage,
  type PlanMessage,
  planMessageSchema,
  type RecordChunk,
  recordChunkSchema,
  recordMessageSchema,
  topics,
} from './topics.js';
