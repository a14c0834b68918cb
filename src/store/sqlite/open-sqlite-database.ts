import { closeSync, existsSync, mkdirSync, openSync } from 'node:fs';
import { dirname } from 'node:path';
import BetterSqlite3 from 'better-sqlite3';
import { Kysely, Migrator, SqliteDialect } from 'kysely';
import { InputUnreadableError, VigilError } from '../../core/index.js';
import type { Database } from '../database-schema.js';
import { migrationProvider } from '../migrations.js';

/**
 * Opens (creating when needed) the SQLite database at `path` (`:memory:` for a throw-away one)
 * in WAL mode with full synchronisation, so a completed response step survives a power loss,
 * and runs pending migrations (event writes may ask for less: `EventDurability`). The one place where Vigil opens SQLite. A new database file (and
 * so its WAL and shared-memory files, which SQLite creates with the same mode) is readable by its
 * owner only (0600), in a folder created 0700: it holds logs, token hashes and the audit log.
 */
export async function openSqliteDatabase(path: string): Promise<Kysely<Database>> {
  return (await openSqliteConnection(path)).database;
}

/**
 * The same, with the better-sqlite3 connection under it (for prepared bulk statements) and
 * whether this call created the database file.
 */
export async function openSqliteConnection(
  path: string,
): Promise<{ database: Kysely<Database>; connection: BetterSqlite3.Database; created: boolean }> {
  let connection: BetterSqlite3.Database;
  let created = false;
  try {
    if (path !== ':memory:') {
      mkdirSync(dirname(path), { recursive: true, mode: 0o700 });
      created = !existsSync(path);
      if (created) closeSync(openSync(path, 'a', 0o600));
    }
    connection = new BetterSqlite3(path);
  } catch (error) {
    throw new InputUnreadableError(`cannot open the SQLite store: ${(error as Error).message}`, {
      location: { file: path },
      cause: error,
    });
  }
  // A new database gets 16 KiB pages (an existing one keeps its own): a Windows event's row (its
  // record and body, about 4 KB) then fits its leaf page instead of spilling to overflow pages,
  // which made inserts about a fifth dearer and left a quarter of every leaf page empty.
  connection.pragma('page_size = 16384');
  connection.pragma('journal_mode = WAL');
  connection.pragma('foreign_keys = ON');
  connection.pragma('busy_timeout = 5000');
  const database = new Kysely<Database>({ dialect: new SqliteDialect({ database: connection }) });
  // Migrations run statement by statement (Kysely runs SQLite's without a transaction): flushed
  // once at the end by a checkpoint instead of at each of the about 60 statements of a new
  // database (0.6 s of waiting on the disk, 0.05 s of work).
  connection.pragma('synchronous = NORMAL');
  const { error, results } = await new Migrator({ db: database, provider: migrationProvider }).migrateToLatest();
  if ((results?.length ?? 0) > 0) connection.pragma('wal_checkpoint(PASSIVE)');
  connection.pragma('synchronous = FULL');
  if (error) {
    await database.destroy();
    throw new VigilError('internal', `store migration failed: ${String((error as Error).message ?? error)}`, {
      location: { file: path },
      cause: error,
    });
  }
  return { database, connection, created };
}
