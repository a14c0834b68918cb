import { createReadStream } from 'node:fs';
import { open, readdir, stat } from 'node:fs/promises';
import { join } from 'node:path';
import { Readable } from 'node:stream';
import { createGunzip } from 'node:zlib';
import { evtxAsXmlLines, findEvtxExport } from './evtx-export.js';
import type { InputItem, Member } from './member.js';
import { prependChunks, readPrefix } from './prefix.js';
import { tarMembers } from './tar-members.js';
import { zipMembers } from './zip-members.js';

const gzipMagic = [0x1f, 0x8b];
const zipMagic = [0x50, 0x4b];
/** `ElfFile\0`: a raw Windows event log. */
const evtxMagic = [0x45, 0x6c, 0x66, 0x46, 0x69, 0x6c, 0x65, 0x00];

const evtxWithoutConverter =
  'raw Windows .evtx file: evtxexport (Debian package libevtx-utils) is not installed, so it cannot be read; ' +
  'install it, or export the log to XML or JSON first (evtx_dump, Winlogbeat)';

function startsWith(bytes: Buffer, magic: number[]): boolean {
  return magic.every((byte, index) => bytes[index] === byte);
}

async function readMagic(path: string): Promise<Buffer> {
  const handle = await open(path, 'r');
  try {
    const buffer = Buffer.alloc(8);
    const { bytesRead } = await handle.read(buffer, 0, 8, 0);
    return buffer.subarray(0, bytesRead);
  } finally {
    await handle.close();
  }
}

function isTarName(path: string): boolean {
  return /\.(tar\.gz|tgz|tar)$/i.test(path);
}

/** A plain, gzip, tar or zip file, recognised by its first bytes rather than its name. */
async function* fileMembers(path: string): AsyncGenerator<InputItem> {
  let magic: Buffer;
  let modifiedTime: Date;
  try {
    modifiedTime = (await stat(path)).mtime;
    magic = await readMagic(path);
  } catch (error) {
    yield { type: 'failure', file: path, reason: `cannot open: ${(error as Error).message}` };
    return;
  }
  if (startsWith(magic, zipMagic)) {
    yield* zipMembers(path);
    return;
  }
  if (startsWith(magic, evtxMagic)) {
    const executable = await findEvtxExport();
    if (executable)
      yield { type: 'member', member: { name: path, modifiedTime, chunks: evtxAsXmlLines(executable, path) } };
    else yield { type: 'failure', file: path, reason: evtxWithoutConverter };
    return;
  }
  const raw = createReadStream(path, { highWaterMark: 256 * 1024 });
  const chunks: AsyncIterable<Buffer> = startsWith(magic, gzipMagic) ? raw.pipe(createGunzip()) : raw;
  if (isTarName(path)) {
    yield* tarMembers(path, chunks, modifiedTime);
    return;
  }
  yield { type: 'member', member: { name: path, modifiedTime, chunks } };
  if (!raw.destroyed) raw.destroy();
}

/** Every regular file under a directory, depth first, in name order so runs are reproducible. */
async function* walk(directory: string, seen: Set<string>): AsyncGenerator<string> {
  const entries = await readdir(directory, { withFileTypes: true });
  entries.sort((left, right) => (left.name < right.name ? -1 : left.name > right.name ? 1 : 0));
  for (const entry of entries) {
    const path = join(directory, entry.name);
    let isDirectory = entry.isDirectory();
    let isFile = entry.isFile();
    if (entry.isSymbolicLink()) {
      const target = await stat(path).catch(() => undefined);
      isDirectory = target?.isDirectory() ?? false;
      isFile = target?.isFile() ?? false;
    }
    if (isDirectory) {
      if (seen.has(path)) continue;
      seen.add(path);
      yield* walk(path, seen);
    } else if (isFile) yield path;
  }
}

async function* stdinMembers(stdin: AsyncIterable<Buffer>): AsyncGenerator<InputItem> {
  const { prefix, rest } = await readPrefix(stdin, 4);
  const joined = prependChunks(prefix, rest);
  const chunks: AsyncIterable<Buffer> = startsWith(Buffer.concat(prefix), gzipMagic)
    ? Readable.from(joined).pipe(createGunzip())
    : joined;
  const member: Member = { name: '-', modifiedTime: new Date(), chunks };
  yield { type: 'member', member };
}

/**
 * Opens every input in order: files (plain, `.gz`, `.zip`, `.tar[.gz]`), directories
 * (recursively), and `-` for stdin. An input that cannot be opened becomes a `failure` item and
 * the others are still read.
 */
export async function* openInputs(
  inputs: readonly string[],
  stdin: AsyncIterable<Buffer> = process.stdin,
): AsyncGenerator<InputItem> {
  for (const input of inputs) {
    if (input === '-') {
      yield* stdinMembers(stdin);
      continue;
    }
    const info = await stat(input).catch((error: Error) => error);
    if (info instanceof Error) {
      yield { type: 'failure', file: input, reason: `cannot open: ${info.message}` };
      continue;
    }
    if (info.isDirectory()) {
      try {
        for await (const path of walk(input, new Set([input]))) yield* fileMembers(path);
      } catch (error) {
        yield { type: 'failure', file: input, reason: `cannot list directory: ${(error as Error).message}` };
      }
    } else yield* fileMembers(input);
  }
}
