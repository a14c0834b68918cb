/**
 * The retrieval-index cache: the private retrieval index of an investigation after its ATT&CK
 * technique and procedure texts are written (what `seedRetrieval` writes first, the same for every
 * investigation with the same bundle), kept as a SQLite image in one entry under the cache folder
 * ($VIGIL_HOME/cache/retrieval by the CLI). Writing those 16,700 texts through FTS5 took about
 * 0.6 CPU-s of every `vigil investigate --attack`; opening the image takes milliseconds.
 *
 * The key is a content hash of those documents (their JSON, in the order they are written) and the
 * fingerprint of the code that writes them (the store and the seeding order), so any change of the
 * bundle, of how documents are made from it, or of the index's schema is a different entry. Entries
 * are written and checked by the one cache facility (detect's checked-cache: atomic writes, a
 * checksum), and the image is checked again as a database (retrievalIndexFromImage: SQLite's
 * quick_check, its migrations, its document count); one that fails is reported, removed and
 * rebuilt, never used. The rest (imported intel, past incidents) is written on top by
 * `seedRetrieval` as before, which finds the ATT&CK texts there and does not write them again: the
 * index ends in the same state, rowid for rowid, as one seeded from nothing.
 */
import {
  type CacheFolder,
  type CacheKind,
  contentHash,
  readCacheEntryBytes,
  retrievalIndexFingerprint,
  writeCacheEntry,
} from '../../detect/index.js';
import {
  openRetrievalIndexImage,
  RetrievalImageError,
  type RetrievalIndexImage,
  retrievalIndexFromImage,
} from '../../store/index.js';
import { procedureDocuments, techniqueDocuments } from './cti-documents.js';
import { type RetrievalSources, seedRetrieval } from './seed-retrieval.js';

export interface RetrievalCacheOptions extends CacheFolder {
  /** The retrieval write path's fingerprint; retrievalIndexFingerprint() by default (tests change it). */
  fingerprint?: string;
}

const kind: CacheKind = {
  name: 'retrieval-index cache',
  rebuilding: 'writing the ATT&CK texts into the index again',
  format: 1,
  kept: 3,
  extension: 'sqlite',
};

/**
 * A private in-memory retrieval index holding the ATT&CK technique and procedure texts of
 * `sources`, from the cache when it holds them (else written now, and the cache filled). Without a
 * cache, or without technique texts to write, a new empty index: `seedRetrieval` then writes everything.
 */
export async function openCachedAttackRetrieval(
  sources: Pick<RetrievalSources, 'attack' | 'procedures'>,
  cache: RetrievalCacheOptions | undefined,
): Promise<RetrievalIndexImage> {
  const techniques = cache && sources.attack ? techniqueDocuments(sources.attack) : [];
  // Seeding skips the ATT&CK texts only when technique texts are there: without them nothing is cached.
  if (!cache || techniques.length === 0) return openRetrievalIndexImage();
  const procedures = sources.procedures?.length ? procedureDocuments(sources.procedures) : [];
  const key = contentHash(
    `${kind.format}\n${cache.fingerprint ?? retrievalIndexFingerprint()}\n${JSON.stringify(techniques)}\n${JSON.stringify(procedures)}`,
  );
  const documents = new Set([...techniques, ...procedures].map((document) => document.id)).size;
  const cached = readCacheEntryBytes(cache, kind, key, (body) => {
    try {
      return retrievalIndexFromImage(body, documents);
    } catch (error) {
      if (error instanceof RetrievalImageError) return { unusable: error.message };
      throw error;
    }
  });
  if (cached) return cached;
  const built = await openRetrievalIndexImage();
  await seedRetrieval(built.store, { attack: sources.attack, procedures: sources.procedures ?? [] });
  writeCacheEntry(cache, kind, key, built.image());
  return built;
}
