/**
 * Contracts of the ingest layer: what a caller gets (batches of events and rejections) and what a
 * format plugs in (a sniffer and a stateful per-input parser). Formats are plain values collected
 * in `formats/registry.ts`; nothing registers itself at import time.
 */
import type { Event, LogFormat, RecordSnapshot } from '../core/index.js';
import type { InputLimits } from '../guard/index.js';
import type { DrainTemplateMiner } from './formats/text/drain.js';
import type { FieldMapping } from './mapping/field-mapping.js';

/** A record that could not be turned into an event, or an input that could not be read. */
export interface Rejection {
  file: string;
  /** 1-based line where the record starts; absent when the whole input failed. */
  line?: number;
  reason: string;
}

/** What `readEvents` yields: events and the rejections met while reading them, in input order. */
export interface IngestBatch {
  events: Event[];
  rejected: Rejection[];
}

export interface ReadOptions {
  /** Force a format by name (see `listFormats()`); otherwise each input is sniffed. */
  format?: string;
  /** YAML or JSON field-mapping file for generic JSON lines / CSV sources. */
  mappingFile?: string;
  /** Most events per yielded batch (default 1000). */
  batchSize?: number;
  /**
   * Raw text (in UTF-16 code units) after which a batch is yielded even if it holds fewer than
   * `batchSize` events (default 256 KiB): bounds the memory a batch holds whatever the record size.
   */
  batchBytes?: number;
  /** Stops reading between records. */
  signal?: AbortSignal;
  /** Longest accepted record in bytes (default 1 MiB); longer records are rejected, not truncated. */
  maxRecordBytes?: number;
  /** Decompressed volume and archive members one input may expand to (see `InputLimits`). */
  limits?: Partial<InputLimits>;
  /**
   * Keep each JSON record's parsed keys and values beside its event (`RecordSnapshot`), so a
   * store writing the events keeps only what normalisation changed. For callers that store.
   */
  recordSnapshots?: boolean;
}

/** One record as framed from an input: a line, a JSON array element, or a CSV record. */
export interface RawRecord {
  text: string;
  /** 1-based line where the record starts. */
  line: number;
}

/** What a parser makes of one record before the shared builder adds id, origin and observables. */
export type EventDraft = Partial<Omit<Event, 'id' | 'origin' | 'raw' | 'fields'>> & {
  fields: Record<string, unknown>;
  /** Sub-type within the format (Zeek path, EVE event_type, Windows channel, syslog program…). */
  dataset?: string;
  /** Free text worth scanning for observables (URLs, IPs, defanged domains, hashes). */
  freeText?: string[];
  /** The record's JSON as parsed, before normalisation changed it: lets the store keep only the changes. */
  record?: RecordSnapshot;
};

export type ParseOutcome =
  | { type: 'event'; draft: EventDraft }
  /** Not an event and not an error: a Zeek header, a CSV header line, a comment. */
  | { type: 'skip' }
  | { type: 'reject'; reason: string };

/** Stateful parser for one input (one file or one archive member). */
export interface RecordParser {
  parse(record: RawRecord): ParseOutcome;
}

/** How records are cut from an input. JSON arrays and multi-line JSON documents are detected from content. */
export type Framing = 'lines' | 'csv';

/** The first records of an input, as sniffers see them. */
export interface SniffSample {
  /** Name of the file or archive member, for hints such as `conn.log`. */
  fileName: string;
  /** First non-empty records (lines, or JSON values when the input is a JSON array or document sequence). */
  records: string[];
  /** The same records parsed as JSON objects where they are objects, else undefined. Parsed once for all sniffers. */
  objects: (Record<string, unknown> | undefined)[];
}

/** Everything a parser may need besides the record; created once per input. */
export interface ParserContext {
  fileName: string;
  /** Time to assume for records without a year or without any time (the file's modification time). */
  referenceTime: Date;
  mapping: FieldMapping | undefined;
  /** Shared across inputs of one `readEvents` call, so templates learnt in one file serve the next. */
  templateMiner: DrainTemplateMiner;
  /** Parses an embedded record (Splunk `_raw`) with another format, for formats that wrap others. */
  parseEmbedded(formatName: string, text: string): ParseOutcome | undefined;
  /** JSON parsers put the record's snapshot on the draft (`EventDraft.record`); see `ReadOptions`. */
  recordSnapshots?: boolean;
}

/** A log format Vigil can read: a plain value, collected in the registry. */
export interface FormatDefinition {
  /** Name accepted by `--format`. */
  readonly name: string;
  /** Value written to `Event.origin.format`. */
  readonly logFormat: LogFormat;
  readonly description: string;
  readonly framing: Framing;
  /** Confidence 0..1 that the sample is in this format. */
  sniff(sample: SniffSample): number;
  createParser(context: ParserContext): RecordParser;
}
