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
import { SqlTokenStore, type TokenTables } from '../sql-token-store.js';
import type { Store } from '../store.js';
import type { TokenStore } from '../token-store.js';

/** Everything `vigil serve` persists, over one SQLite connection; `close()` closes it once. */
export interface ServerStores {
  store: Store;
  runs: RunStore;
  tokens: TokenStore;
  close(): Promise<void>;
}

/** Opens (creating when needed) the SQLite store at `path` with the main, run and token views, migrated. */
export async function openSqliteServerStores(path: string): Promise<ServerStores> {
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
  return {
    store,
    runs: new SqlRunStore(database),
    tokens: new SqlTokenStore(database.withTables<TokenTables>() as unknown as Kysely<TokenTables>),
    close: () => store.close(),
  };
}
