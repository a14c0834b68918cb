import { createReadStream } from 'node:fs';
import { open } from 'node:fs/promises';
import yauzl from 'yauzl';
import { memberPathProblem, refusedKind, refusedName } from './member-path.js';

const endOfCentralDirectory = 0x06054b50;
const endRecordSize = 22;
const maxCommentSize = 0xffff;

/** Reads byte ranges of a file, for yauzl, ending where the archive really ends. */
class FileRangeReader extends yauzl.RandomAccessReader {
  constructor(private readonly path: string) {
    super();
  }

  override _readStreamForRange(start: number, end: number): NodeJS.ReadableStream {
    return createReadStream(this.path, { start, end: end - 1 }) as unknown as NodeJS.ReadableStream;
  }
}

/**
 * Where the archive ends: just after the end-of-central-directory record and its comment. Some
 * archives in the wild carry stray bytes after it (a trailing newline added by a transfer), which
 * strict readers refuse; `unzip` accepts them, and so does Vigil.
 */
async function archiveEnd(path: string): Promise<number | undefined> {
  const handle = await open(path, 'r');
  try {
    const { size } = await handle.stat();
    const length = Math.min(size, maxCommentSize + endRecordSize + 1024);
    const tail = Buffer.alloc(length);
    await handle.read(tail, 0, length, size - length);
    for (let index = length - endRecordSize; index >= 0; index -= 1) {
      if (tail.readUInt32LE(index) !== endOfCentralDirectory) continue;
      const commentLength = tail.readUInt16LE(index + 20);
      const end = size - length + index + endRecordSize + commentLength;
      if (end <= size) return end;
    }
    return undefined;
  } finally {
    await handle.close();
  }
}

function openWhole(path: string): Promise<yauzl.ZipFile> {
  return new Promise((resolve, reject) => {
    yauzl.open(path, { lazyEntries: true, autoClose: false, decodeStrings: false }, (error, zip) => {
      if (error || !zip) reject(error ?? new Error('cannot open zip'));
      else resolve(zip);
    });
  });
}

function openRange(path: string, size: number): Promise<yauzl.ZipFile> {
  return new Promise((resolve, reject) => {
    yauzl.fromRandomAccessReader(
      new FileRangeReader(path),
      size,
      { lazyEntries: true, autoClose: true, decodeStrings: false },
      (error, zip) => {
        if (error || !zip) reject(error ?? new Error('cannot open zip'));
        else resolve(zip);
      },
    );
  });
}

/**
 * Opens a zip archive for lazy, streamed entry reading, tolerating trailing bytes after it. Names
 * are left undecoded (`entryName` decodes and checks them) so that one hostile name (`../x`, an
 * absolute path) refuses that member only instead of ending the archive.
 */
export async function openZip(path: string): Promise<yauzl.ZipFile> {
  try {
    return await openWhole(path);
  } catch (error) {
    const end = await archiveEnd(path).catch(() => undefined);
    if (end === undefined) throw error;
    return openRange(path, end);
  }
}

type NameDecoder = (flags: number, name: Buffer, extraFields: unknown[], strict: boolean) => string;
const yauzlNames = yauzl as unknown as { getFileNameLowLevel: NameDecoder };

/** Unix file type bits of a zip entry made on Unix (the high half of its external attributes). */
const unixTypes = new Map([
  [0o120000, 'symbolic link'],
  [0o020000, 'character device'],
  [0o060000, 'block device'],
  [0o010000, 'FIFO'],
  [0o140000, 'socket'],
]);
const madeOnUnix = 3;

/**
 * The decoded name of an entry, and why it is refused: it would escape the archive (zip slip), or
 * it is a symbolic link, device or FIFO (Unix file type bits), not a regular file.
 */
export function entryName(entry: yauzl.Entry): { name: string; refused?: string } {
  const raw = entry.fileName as unknown;
  const name = Buffer.isBuffer(raw)
    ? yauzlNames.getFileNameLowLevel(entry.generalPurposeBitFlag, raw, entry.extraFields, false)
    : String(raw);
  const problem = memberPathProblem(name);
  if (problem) return { name, refused: refusedName(problem) };
  const kind =
    entry.versionMadeBy >> 8 === madeOnUnix
      ? unixTypes.get((entry.externalFileAttributes >>> 16) & 0o170000)
      : undefined;
  return kind ? { name, refused: refusedKind(kind) } : { name };
}
