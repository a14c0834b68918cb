/**
 * A private in-memory retrieval index that can be written out whole as a SQLite image (the bytes of
 * its database file, better-sqlite3 `serialize()`) and opened again from one. Every investigation
 * seeds its private index with the same ATT&CK technique and procedure texts (about 0.6 CPU-s for
 * 16,700 documents through FTS5); kept as an image in a cache entry, that part is opened in a few
 * milliseconds instead (reason/knowledge/retrieval-cache.ts).
 *
 * An image is checked before it is used: SQLite's own `quick_check`, the migrations it was made with
 * (exactly this code's), and the number of documents the caller expects. One that fails any check
 * throws `RetrievalImageError`, naming why.
 */
import BetterSqlite3 from 'better-sqlite3';
import { Kysely, SqliteDialect } from 'kysely';
import { migrations } from '../migrations.js';
import type { RetrievalStore } from '../retrieval-store.js';
import { SqlRetrievalStore } from '../sql-retrieval-store.js';
import { openSqliteConnection } from './open-sqlite-database.js';

export interface RetrievalIndexImage {
  store: RetrievalStore;
  /** The whole database as a SQLite image, to be opened again with `retrievalIndexFromImage`. */
  image(): Buffer;
}

/** An image that is not a usable retrieval index; `message` says why. */
export class RetrievalImageError extends Error {
  override readonly name = 'RetrievalImageError';
}

/** A new, empty private index (as `openRetrievalStore(':memory:')` opens), whose image can be taken. */
export async function openRetrievalIndexImage(): Promise<RetrievalIndexImage> {
  const { database, connection } = await openSqliteConnection(':memory:');
  return {
    store: new SqlRetrievalStore(database as never, () => database.destroy()),
    image: () => connection.serialize(),
  };
}

/**
 * The private index held in `image`, checked first (see above): it must hold `documents` retrieval
 * documents. The image's bytes are copied; later writes change only this process's copy.
 */
export function retrievalIndexFromImage(image: Uint8Array, documents: number): RetrievalIndexImage {
  let connection: BetterSqlite3.Database;
  try {
    connection = new BetterSqlite3(Buffer.isBuffer(image) ? image : Buffer.from(image));
  } catch (error) {
    throw new RetrievalImageError(`not a SQLite image: ${(error as Error).message}`);
  }
  try {
    checkImage(connection, documents);
  } catch (error) {
    connection.close();
    if (error instanceof RetrievalImageError) throw error;
    throw new RetrievalImageError(`not a readable SQLite image: ${(error as Error).message}`);
  }
  // As openSqliteConnection sets a connection up (the page size and journal mode of an in-memory
  // database are the image's own and SQLite's; its migrations are checked above).
  connection.pragma('foreign_keys = ON');
  connection.pragma('busy_timeout = 5000');
  const database = new Kysely<unknown>({ dialect: new SqliteDialect({ database: connection }) });
  return {
    store: new SqlRetrievalStore(database, () => database.destroy()),
    image: () => connection.serialize(),
  };
}

function checkImage(connection: BetterSqlite3.Database, documents: number): void {
  const check = connection.pragma('quick_check', { simple: true });
  if (check !== 'ok') throw new RetrievalImageError(`SQLite quick_check: ${String(check)}`);
  const applied = connection.prepare('select name from kysely_migration order by name').pluck().all() as string[];
  const expected = Object.keys(migrations).sort();
  if (applied.join('\n') !== expected.join('\n'))
    throw new RetrievalImageError(`made with migrations ${applied.join(', ')}, not ${expected.join(', ')}`);
  const count = connection.prepare('select count(*) from retrieval_documents').pluck().get() as number;
  if (count !== documents) throw new RetrievalImageError(`${count} documents, not ${documents}`);
}
