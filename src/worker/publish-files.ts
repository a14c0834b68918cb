/**
 * Publishes log files to the records topic as chunks of lines (the ingest stage parses them).
 * Inputs are opened as `vigil ingest` opens them (ingest's `openInputs`): plain files, `.gz`,
 * `.zip` and `.tar[.gz]` archives member by member, directories recursively, each input under
 * the same decompression and member quotas, lines cut by ingest's line framer. The key is the
 * member, so one member's chunks stay in order in one partition. What cannot be read is reported
 * in `failures`, refused lines go to the store as rejections with their line, and the rest is sent.
 */
import { basename } from 'node:path';
import { Readable } from 'node:stream';
import type { EventBus } from '../bus/index.js';
import {
  decodeUtf16,
  defaultInputLimits,
  defaultMaxRecordBytes,
  describeStreamError,
  type FramedItem,
  type InputLimits,
  LineFramer,
  type Member,
  openInputs,
} from '../ingest/index.js';
import { type EventBatch, type RecordChunk, topics } from './topics.js';

export interface PublishFilesOptions {
  /** Lines per chunk. Default 500. */
  chunkLines?: number;
  format?: string;
  /** Name written as the events' source; default the base name of the file or archive member. */
  sourceOf?: (name: string) => string;
  /** Decompression and member quotas per input; default ingest's. */
  limits?: Partial<InputLimits>;
  /** Longest line in bytes (default 1 MiB, as for `vigil ingest`); a longer one is refused by its line. */
  maxRecordBytes?: number;
}

export interface PublishedFiles {
  lines: number;
  /** Lines refused while framing (NUL bytes, invalid UTF-8, over the record limit), sent to the store as rejections. */
  rejected: number;
  chunks: number;
  /** Inputs or members that could not be read (corrupt archive, truncated gzip, quota), by name. */
  failures: { file: string; reason: string }[];
}

export async function publishFiles(
  bus: EventBus,
  paths: readonly string[],
  options: PublishFilesOptions = {},
): Promise<PublishedFiles> {
  const published: PublishedFiles = { lines: 0, rejected: 0, chunks: 0, failures: [] };
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
  let rejected: { file: string; line: number; reason: string }[] = [];
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
    // Lines refused while framing travel ahead of their chunk (same key, same partition), so the
    // ingest stage records them with their positions as it records its own rejections.
    const refusals: EventBatch[] = rejected.length > 0 ? [{ type: 'events', source, events: [], rejected }] : [];
    await bus.publish(
      topics.records,
      [...refusals, chunk].map((payload) => ({ key: source, payload })),
    );
    published.chunks++;
    firstLine += buffer.length;
    buffer = [];
    rejected = [];
  };
  const add = async (line: string) => {
    // Zeek-style `#` header lines (and a CSV file's first line) travel with every later chunk.
    if (inHeader && (line.startsWith('#') || (header.length === 0 && firstLine + buffer.length === 1 && csv)))
      header.push(line);
    else inHeader = false;
    buffer.push(line);
    published.lines++;
    if (buffer.length >= chunkLines) await flush();
  };
  // The framer `vigil ingest` reads files with: a line over the record limit is dropped as it
  // streams by, NUL bytes and invalid UTF-8 refuse their line only, each named by its line.
  const framer = new LineFramer(
    options.maxRecordBytes ?? options.limits?.maxRecordBytes ?? defaultMaxRecordBytes,
    true,
  );
  const take = async (items: FramedItem[]) => {
    for (const item of items) {
      const line = item.type === 'record' ? item.record.line : item.line;
      while (firstLine + buffer.length < line) await add('');
      if (item.type === 'record') await add(item.record.text);
      else {
        rejected.push({ file: source, line, reason: item.reason });
        published.rejected++;
        await add('');
      }
    }
  };
  try {
    for await (const bytes of decodeUtf16(member.chunks)) await take(framer.push(bytes));
    await take(framer.end());
  } catch (error) {
    await take(framer.end(describeStreamError(error)));
    published.failures.push({ file: member.name, reason: describeStreamError(error) });
  }
  await flush();
}
