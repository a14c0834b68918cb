import { mkdirSync } from 'node:fs';
import { dirname } from 'node:path';
import BetterSqlite3 from 'better-sqlite3';
import { Kysely, Migrator, SqliteDialect } from 'kysely';
import { InputUnreadableError, VigilError } from '../../core/index.js';
import { migrationProvider } from '../migrations.js';
import { SqlRetrievalStore } from '../sql-retrieval-store.js';

/**
 * Opens the retrieval index in the SQLite store at `path` (its own connection; WAL lets it
 * share the file with the main store), or a throw-away one for `:memory:`, migrated to the latest.
 */
export async function openSqliteRetrievalStore(path: string): Promise<SqlRetrievalStore> {
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
  const database = new Kysely<unknown>({ dialect: new SqliteDialect({ database: connection }) });
  const { error } = await new Migrator({ db: database, provider: migrationProvider }).migrateToLatest();
  if (error) {
    await database.destroy();
    throw new VigilError('internal', `store migration failed: ${String((error as Error).message ?? error)}`, {
      location: { file: path },
      cause: error,
    });
  }
  return new SqlRetrievalStore(database, () => database.destroy());
}
