/**
 * The ATT&CK cache: what reading an ATT&CK bundle gives the knowledge (the objects that passed the
 * catalog's schemas, as the schemas left them, and the procedure examples), kept in one entry per
 * bundle under the cache folder ($VIGIL_HOME/cache/attack by the CLI). Reading the 8.6 MB gzipped
 * enterprise bundle (decompressing, decoding and parsing about 45 MB of JSON, then finding the
 * procedure examples among its objects) took about 0.45 CPU-s of every command that loads ATT&CK.
 *
 * The key is the bundle file's content hash and the fingerprint of the code that reads it (the
 * bundle's schemas and reader, the procedure reader, this file), so a changed bundle or reader is
 * a different entry. Entries are written and checked by the one cache facility (detect's
 * checked-cache: atomic writes, a checksum). A cached entry is never trusted as it is: its
 * objects go through the catalog's schemas again (stixBundleContent, the same function the bundle
 * goes through, so the catalog is built from the same content) and its procedure examples
 * through their schema; one that fails is reported, removed and rebuilt.
 */
import { readFile } from 'node:fs/promises';
import { z } from 'zod';
import {
  attackBundleFingerprint,
  type CacheFolder,
  type CacheKind,
  contentHash,
  readCacheEntry,
  readStixObjects,
  type StixBundleContent,
  stixBundleContent,
  writeCacheEntry,
} from '../detect/index.js';
import { bundleProcedures, type ProcedureExample } from '../reason/index.js';

export interface AttackCacheOptions extends CacheFolder {
  /** The reading code's fingerprint; attackBundleFingerprint() by default (tests change it). */
  fingerprint?: string;
}

const kind: CacheKind = { name: 'ATT&CK cache', rebuilding: 'reading the bundle again', format: 1, kept: 4 };

const entrySchema = z.object({
  /** Objects of the bundle that failed the catalog's schemas (counted, as reading the bundle counts them). */
  invalid: z.number().int().nonnegative(),
  objects: z.array(z.unknown()),
  procedures: z.array(z.object({ text: z.string(), technique: z.string(), actorId: z.string() })),
});

/** A bundle's content and procedure examples, as read from the file or from the cache. */
export interface AttackBundle {
  content: StixBundleContent;
  procedures: ProcedureExample[];
}

/** The content and procedure examples of the bundle `file`, from `cache` when it holds them. */
export async function readAttackBundle(file: string, cache: AttackCacheOptions | undefined): Promise<AttackBundle> {
  let bytes: Buffer | undefined;
  if (cache) {
    try {
      bytes = await readFile(file);
    } catch {
      // Unreadable: readStixObjects below says so, as without a cache.
    }
  }
  const key =
    bytes && cache
      ? contentHash(`${kind.format}\n${cache.fingerprint ?? attackBundleFingerprint()}\n${contentHash(bytes)}`)
      : undefined;
  if (cache && key) {
    const cached = readCacheEntry(cache, kind, key, (body): AttackBundle | { unusable: string } => {
      const entry = entrySchema.safeParse(JSON.parse(body));
      if (!entry.success) return { unusable: `not an ATT&CK cache entry: ${entry.error.issues[0]?.message ?? ''}` };
      const content = stixBundleContent(entry.data.objects);
      if (content.invalid > 0) return { unusable: `${content.invalid} objects fail the catalog's schemas` };
      return { content: { ...content, invalid: entry.data.invalid }, procedures: entry.data.procedures };
    });
    if (cached) return cached;
  }
  const objects = await readStixObjects(file);
  const procedures = bundleProcedures(objects);
  const checked: unknown[] = [];
  const content = stixBundleContent(objects, checked);
  if (cache && key)
    writeCacheEntry(cache, kind, key, JSON.stringify({ invalid: content.invalid, objects: checked, procedures }));
  return { content, procedures };
}
