import type { Event } from '../core/index.js';
import { UsageError } from '../core/index.js';
import { defaultInputLimits } from '../guard/index.js';
import { EventContext } from './event/event-context.js';
import { createFormatRegistry, type FormatRegistry } from './formats/registry.js';
import { DrainTemplateMiner } from './formats/text/drain.js';
import { defaultMaxRecordBytes } from './framing/framed-item.js';
import { openInputs } from './input/open-inputs.js';
import { type FieldMapping, loadFieldMapping } from './mapping/field-mapping.js';
import { readMember } from './read-member.js';
import type { IngestBatch, ReadOptions, Rejection } from './types.js';

const defaultBatchSize = 1000;
/**
 * Raw text per batch before it is handed over. Events of a batch live until the consumer lets
 * go of it, and the young-generation GC copies every live object it meets: a batch bounded in
 * bytes keeps that copying small whatever the record size (1000 Windows events are 2 MB of raw
 * text and about 6 MB of heap; 1000 Zeek events a fifth of that).
 */
const defaultBatchBytes = 256 * 1024;

/** Options for embedding: a different registry or stdin (tests, the API). */
export interface ReadEnvironment {
  registry?: FormatRegistry;
  stdin?: AsyncIterable<Buffer>;
}

/**
 * Streams events from files, directories (recursive), `.gz`, `.zip` and `.tar[.gz]` members, or
 * `-` (stdin), in batches of `batchSize` events. Never throws for bad content: a malformed record,
 * an overlong line, a binary file, a truncated archive or an input that cannot be opened becomes a
 * `Rejection` and reading goes on with the rest. Throws `UsageError` for an unknown `format` and
 * the mapping file's own errors (`InputUnreadableError`, `InputInvalidError`), before reading.
 * Memory stays bounded: one batch, one record, and per-input fingerprint state.
 */
export async function* readEvents(
  inputs: string[],
  options: ReadOptions = {},
  environment: ReadEnvironment = {},
): AsyncGenerator<IngestBatch> {
  const registry = environment.registry ?? createFormatRegistry();
  const forcedFormat = options.format === undefined ? undefined : registry.get(options.format);
  if (options.format !== undefined && !forcedFormat) {
    throw new UsageError(`unknown format "${options.format}"; known formats: ${[...registry.keys()].join(', ')}`);
  }
  const mapping: FieldMapping | undefined = options.mappingFile
    ? await loadFieldMapping(options.mappingFile)
    : undefined;
  const batchSize = Math.max(1, options.batchSize ?? defaultBatchSize);
  const batchBytes = Math.max(1, options.batchBytes ?? defaultBatchBytes);
  const memberOptions = {
    registry,
    forcedFormat,
    mapping,
    templateMiner: new DrainTemplateMiner(),
    eventContext: new EventContext(),
    maxRecordBytes: options.maxRecordBytes ?? options.limits?.maxRecordBytes ?? defaultMaxRecordBytes,
    signal: options.signal,
    recordSnapshots: options.recordSnapshots,
  };
  let events: Event[] = [];
  let rejected: Rejection[] = [];
  let bytes = 0;
  for await (const item of openInputs(inputs, environment.stdin, { ...defaultInputLimits, ...options.limits })) {
    options.signal?.throwIfAborted();
    if (item.type === 'failure') {
      rejected.push({ file: item.file, reason: item.reason });
      continue;
    }
    for await (const outputs of readMember(item.member, memberOptions)) {
      for (const output of outputs) {
        if (output.type === 'reject') {
          rejected.push(output.rejection);
          continue;
        }
        events.push(output.event);
        bytes += output.event.raw.length;
        if (events.length >= batchSize || bytes >= batchBytes) {
          yield { events, rejected };
          events = [];
          rejected = [];
          bytes = 0;
        }
      }
    }
  }
  if (events.length > 0 || rejected.length > 0) yield { events, rejected };
}

/** Names accepted by `--format`. */
export function listFormats(registry: FormatRegistry = createFormatRegistry()): string[] {
  return [...registry.keys()];
}
