/**
 * Cache entries on disk that are never trusted blindly, the one facility behind the
 * compiled-rule cache and the evidence-model cache: one file per key in a folder, a header line
 * (format, key, the body's checksum) then the body. The key is the caller's content hash of
 * everything the entry was built from, so any change of an input is a different key, and a miss.
 *
 * Writers write a temporary file and rename it into place, so two processes writing the same
 * entry leave one whole entry, and a reader never sees half of one. An entry is checked against
 * its own checksum and by the caller's parser before use; one that fails is reported, removed
 * and rebuilt, never used. Only the newest entries of a folder are kept.
 */
import { createHash, randomBytes } from 'node:crypto';
import {
  closeSync,
  mkdirSync,
  openSync,
  readdirSync,
  readFileSync,
  renameSync,
  rmSync,
  statSync,
  writeFileSync,
} from 'node:fs';
import { join } from 'node:path';

export interface CacheFolder {
  /** The folder holding cache entries (created when missing). */
  folder: string;
  /** Told when an entry is unusable (corrupt, unreadable) and is rebuilt, or cannot be written. */
  warn: (message: string) => void;
}

/** What is cached, as the warnings name it, and how a folder of it is kept. */
export interface CacheKind {
  /** e.g. `rule cache`. */
  name: string;
  /** What is done instead of using an unusable entry, e.g. `compiling the rules again`. */
  rebuilding: string;
  /** The entry format: a different format is a different entry. */
  format: number;
  /** Entries kept in the folder; older ones are removed after a write. */
  kept: number;
  /** The entry files' extension (`json` by default; `bin` for a body that is not text). */
  extension?: string;
  /** The extension of an earlier format's entries in the folder, removed at a write (they can never be read). */
  replaces?: string;
}

/** The content hash of a text or file content. */
export function contentHash(content: string | Uint8Array): string {
  return createHash('sha256').update(content).digest('hex');
}

const extensionOf = (kind: CacheKind) => `.${kind.extension ?? 'json'}`;
const entryPath = (folder: string, kind: CacheKind, key: string) => join(folder, `${key}${extensionOf(kind)}`);

/**
 * The body of the entry for `key`, as `parse` reads it, or undefined when there is none or it is
 * unusable (then `warn` says why and the entry is removed, to be rebuilt). `parse` returns the
 * reason, in words, when the body is not what it expects.
 */
export function readCacheEntry<Value>(
  cache: CacheFolder,
  kind: CacheKind,
  key: string,
  parse: (body: string) => Value | { unusable: string },
): Value | undefined {
  return readCacheEntryBytes(cache, kind, key, (body) => parse(body.toString('utf8')));
}

/**
 * readCacheEntry for a body that `parse` reads as bytes (checked against the checksum already),
 * so it decodes only what it needs.
 */
export function readCacheEntryBytes<Value>(
  cache: CacheFolder,
  kind: CacheKind,
  key: string,
  parse: (body: Buffer) => Value | { unusable: string },
): Value | undefined {
  const path = entryPath(cache.folder, kind, key);
  let bytes: Buffer;
  try {
    bytes = readFileSync(path);
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code !== 'ENOENT')
      cache.warn(`${kind.name}: cannot read ${path}: ${(error as Error).message}; ${kind.rebuilding}`);
    return undefined;
  }
  const value = checkedBody(bytes, kind, key, parse);
  if (isUnusable(value)) {
    cache.warn(`${kind.name}: entry ${path} is unusable (${value.unusable}); ${kind.rebuilding} and rewriting it`);
    rmSync(path, { force: true });
    return undefined;
  }
  return value;
}

function isUnusable(value: unknown): value is { unusable: string } {
  return typeof value === 'object' && value !== null && typeof (value as { unusable?: unknown }).unusable === 'string';
}

/**
 * The body after its header line, checked against the header. The checksum is taken over the
 * body's bytes as they lie in the file (the bytes the writer hashed), so nothing is decoded twice.
 */
function checkedBody<Value>(
  bytes: Buffer,
  kind: CacheKind,
  key: string,
  parse: (body: Buffer) => Value | { unusable: string },
): Value | { unusable: string } {
  const newline = bytes.indexOf(0x0a);
  if (newline === -1) return { unusable: 'no header line' };
  let header: { checksum?: unknown; key?: unknown; format?: unknown } | null;
  try {
    header = JSON.parse(bytes.toString('utf8', 0, newline));
  } catch {
    return { unusable: 'the header is not JSON' };
  }
  if (header?.checksum !== contentHash(bytes.subarray(newline + 1))) return { unusable: 'checksum mismatch' };
  if (header.format !== kind.format) return { unusable: `format ${String(header.format)}, not ${kind.format}` };
  if (header.key !== key) return { unusable: 'it belongs to another key' };
  try {
    return parse(bytes.subarray(newline + 1));
  } catch (error) {
    return { unusable: (error as Error).message };
  }
}

/**
 * Writes the entry for `key` atomically (temporary file, then rename), then trims old entries. A
 * text body is written as UTF-8.
 */
export function writeCacheEntry(cache: CacheFolder, kind: CacheKind, key: string, body: string | Uint8Array): void {
  try {
    mkdirSync(cache.folder, { recursive: true, mode: 0o700 });
    // Encoded once: the checksum and the file take the same bytes.
    const bytes = typeof body === 'string' ? Buffer.from(body, 'utf8') : body;
    const header = JSON.stringify({
      format: kind.format,
      key,
      checksum: contentHash(bytes),
      writtenAt: new Date().toISOString(),
    });
    const path = entryPath(cache.folder, kind, key);
    const temporary = `${path}.${process.pid}.${randomBytes(6).toString('hex')}.tmp`;
    const descriptor = openSync(temporary, 'w', 0o600);
    try {
      writeFileSync(descriptor, `${header}\n`);
      writeFileSync(descriptor, bytes);
    } finally {
      closeSync(descriptor);
    }
    renameSync(temporary, path);
    trimEntries(cache.folder, extensionOf(kind), kind.kept, kind.replaces);
  } catch (error) {
    cache.warn(`${kind.name}: cannot write to ${cache.folder}: ${(error as Error).message}`);
  }
}

function trimEntries(folder: string, extension: string, kept: number, replaced: string | undefined): void {
  const names = readdirSync(folder);
  if (replaced)
    for (const name of names) if (name.endsWith(`.${replaced}`)) rmSync(join(folder, name), { force: true });
  const entries = names
    .filter((name) => name.endsWith(extension))
    .map((name) => {
      try {
        return { name, modified: statSync(join(folder, name)).mtimeMs };
      } catch {
        return undefined;
      }
    })
    .filter((entry) => entry !== undefined)
    .sort((left, right) => right.modified - left.modified);
  for (const entry of entries.slice(kept)) rmSync(join(folder, entry.name), { force: true });
}
