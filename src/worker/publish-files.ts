/**
 * Publishes log files to the records topic as chunks of lines (the ingest stage parses them).
 * Inputs are opened as `vigil ingest` opens them (ingest's `openInputs`): plain files, `.gz`,
 * `.zip` and `.tar[.gz]` archives member by member, directories recursively, each input under
 * the same decompression and member quotas. The key is the member, so one member's chunks stay
 * in order in one partition. What cannot be read is reported in `failures`, and the rest is sent.
 */
import { basename } from 'node:path';
import { createInterface } from 'node:readline';
import { Readable } from 'node:stream';
import type { EventBus } from '../bus/index.js';
import {
  decodeUtf16,
  defaultInputLimits,
  describeStreamError,
  type InputLimits,
  type Member,
  openInputs,
} from '../ingest/index.js';
import { type RecordChunk, topics } from './topics.js';

export interface PublishFilesOptions {
  /** Lines per chunk. Default 500. */
  chunkLines?: number;
  format?: string;
  /** Name written as the events' source; default the base name of the file or archive member. */
  sourceOf?: (name: string) => string;
  /** Decompression and member quotas per input; default ingest's. */
  limits?: Partial<InputLimits>;
}

export interface PublishedFiles {
  lines: number;
  chunks: number;
  /** Inputs or members that could not be read (corrupt archive, truncated gzip, quota), by name. */
  failures: { file: string; reason: string }[];
}

export async function publishFiles(
  bus: EventBus,
  paths: readonly string[],
  options: PublishFilesOptions = {},
): Promise<PublishedFiles> {
  const published: PublishedFiles = { lines: 0, chunks: 0, failures: [] };
  const limits = { ...defaultInputLimits, ...options.limits };
  for await (const item of openInputs(paths, Readable.from([]), limits)) {
    if (item.type === 'failure') published.failures.push({ file: item.file, reason: item.reason });
    else await publishMember(bus, item.member, options, published);
  }
  return published;
}

async function publishMember(
  bus: EventBus,
  member: Member,
  options: PublishFilesOptions,
  published: PublishedFiles,
): Promise<void> {
  const chunkLines = options.chunkLines ?? 500;
  const source = options.sourceOf?.(member.name) ?? basename(member.name);
  const csv = member.name.toLowerCase().endsWith('.csv');
  let buffer: string[] = [];
  let firstLine = 1;
  const header: string[] = [];
  let inHeader = true;
  const flush = async () => {
    if (buffer.length === 0) return;
    const chunk: RecordChunk = {
      source,
      firstLine,
      text: `${buffer.join('\n')}\n`,
      ...(options.format ? { format: options.format } : {}),
      ...(header.length > 0 && firstLine > header.length + 1 ? { header: `${header.join('\n')}\n` } : {}),
    };
    await bus.publish(topics.records, [{ key: source, payload: chunk }]);
    published.chunks++;
    firstLine += buffer.length;
    buffer = [];
  };
  const lines = createInterface({
    input: Readable.from(decodeUtf16(member.chunks)),
    crlfDelay: Number.POSITIVE_INFINITY,
  });
  try {
    for await (const line of lines) {
      // Zeek-style `#` header lines (and a CSV file's first line) travel with every later chunk.
      if (inHeader && (line.startsWith('#') || (header.length === 0 && firstLine + buffer.length === 1 && csv)))
        header.push(line);
      else inHeader = false;
      buffer.push(line);
      published.lines++;
      if (buffer.length >= chunkLines) await flush();
    }
  } catch (error) {
    published.failures.push({ file: member.name, reason: describeStreamError(error) });
  }
  await flush();
}
