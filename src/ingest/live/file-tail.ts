import { hash } from 'node:crypto';
import { type FileHandle, open, stat } from 'node:fs/promises';
import { setTimeout as sleep } from 'node:timers/promises';
import type { Event } from '../../core/index.js';
import type { EventIdentifier } from '../event/build-event.js';
import { createFormatRegistry, type FormatRegistry, sniffFormat } from '../formats/registry.js';
import { DrainTemplateMiner } from '../formats/text/drain.js';
import { defaultMaxRecordBytes } from '../framing/framed-item.js';
import { LineFramer } from '../framing/line-framer.js';
import { sampleOf } from '../read-member.js';
import { RecordProcessor } from '../record-processor.js';
import type { FormatDefinition, IngestBatch, Rejection } from '../types.js';
import type { LiveFormatOptions } from './live-processor.js';

/** Where a tail stopped: save it with what the batch produced, pass it back as `from` to resume. */
export interface TailCheckpoint {
  path: string;
  device: number;
  inode: number;
  /** Times the file was found truncated in place (copytruncate rotation), so ids stay unique. */
  generation: number;
  /** Bytes consumed: the end of the last complete line handed over. */
  offset: number;
  /** Lines consumed (the last handed-over line's number). */
  line: number;
  /**
   * sha256 of the file's first `headBytes` bytes: a file truncated and rewritten to the same
   * size between two looks, or a new file that reused the inode, differs there.
   */
  head?: string;
  headBytes?: number;
}

const headLength = 64;

async function readHead(handle: FileHandle, length: number): Promise<string | undefined> {
  const bytes = Buffer.alloc(length);
  const { bytesRead } = await handle.read(bytes, 0, length, 0);
  return bytesRead === length ? hash('sha256', bytes, 'hex') : undefined;
}

/** Records the head of the file once it has one; an existing head is kept. */
async function noteHead(handle: FileHandle, checkpoint: TailCheckpoint, size: number): Promise<void> {
  if (checkpoint.head !== undefined || size === 0) return;
  const length = Math.min(headLength, size);
  checkpoint.head = await readHead(handle, length);
  checkpoint.headBytes = checkpoint.head === undefined ? undefined : length;
}

/** True when the file still starts with the bytes the checkpoint saw (or the checkpoint saw none). */
async function sameHead(handle: FileHandle, checkpoint: TailCheckpoint): Promise<boolean> {
  if (checkpoint.head === undefined || checkpoint.headBytes === undefined) return true;
  return (await readHead(handle, checkpoint.headBytes)) === checkpoint.head;
}

export interface TailBatch extends IngestBatch {
  /** Position after every record of this batch and the batches before it. */
  checkpoint: TailCheckpoint;
}

export interface TailOptions extends LiveFormatOptions {
  /** Resume here; ignored when the file at `path` is another file now (rotated) or shorter (truncated). */
  from?: TailCheckpoint;
  /** Wait for more lines at the end of the file (default true); false stops there. */
  follow?: boolean;
  pollIntervalMs?: number;
  /** Events after which a batch is handed over at the next read boundary (default 1000). */
  batchSize?: number;
  /** Bytes read at a time (default 64 KiB). */
  readBytes?: number;
  maxRecordBytes?: number;
  signal?: AbortSignal;
}

/**
 * Ids for tailed lines: sha256 of format, file identity and line number with the line's text.
 * A tail may restart anywhere, so it cannot count earlier copies of a line the way a one-shot
 * read does; the position makes every line's id unique and the same across restarts.
 */
class PositionIdentifier implements EventIdentifier {
  constructor(private readonly prefix: string) {}

  idFor(raw: string, line: number): string {
    return hash('sha256', `${this.prefix}${line}\u0000${raw}`, 'hex').slice(0, 32);
  }
}

interface OpenFile {
  handle: FileHandle;
  checkpoint: TailCheckpoint;
  /** Line number before the first line this file's framer sees. */
  baseLine: number;
  readPosition: number;
  framer: LineFramer;
  processor: RecordProcessor;
}

async function chooseFormat(
  handle: FileHandle,
  path: string,
  options: TailOptions,
  registry: FormatRegistry,
): Promise<FormatDefinition> {
  if (options.format !== undefined) {
    const format = registry.get(options.format);
    if (!format) throw new Error(`unknown format "${options.format}"`);
    return format;
  }
  const prefix = Buffer.alloc(64 * 1024);
  const { bytesRead } = await handle.read(prefix, 0, prefix.length, 0);
  const complete = prefix.subarray(0, prefix.lastIndexOf(0x0a, bytesRead - 1) + 1);
  return sniffFormat(
    sampleOf(path, new LineFramer(options.maxRecordBytes ?? defaultMaxRecordBytes).push(complete)),
    registry,
  );
}

/** Opens the file at `path`, resuming at `from` when it is still that file and not shorter than it. */
async function openAt(
  path: string,
  from: TailCheckpoint | undefined,
  options: TailOptions,
  registry: FormatRegistry,
  truncated = false,
): Promise<OpenFile> {
  const handle = await open(path, 'r');
  const status = await handle.stat();
  const sameFile = from !== undefined && from.device === status.dev && from.inode === status.ino;
  const resume = sameFile && !truncated && from.offset <= status.size && (await sameHead(handle, from));
  const checkpoint: TailCheckpoint = resume
    ? { ...from, path }
    : {
        path,
        device: status.dev,
        inode: status.ino,
        generation: sameFile ? from.generation + 1 : 0,
        offset: 0,
        line: 0,
      };
  await noteHead(handle, checkpoint, status.size);
  const format = await chooseFormat(handle, path, options, registry);
  const identity = `${format.name}\u0002${checkpoint.device}:${checkpoint.inode}:${checkpoint.generation}:`;
  const processor = new RecordProcessor({
    format,
    sourceName: path,
    registry,
    mapping: options.mapping,
    templateMiner: new DrainTemplateMiner(),
    referenceTime: status.mtime,
    identifier: new PositionIdentifier(identity),
  });
  const framer = new LineFramer(options.maxRecordBytes ?? defaultMaxRecordBytes);
  return { handle, checkpoint, baseLine: checkpoint.line, readPosition: checkpoint.offset, framer, processor };
}

function countNewlines(bytes: Buffer): number {
  let count = 0;
  for (let index = bytes.indexOf(0x0a); index !== -1; index = bytes.indexOf(0x0a, index + 1)) count += 1;
  return count;
}

/**
 * Follows a growing log file line by line, from a checkpoint, like `tail -F`: each batch carries
 * the checkpoint to save with its results, and a tail started from a saved checkpoint goes on
 * with exactly the next line (no line twice, none skipped), even after the process was killed.
 * Only newline-terminated lines are handed over; a partial last line waits for its end.
 * Rotation (a new file at the path) switches to the new file from its start once the old one is
 * read to its end; truncation in place starts again from the beginning. A pull-based generator:
 * a slow consumer simply reads slower, and memory holds one read and one batch.
 */
export async function* tailFile(path: string, options: TailOptions = {}): AsyncGenerator<TailBatch> {
  const registry = options.registry ?? createFormatRegistry();
  const batchSize = Math.max(1, options.batchSize ?? 1000);
  const buffer = Buffer.allocUnsafe(options.readBytes ?? 64 * 1024);
  let file = await openAt(path, options.from, options, registry);
  let events: Event[] = [];
  let rejected: Rejection[] = [];
  const handOver = (): TailBatch => {
    const batch = { events, rejected, checkpoint: { ...file.checkpoint } };
    events = [];
    rejected = [];
    return batch;
  };
  try {
    for (;;) {
      options.signal?.throwIfAborted();
      const { bytesRead } = await file.handle.read(buffer, 0, buffer.length, file.readPosition);
      if (bytesRead > 0) {
        if (file.checkpoint.head === undefined)
          await noteHead(file.handle, file.checkpoint, file.readPosition + bytesRead);
        const chunk = buffer.subarray(0, bytesRead);
        const lastNewline = chunk.lastIndexOf(0x0a);
        if (lastNewline !== -1) {
          file.checkpoint.offset = file.readPosition + lastNewline + 1;
          file.checkpoint.line += countNewlines(chunk);
        }
        file.readPosition += bytesRead;
        for (const item of file.framer.push(chunk)) {
          if (item.type === 'reject') {
            rejected.push({ file: path, line: file.baseLine + item.line, reason: item.reason });
            continue;
          }
          const output = file.processor.process({ text: item.record.text, line: file.baseLine + item.record.line });
          if (output?.type === 'event') events.push(output.event);
          else if (output) rejected.push(output.rejection);
        }
        if (events.length >= batchSize) yield handOver();
        continue;
      }
      if (events.length > 0 || rejected.length > 0) yield handOver();
      if (options.follow === false) return;
      const next = await stat(path).catch(() => undefined);
      const rotated = next !== undefined && (next.ino !== file.checkpoint.inode || next.dev !== file.checkpoint.device);
      const truncated =
        next !== undefined &&
        !rotated &&
        (next.size < file.readPosition || !(await sameHead(file.handle, file.checkpoint)));
      if (rotated || truncated) {
        await file.handle.close();
        file = await openAt(path, rotated ? undefined : file.checkpoint, options, registry, truncated);
        continue;
      }
      await sleep(options.pollIntervalMs ?? 250, undefined, { signal: options.signal });
    }
  } finally {
    await file.handle.close();
  }
}
