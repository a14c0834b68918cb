/** @module ingest: reads log files, archives, streams and live inputs into normalised Vigil events. */

export { defaultInputLimits, type InputLimits } from '../guard/index.js';
export { decodedPowerShell, describeEvent, eventSourceName, humanBytes } from './event/describe-event.js';
export { extractObservables } from './event/observables.js';
export { builtinFormats, createFormatRegistry, type FormatRegistry, sniffFormat } from './formats/registry.js';
export { type DrainOptions, DrainTemplateMiner, type TemplateMatch } from './formats/text/drain.js';
export { defaultMaxRecordBytes, type FramedItem } from './framing/framed-item.js';
export { LineFramer } from './framing/line-framer.js';
export { describeStreamError, type InputItem, type Member } from './input/member.js';
export { openInputs } from './input/open-inputs.js';
export { decodeUtf16 } from './input/utf16.js';
export { FileCheckpointStore } from './live/checkpoint-store.js';
export { EventQueue, type EventQueueOptions } from './live/event-queue.js';
export { type TailBatch, type TailCheckpoint, type TailOptions, tailFile } from './live/file-tail.js';
export { createHecHandler, type HecHandler, type HecHandlerOptions } from './live/hec/hec-handler.js';
export {
  createHecRequestListener,
  type HecRequestListenerOptions,
  startHecServer,
} from './live/hec/hec-node-adapter.js';
export { type HecRequest, type HecResponse, type HecToken, hecStatus } from './live/hec/hec-protocol.js';
export type { LiveFormatOptions } from './live/live-processor.js';
export {
  type ListenAddress,
  type SyslogListener,
  type SyslogListenerOptions,
  type SyslogListenerStatistics,
  startSyslogListener,
} from './live/syslog-listener.js';
export { SyslogStreamFramer } from './live/syslog-stream-framer.js';
export { type FieldMapping, fieldMappingSchema, loadFieldMapping } from './mapping/field-mapping.js';
export { listFormats, type ReadEnvironment, readEvents } from './read-events.js';
export type {
  EventDraft,
  FormatDefinition,
  IngestBatch,
  ParseOutcome,
  ParserContext,
  RawRecord,
  ReadOptions,
  RecordParser,
  Rejection,
  SniffSample,
} from './types.js';
