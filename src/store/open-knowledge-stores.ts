import { mkdirSync } from 'node:fs';
import { dirname } from 'node:path';
import BetterSqlite3 from 'better-sqlite3';
import { Kysely, Migrator, SqliteDialect } from 'kysely';
import { InputUnreadableError, UnsupportedError, VigilError } from '../core/index.js';
import type { Database } from './database-schema.js';
import type { KnowledgeStore } from './knowledge-store.js';
import { migrationProvider } from './migrations.js';
import { SqlKnowledgeStore } from './sql-knowledge-store.js';
import { SqlStore } from './sql-store.js';
import type { Store } from './store.js';

/** The main store and the knowledge store over one connection; `close()` closes both. */
export interface KnowledgeStores {
  store: Store;
  knowledge: KnowledgeStore;
  close(): Promise<void>;
}

/**
 * Like `openStore`, but also returns the knowledge store (verdicts, decisions, suppressions,
 * learned-indicator provenance, sightings, publications) over the same SQLite database.
 * `:memory:` gives one private database shared by both views.
 */
export async function openKnowledgeStores(location: string): Promise<KnowledgeStores> {
  if (/^postgres(ql)?:\/\//.test(location))
    throw new UnsupportedError('the PostgreSQL store is not available yet; use a SQLite path');
  const path = location.startsWith('sqlite:') ? location.slice('sqlite:'.length) : location;
  if (path !== ':memory:') mkdirSync(dirname(path), { recursive: true });
  let connection: BetterSqlite3.Database;
  try {
    connection = new BetterSqlite3(path);
  } catch (error) {
    throw new InputUnreadableError(`cannot open the SQLite store: ${(error as Error).message}`, {
      location: { file: path },
      cause: error,
    });
  }
  connection.pragma('journal_mode = WAL');
  connection.pragma('synchronous = NORMAL');
  connection.pragma('foreign_keys = ON');
  connection.pragma('busy_timeout = 5000');
  const database = new Kysely<Database>({ dialect: new SqliteDialect({ database: connection }) });
  const { error } = await new Migrator({ db: database, provider: migrationProvider }).migrateToLatest();
  if (error) {
    await database.destroy();
    throw new VigilError('internal', `store migration failed: ${String((error as Error).message ?? error)}`, {
      location: { file: path },
      cause: error,
    });
  }
  const store = new SqlStore('sqlite', database);
  return { store, knowledge: new SqlKnowledgeStore(database), close: () => store.close() };
}
