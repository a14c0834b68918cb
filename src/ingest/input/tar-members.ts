import { describeStreamError, type InputItem, isArchiveMetadata } from './member.js';
import { memberPathProblem, refusedKind, refusedName } from './member-path.js';

const blockSize = 512;

class TruncatedError extends Error {}

/** Pull-based reader over a chunk stream: exact reads for headers, streamed reads for bodies. */
class ByteReader {
  private buffered: Buffer = Buffer.alloc(0);
  private done = false;
  /** Set when the stream failed while a member was being read: that member's reader saw and reported it. */
  failed = false;

  constructor(private readonly iterator: AsyncIterator<Buffer>) {}

  private async fill(): Promise<boolean> {
    if (this.done) return false;
    let next: IteratorResult<Buffer>;
    try {
      next = await this.iterator.next();
    } catch (error) {
      this.done = true;
      throw error;
    }
    if (next.done) {
      this.done = true;
      return false;
    }
    this.buffered = this.buffered.length === 0 ? next.value : Buffer.concat([this.buffered, next.value]);
    return true;
  }

  /** Exactly `count` bytes, or fewer only at a clean end of stream. */
  async read(count: number): Promise<Buffer> {
    while (this.buffered.length < count) if (!(await this.fill())) break;
    const length = Math.min(count, this.buffered.length);
    const result = this.buffered.subarray(0, length);
    this.buffered = this.buffered.subarray(length);
    return result;
  }

  /** Streams `count` bytes; throws TruncatedError if the stream ends first. */
  async *stream(count: number, progress: { remaining: number }): AsyncGenerator<Buffer> {
    progress.remaining = count;
    while (progress.remaining > 0) {
      let more = this.buffered.length > 0;
      if (!more) {
        try {
          more = await this.fill();
        } catch (error) {
          this.failed = true;
          throw error;
        }
      }
      if (!more) throw new TruncatedError('tar member truncated');
      const length = Math.min(progress.remaining, this.buffered.length);
      const part = this.buffered.subarray(0, length);
      this.buffered = this.buffered.subarray(length);
      progress.remaining -= length;
      yield part;
    }
  }

  async skip(count: number): Promise<void> {
    let remaining = count;
    while (remaining > 0) {
      if (this.buffered.length === 0 && !(await this.fill())) throw new TruncatedError('tar archive truncated');
      const length = Math.min(remaining, this.buffered.length);
      this.buffered = this.buffered.subarray(length);
      remaining -= length;
    }
  }
}

function readText(header: Buffer, start: number, length: number): string {
  const field = header.subarray(start, start + length);
  const end = field.indexOf(0);
  return field.subarray(0, end === -1 ? field.length : end).toString('utf8');
}

function readOctal(header: Buffer, start: number, length: number): number {
  const text = readText(header, start, length).trim();
  return text === '' ? 0 : Number.parseInt(text, 8);
}

/** The `path` and `linkpath` records of a PAX extended header (`<length> <key>=<value>\n`). */
function paxNames(body: Buffer): { path?: string; linkPath?: string } {
  const names: { path?: string; linkPath?: string } = {};
  for (const record of body.toString('utf8').split('\n')) {
    const space = record.indexOf(' ');
    const equals = record.indexOf('=', space);
    if (space === -1 || equals === -1) continue;
    const key = record.slice(space + 1, equals);
    if (key === 'path') names.path = record.slice(equals + 1);
    else if (key === 'linkpath') names.linkPath = record.slice(equals + 1);
  }
  return names;
}

/** Entry types that are regular files: `0`, NUL (old tar) and `7` (contiguous file). */
const regularTypes = new Set(['0', '\0', '7']);
/** Entry types skipped without a word: directories, global PAX headers, volume labels, GNU dump directories. */
const silentTypes = new Set(['5', 'g', 'V', 'D']);
/** Entry types refused by name with what they are. */
const refusedTypes = new Map([
  ['1', 'hard link'],
  ['2', 'symbolic link'],
  ['3', 'character device'],
  ['4', 'block device'],
  ['6', 'FIFO'],
  ['S', 'GNU sparse file'],
  ['M', 'GNU multi-volume continuation'],
]);

/** Longest GNU long-name or PAX header body read (names are short; a bigger one is a hostile archive). */
const maxNameRecordBytes = 1024 * 1024;

/** Why a member is refused (its name escapes the archive, or it is no regular file), if it is. */
function memberRefusal(type: string, name: string, linkName: string): string | undefined {
  if (silentTypes.has(type)) return undefined;
  const problem = memberPathProblem(name);
  if (problem) return refusedName(problem);
  if (regularTypes.has(type)) return undefined;
  const kind = refusedTypes.get(type);
  if (kind === 'hard link' || kind === 'symbolic link') return refusedKind(kind, linkName);
  return refusedKind(kind ?? `entry of unknown type ${JSON.stringify(type)}`);
}

/**
 * Members of a tar stream (ustar, GNU long names, PAX paths), already decompressed when it was a
 * `.tar.gz`. A truncated archive keeps what was read and reports the truncation. Members whose
 * names leave the archive (`../`, absolute) and links, devices and FIFOs are refused by name
 * (`member-path.ts`); the members after them are read.
 */
export async function* tarMembers(
  path: string,
  chunks: AsyncIterable<Buffer>,
  modifiedTime: Date,
): AsyncGenerator<InputItem> {
  const iterator = chunks[Symbol.asyncIterator]();
  const reader = new ByteReader(iterator);
  let longName: string | undefined;
  let longLinkName: string | undefined;
  try {
    for (;;) {
      const header = await reader.read(blockSize);
      if (header.length === 0 || header.every((byte) => byte === 0)) return;
      if (header.length < blockSize) throw new TruncatedError('tar header truncated');
      const size = readOctal(header, 124, 12);
      const type = String.fromCharCode(header[156] ?? 0);
      const prefix = readText(header, 345, 155);
      const baseName = readText(header, 0, 100);
      const name = longName ?? (prefix ? `${prefix}/${baseName}` : baseName);
      const linkName = longLinkName ?? readText(header, 157, 100);
      longName = undefined;
      longLinkName = undefined;
      if (!Number.isSafeInteger(size) || size < 0) throw new TruncatedError('tar header has no valid size');
      const padding = (blockSize - (size % blockSize)) % blockSize;
      if (type === 'L' || type === 'K' || type === 'x') {
        if (size > maxNameRecordBytes) throw new TruncatedError(`tar name record of ${size} bytes`);
        const body = await reader.read(size);
        await reader.skip(padding);
        if (type === 'L') longName = readText(body, 0, body.length);
        else if (type === 'K') longLinkName = readText(body, 0, body.length);
        else ({ path: longName, linkPath: longLinkName } = paxNames(body));
        continue;
      }
      const refusal = memberRefusal(type, name, linkName);
      if (refusal !== undefined || silentTypes.has(type) || isArchiveMetadata(name)) {
        await reader.skip(size + padding);
        if (refusal !== undefined) yield { type: 'failure', file: `${path}:${name}`, reason: refusal };
        continue;
      }
      const progress = { remaining: size };
      yield {
        type: 'member',
        member: { name: `${path}:${name}`, modifiedTime, chunks: reader.stream(size, progress) },
      };
      if (reader.failed) return;
      await reader.skip(progress.remaining + padding);
    }
  } catch (error) {
    if (reader.failed) return;
    const reason = error instanceof TruncatedError ? `truncated tar archive` : describeStreamError(error);
    yield { type: 'failure', file: path, reason };
  } finally {
    await iterator.return?.();
  }
}
