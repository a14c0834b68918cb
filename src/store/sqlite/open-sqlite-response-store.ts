import { mkdirSync } from 'node:fs';
import { dirname } from 'node:path';
import BetterSqlite3 from 'better-sqlite3';
import { Kysely, Migrator, SqliteDialect } from 'kysely';
import { InputUnreadableError, VigilError } from '../../core/index.js';
import type { Database } from '../database-schema.js';
import { migrationProvider } from '../migrations.js';
import type { RunStore } from '../run-store.js';
import { SqlRunStore } from '../sql-run-store.js';
import { SqlStore } from '../sql-store.js';
import type { Store } from '../store.js';

/** The main store and the run store over one SQLite connection; `close()` closes both. */
export interface ResponseStores {
  store: Store;
  runs: RunStore;
  close(): Promise<void>;
}

/** Opens (creating when needed) the SQLite store at `path` with both views, migrated to the latest version. */
export async function openSqliteResponseStores(path: string): Promise<ResponseStores> {
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
  connection.pragma('synchronous = FULL');
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
  return { store, runs: new SqlRunStore(database), close: () => store.close() };
}
