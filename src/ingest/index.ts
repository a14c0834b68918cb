/** @module ingest: reads log files, archives and streams into normalised Vigil events. */

export { extractObservables } from './event/observables.js';
export { refang } from './event/refang.js';
export { builtinFormats, createFormatRegistry, type FormatRegistry, sniffFormat } from './formats/registry.js';
export { type DrainOptions, DrainTemplateMiner, type TemplateMatch } from './formats/text/drain.js';
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
