import { hash } from 'node:crypto';
import { constants, type Stats } from 'node:fs';
import { type FileHandle, open, readdir, stat } from 'node:fs/promises';
import { basename, dirname, join } from 'node:path';
import { setTimeout as sleep } from 'node:timers/promises';
import { type Event, InputUnreadableError } from '../../core/index.js';
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

/**
 * Something the tail noticed about the file itself: truncated in place, rotated, replaced by
 * something that is not a regular file, resumed in a rotated copy. `mayHaveLost` says whether
 * lines may have been written that the tail could not read (the OS cannot tell it for sure).
 */
export interface TailNotice {
  path: string;
  /** The last line read before it happened. */
  line: number;
  message: string;
  mayHaveLost: boolean;
}

export interface TailBatch extends IngestBatch {
  /** Position after every record of this batch and the batches before it. */
  checkpoint: TailCheckpoint;
  /** What happened to the file since the last batch, in order. */
  notices: TailNotice[];
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
  /** The path read: the tailed path, or a rotated copy of it being read to its end. */
  readingPath: string;
  /** True once the file is known replaced at the tailed path: read to its end, then switch. */
  draining: boolean;
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

/**
 * The file at `path` opened for reading if it is a regular file; undefined for a FIFO, device,
 * socket or folder (opened non-blocking, so a FIFO cannot hang the tail, then checked).
 */
async function openRegular(path: string): Promise<{ handle: FileHandle; status: Stats } | undefined> {
  const handle = await open(path, constants.O_RDONLY | constants.O_NONBLOCK);
  const status = await handle.stat();
  if (status.isFile()) return { handle, status };
  await handle.close();
  return undefined;
}

/** A rotated copy of the checkpoint's file beside `path` (`app.log.1`, `app.log-20240302`), found by device and inode. */
async function findRotated(path: string, from: TailCheckpoint): Promise<string | undefined> {
  const folder = dirname(path);
  const prefix = basename(path);
  const names = await readdir(folder).catch(() => [] as string[]);
  for (const name of names.filter((candidate) => candidate !== prefix && candidate.startsWith(prefix)).sort()) {
    const found = await stat(join(folder, name)).catch(() => undefined);
    if (found?.isFile() && found.dev === from.device && found.ino === from.inode) return join(folder, name);
  }
  return undefined;
}

/** Opens the file at `path`, resuming at `from` when it is still that file and not shorter than it. */
async function openAt(
  path: string,
  from: TailCheckpoint | undefined,
  options: TailOptions,
  registry: FormatRegistry,
  notices: TailNotice[],
  truncated = false,
): Promise<OpenFile> {
  let readingPath = path;
  let opened = await openRegular(path);
  if (!opened) throw new InputUnreadableError(`cannot tail ${path}: not a regular file (a FIFO, device or folder)`);
  let draining = false;
  if (from !== undefined && (opened.status.dev !== from.device || opened.status.ino !== from.inode)) {
    // Rotated while the tail was stopped: finish the old file where it now lies, if it is beside it.
    const rotated = await findRotated(path, from);
    const old = rotated ? await openRegular(rotated).catch(() => undefined) : undefined;
    if (rotated && old && from.offset <= old.status.size && (await sameHead(old.handle, from))) {
      await opened.handle.close();
      opened = old;
      readingPath = rotated;
      draining = true;
      notices.push({
        path,
        line: from.line,
        message: `${path} was rotated while the tail was stopped: reading the rest of ${rotated} from line ${from.line + 1}, then the new file`,
        mayHaveLost: false,
      });
    } else {
      await old?.handle.close();
      notices.push({
        path,
        line: from.line,
        message: `${path} is another file than the checkpoint's and its old file is not beside it: lines after line ${from.line} of the old file may be lost; reading the new file from its start`,
        mayHaveLost: true,
      });
    }
  }
  const { handle, status } = opened;
  const sameFile = from !== undefined && from.device === status.dev && from.inode === status.ino;
  const resume = sameFile && !truncated && from.offset <= status.size && (await sameHead(handle, from));
  if (sameFile && !resume && !truncated)
    notices.push({
      path,
      line: from.line,
      message: `${path} was truncated or rewritten while the tail was stopped (it no longer holds line ${from.line} where it was): reading it from its start; lines written before the truncation may be lost`,
      mayHaveLost: true,
    });
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
    sourceName: readingPath,
    registry,
    mapping: options.mapping,
    templateMiner: new DrainTemplateMiner(),
    referenceTime: status.mtime,
    identifier: new PositionIdentifier(identity),
  });
  const framer = new LineFramer(options.maxRecordBytes ?? defaultMaxRecordBytes);
  return {
    handle,
    readingPath,
    draining,
    checkpoint,
    baseLine: checkpoint.line,
    readPosition: checkpoint.offset,
    framer,
    processor,
  };
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
 *
 * What happens to the file is reported in `notices`, saying when lines may have been lost:
 * - rotation (renamed, a new file created: logrotate `create`, or the path's symbolic link
 *   pointed elsewhere): the old file is read to its end (its unterminated last line too), then
 *   the new one from its start; rotated while stopped, the old file is found beside the path by
 *   its inode and finished first;
 * - truncation in place (`copytruncate`): read again from the start, with a notice that lines
 *   written between the last read and the truncation may be lost (no OS tells);
 * - the path replaced by a FIFO, device or folder: not read (never a hang), noticed once, and
 *   the tail waits for a regular file there.
 * A pull-based generator: a slow consumer simply reads slower, and memory holds one read and one batch.
 */
export async function* tailFile(path: string, options: TailOptions = {}): AsyncGenerator<TailBatch> {
  const registry = options.registry ?? createFormatRegistry();
  const batchSize = Math.max(1, options.batchSize ?? 1000);
  const buffer = Buffer.allocUnsafe(options.readBytes ?? 64 * 1024);
  let notices: TailNotice[] = [];
  let file = await openAt(path, options.from, options, registry, notices);
  let events: Event[] = [];
  let rejected: Rejection[] = [];
  let irregularNoticed = false;
  const handOver = (): TailBatch => {
    const batch = { events, rejected, notices, checkpoint: { ...file.checkpoint, path } };
    events = [];
    rejected = [];
    notices = [];
    return batch;
  };
  const take = (items: ReturnType<LineFramer['push']>) => {
    for (const item of items) {
      if (item.type === 'reject') {
        rejected.push({ file: file.readingPath, line: file.baseLine + item.line, reason: item.reason });
        continue;
      }
      const output = file.processor.process({ text: item.record.text, line: file.baseLine + item.record.line });
      if (output?.type === 'event') events.push(output.event);
      else if (output) rejected.push(output.rejection);
    }
  };
  const switchTo = async (from: TailCheckpoint | undefined, truncated: boolean) => {
    await file.handle.close();
    file = await openAt(path, from, options, registry, notices, truncated);
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
        take(file.framer.push(chunk));
        if (events.length >= batchSize) yield handOver();
        continue;
      }
      if (file.draining) {
        // The replaced file is read to its end: its last line, unterminated, will never be completed.
        const partial = file.framer.end();
        if (partial.length > 0) {
          take(partial);
          file.checkpoint.offset = file.readPosition;
          file.checkpoint.line += 1;
        }
        await switchTo(undefined, false);
        continue;
      }
      if (events.length > 0 || rejected.length > 0 || notices.length > 0) yield handOver();
      if (options.follow === false) return;
      const next = await stat(path).catch(() => undefined);
      if (next !== undefined && !next.isFile()) {
        if (!irregularNoticed)
          notices.push({
            path,
            line: file.checkpoint.line,
            message: `${path} is no longer a regular file (a FIFO, device or folder): not read; waiting for a regular file there`,
            mayHaveLost: false,
          });
        irregularNoticed = true;
      } else if (next !== undefined) {
        irregularNoticed = false;
        const rotated = next.ino !== file.checkpoint.inode || next.dev !== file.checkpoint.device;
        if (rotated) {
          // Lines the writer added to the old file before it let go are read before the switch.
          file.draining = true;
          notices.push({
            path,
            line: file.checkpoint.line,
            message: `${path} was rotated (a new file at the path): reading the old file to its end, then the new one from its start`,
            mayHaveLost: false,
          });
          continue;
        }
        if (next.size < file.readPosition || !(await sameHead(file.handle, file.checkpoint))) {
          notices.push({
            path,
            line: file.checkpoint.line,
            message: `${path} was truncated in place after line ${file.checkpoint.line} (copytruncate): reading it again from its start; lines written between the last read and the truncation may be lost`,
            mayHaveLost: true,
          });
          await switchTo(file.checkpoint, true);
          continue;
        }
      }
      await sleep(options.pollIntervalMs ?? 250, undefined, { signal: options.signal });
    }
  } finally {
    await file.handle.close();
  }
}
