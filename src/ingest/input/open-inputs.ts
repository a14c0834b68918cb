import { createReadStream, type Stats } from 'node:fs';
import { open, readdir, realpath, stat } from 'node:fs/promises';
import { join } from 'node:path';
import { Readable } from 'node:stream';
import { createGunzip } from 'node:zlib';
import { InputUnreadableError } from '../../core/index.js';
import { defaultInputLimits, type InputLimits, InputQuota } from '../../guard/index.js';
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
async function* fileMembers(path: string, quota: InputQuota): AsyncGenerator<InputItem> {
  for await (const item of containerMembers(path, quota)) {
    if (item.type === 'failure') {
      // A refused archive member counts against the member quota like a read one.
      if (item.file.startsWith(`${path}:`) && !quota.admitMember()) break;
      yield item;
      continue;
    }
    if (item.volume === 'uncounted') {
      yield { type: 'member', member: item.member };
      continue;
    }
    if (!quota.admitMember()) break;
    const chunks = item.volume === 'counted' ? item.member.chunks : quota.meter(item.member.chunks);
    yield { type: 'member', member: { ...item.member, chunks } };
    if (quota.exceeded) break;
  }
  if (quota.exceeded)
    yield { type: 'failure', file: path, reason: `input ${quota.exceeded}; the rest of it is not read` };
}

/**
 * A member and how its bytes count against the input's decompressed volume: `uncounted` (a plain
 * file: its size is on disk), `meter` (an archive member or `.gz`, metered as it is read) or
 * `counted` (a tar member, whose whole archive stream is metered, skipped entries included).
 */
type ContainerItem =
  | Extract<InputItem, { type: 'failure' }>
  | { type: 'member'; member: Member; volume: 'uncounted' | 'meter' | 'counted' };

async function* containerMembers(path: string, quota: InputQuota): AsyncGenerator<ContainerItem> {
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
    for await (const item of zipMembers(path)) yield item.type === 'member' ? { ...item, volume: 'meter' } : item;
    return;
  }
  if (startsWith(magic, evtxMagic)) {
    const executable = await findEvtxExport();
    if (executable)
      yield {
        type: 'member',
        member: { name: path, modifiedTime, chunks: evtxAsXmlLines(executable, path) },
        volume: 'uncounted',
      };
    else yield { type: 'failure', file: path, reason: evtxWithoutConverter };
    return;
  }
  const raw = createReadStream(path, { highWaterMark: 256 * 1024 });
  const compressed = startsWith(magic, gzipMagic);
  const chunks: AsyncIterable<Buffer> = compressed ? raw.pipe(createGunzip()) : raw;
  if (isTarName(path)) {
    for await (const item of tarMembers(path, quota.meter(chunks), modifiedTime))
      yield item.type === 'member' ? { ...item, volume: 'counted' } : item;
    return;
  }
  yield { type: 'member', member: { name: path, modifiedTime, chunks }, volume: compressed ? 'meter' : 'uncounted' };
  if (!raw.destroyed) raw.destroy();
}

/**
 * Every regular file under a directory, depth first, in name order so runs are reproducible.
 * Directories are recognised by their real path, so symbolic-link cycles (`a -> ..`) are walked
 * once; links that lead nowhere and special files (FIFOs, sockets, devices) are reported.
 */
async function* walk(
  directory: string,
  seen: Set<string>,
): AsyncGenerator<string | Extract<InputItem, { type: 'failure' }>> {
  const entries = await readdir(directory, { withFileTypes: true });
  entries.sort((left, right) => (left.name < right.name ? -1 : left.name > right.name ? 1 : 0));
  for (const entry of entries) {
    const path = join(directory, entry.name);
    let info: Pick<Stats, 'isDirectory' | 'isFile'> | undefined = entry;
    if (entry.isSymbolicLink()) info = await stat(path).catch(() => undefined);
    if (!info) {
      yield { type: 'failure', file: path, reason: 'symbolic link to nothing readable: skipped' };
    } else if (info.isDirectory()) {
      const real = await realpath(path).catch(() => path);
      if (seen.has(real)) {
        if (entry.isSymbolicLink())
          yield { type: 'failure', file: path, reason: 'symbolic link cycle: already read, skipped' };
        continue;
      }
      seen.add(real);
      yield* walk(path, seen);
    } else if (info.isFile()) yield path;
    else yield { type: 'failure', file: path, reason: 'not a regular file (FIFO, socket or device): skipped' };
  }
}

/** A stream read once, in order: stdin, a FIFO, a process substitution (`<(zcat x.gz)`). */
async function* stdinMembers(stdin: AsyncIterable<Buffer>, name: string): AsyncGenerator<InputItem> {
  const { prefix, rest } = await readPrefix(stdin, 4);
  const joined = prependChunks(prefix, rest);
  const chunks: AsyncIterable<Buffer> = startsWith(Buffer.concat(prefix), gzipMagic)
    ? Readable.from(joined).pipe(createGunzip())
    : joined;
  const member: Member = { name, modifiedTime: new Date(), chunks };
  yield { type: 'member', member };
}

/**
 * Opens every input in order: files (plain, `.gz`, `.zip`, `.tar[.gz]`), directories
 * (recursively), FIFOs and process substitutions (read once, as a stream), and `-` for stdin.
 * Throws InputUnreadableError, before reading anything, when a named input does not exist or is a
 * socket; inside an input, whatever cannot be read becomes a `failure` item and the rest is read.
 */
export async function* openInputs(
  inputs: readonly string[],
  stdin: AsyncIterable<Buffer> = process.stdin,
  limits: InputLimits = defaultInputLimits,
): AsyncGenerator<InputItem> {
  const kinds = new Map<string, Stats>();
  for (const input of inputs) {
    if (input === '-') continue;
    const info = await stat(input).catch((error: NodeJS.ErrnoException) => error);
    if (info instanceof Error) throw new InputUnreadableError(`cannot read ${input}: ${describeOpenError(info)}`);
    if (info.isSocket() || info.isBlockDevice())
      throw new InputUnreadableError(
        `cannot read ${input}: a ${info.isSocket() ? 'socket' : 'block device'} is not a log file`,
      );
    kinds.set(input, info);
  }
  for (const input of inputs) {
    const quota = new InputQuota(input, limits);
    const info = kinds.get(input);
    if (!info) {
      yield* stdinMembers(stdin, '-');
      continue;
    }
    if (info.isFIFO() || info.isCharacterDevice()) {
      yield* stdinMembers(createReadStream(input, { highWaterMark: 256 * 1024 }), input);
      continue;
    }
    if (info.isDirectory()) {
      try {
        for await (const found of walk(input, new Set([await realpath(input).catch(() => input)]))) {
          if (typeof found === 'string') yield* fileMembers(found, quota);
          else yield found;
          if (quota.exceeded) break;
        }
      } catch (error) {
        yield { type: 'failure', file: input, reason: `cannot list directory: ${(error as Error).message}` };
      }
    } else yield* fileMembers(input, quota);
  }
}

function describeOpenError(error: NodeJS.ErrnoException): string {
  if (error.code === 'ENOENT') return 'no such file or directory';
  if (error.code === 'EACCES') return 'permission denied';
  return error.message;
}
