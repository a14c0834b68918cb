import { parseBoundedJson } from '../guard/index.js';
import type { EventContext } from './event/event-context.js';
import { Fingerprinter } from './event/fingerprint.js';
import { type FormatRegistry, sniffFormat } from './formats/registry.js';
import type { DrainTemplateMiner } from './formats/text/drain.js';
import { binaryShare, chooseByteFraming, createFramer } from './framing/choose-framing.js';
import type { FramedItem } from './framing/framed-item.js';
import { describeBinary, knownBinaryKind } from './input/binary-kinds.js';
import { describeStreamError, type Member } from './input/member.js';
import { prependChunks, readPrefix } from './input/prefix.js';
import { decodeUtf16 } from './input/utf16.js';
import type { FieldMapping } from './mapping/field-mapping.js';
import { type RecordOutput, RecordProcessor } from './record-processor.js';
import type { FormatDefinition, SniffSample } from './types.js';

const sniffBytes = 64 * 1024;
const sniffRecords = 20;

export interface MemberReadOptions {
  registry: FormatRegistry;
  forcedFormat: FormatDefinition | undefined;
  mapping: FieldMapping | undefined;
  templateMiner: DrainTemplateMiner;
  eventContext?: EventContext;
  maxRecordBytes: number;
  signal: AbortSignal | undefined;
  recordSnapshots?: boolean;
}

/** What reading a member produces, in input order. */
export type MemberOutput = RecordOutput;

/** The first records of an input as sniffers see them. */
export function sampleOf(fileName: string, items: FramedItem[]): SniffSample {
  const records: string[] = [];
  for (const item of items) {
    if (item.type === 'record') records.push(item.record.text);
    if (records.length >= sniffRecords) break;
  }
  const objects = records.map((record) => {
    const trimmed = record.trimStart();
    if (!trimmed.startsWith('{')) return undefined;
    try {
      const value: unknown = parseBoundedJson(trimmed);
      return value !== null && typeof value === 'object' && !Array.isArray(value)
        ? (value as Record<string, unknown>)
        : undefined;
    } catch {
      return undefined;
    }
  });
  const baseName = fileName.slice(Math.max(fileName.lastIndexOf('/'), fileName.lastIndexOf(':')) + 1);
  return { fileName: baseName, records, objects };
}

/**
 * True when most newline-separated segments of the prefix are free of control bytes: a text log
 * with a few binary records (an 8 KiB NUL line first) is read record by record, each bad record
 * rejected with its line; a binary file (whose segments almost never are) is refused whole.
 */
function mostlyTextLines(prefix: Buffer): boolean {
  let text = 0;
  let binary = 0;
  let start = 0;
  while (start < prefix.length) {
    let end = prefix.indexOf(0x0a, start);
    if (end === -1) end = prefix.length;
    if (end > start) {
      if (binaryShare(prefix.subarray(start, Math.min(end, start + 4096))) === 0) text++;
      else binary++;
    }
    start = end + 1;
  }
  return text > 0 && text >= binary;
}

/**
 * Reads one member: sniffs its framing and format from the first 64 KiB, then streams it record by
 * record. Yields arrays (one per chunk) so the per-record cost stays low; never throws for bad
 * content: malformed records, overlong lines, binary data and truncated streams become rejections.
 */
export async function* readMember(member: Member, options: MemberReadOptions): AsyncGenerator<MemberOutput[]> {
  const file = member.name;
  let prefixParts: Buffer[];
  let rest: AsyncIterator<Buffer>;
  try {
    ({ prefix: prefixParts, rest } = await readPrefix(decodeUtf16(member.chunks), sniffBytes));
  } catch (error) {
    yield [{ type: 'reject', rejection: { file, reason: describeStreamError(error) } }];
    return;
  }
  const prefix = Buffer.concat(prefixParts);
  if (knownBinaryKind(prefix) !== undefined || (binaryShare(prefix) > 0.1 && !mostlyTextLines(prefix))) {
    await rest.return?.();
    yield [{ type: 'reject', rejection: { file, reason: describeBinary(prefix) } }];
    return;
  }
  const framing = chooseByteFraming(prefix);
  const sample = sampleOf(file, createFramer(framing, false, options.maxRecordBytes).push(prefix));
  const format = options.forcedFormat ?? sniffFormat(sample, options.registry);
  const processor = new RecordProcessor({
    format,
    sourceName: file,
    registry: options.registry,
    mapping: options.mapping,
    templateMiner: options.templateMiner,
    eventContext: options.eventContext,
    referenceTime: member.modifiedTime,
    identifier: new Fingerprinter(format.name),
    recordSnapshots: options.recordSnapshots,
  });
  const framer = createFramer(framing, format.framing === 'csv', options.maxRecordBytes);
  const process = (items: FramedItem[]): MemberOutput[] => {
    const output: MemberOutput[] = [];
    for (const item of items) {
      if (item.type === 'reject') {
        output.push({ type: 'reject', rejection: { file, line: item.line, reason: item.reason } });
        continue;
      }
      const result = processor.process(item.record);
      if (result) output.push(result);
    }
    return output;
  };
  let failure: string | undefined;
  try {
    for await (const chunk of prependChunks([prefix], rest)) {
      options.signal?.throwIfAborted();
      const output = process(framer.push(chunk));
      if (output.length > 0) yield output;
    }
  } catch (error) {
    if (options.signal?.aborted) throw error;
    failure = describeStreamError(error);
  }
  const output = process(framer.end(failure));
  if (output.length > 0) yield output;
}
