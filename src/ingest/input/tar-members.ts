import { describeStreamError, type InputItem, isArchiveMetadata } from './member.js';

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

function paxPath(body: Buffer): string | undefined {
  for (const record of body.toString('utf8').split('\n')) {
    const match = /^\d+ path=(.*)$/.exec(record);
    if (match) return match[1];
  }
  return undefined;
}

/**
 * Members of a tar stream (ustar, GNU long names, PAX paths), already decompressed when it was a
 * `.tar.gz`. A truncated archive keeps what was read and reports the truncation.
 */
export async function* tarMembers(
  path: string,
  chunks: AsyncIterable<Buffer>,
  modifiedTime: Date,
): AsyncGenerator<InputItem> {
  const iterator = chunks[Symbol.asyncIterator]();
  const reader = new ByteReader(iterator);
  let longName: string | undefined;
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
      longName = undefined;
      const padding = (blockSize - (size % blockSize)) % blockSize;
      if (type === 'L' || type === 'x') {
        const body = await reader.read(size);
        await reader.skip(padding);
        longName = type === 'L' ? readText(body, 0, body.length) : paxPath(body);
        continue;
      }
      if ((type !== '0' && type !== '\0') || isArchiveMetadata(name)) {
        await reader.skip(size + padding);
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
