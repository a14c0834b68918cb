/**
 * The main store on SQLite: the shared SQL store, with events written through one prepared
 * statement on the better-sqlite3 connection instead of a Kysely multi-row INSERT compiled and
 * prepared afresh for every 400 rows. The rows, the conflict rule (an event already stored is
 * skipped) and the single transaction per call are the same; only the statement is reused.
 * The write holds Kysely's connection, so it never lands inside another caller's transaction.
 */
import type BetterSqlite3 from 'better-sqlite3';
import type { Kysely } from 'kysely';
import type { Database } from '../database-schema.js';
import { type EventRow, rowsOfGroups, SqlStore } from '../sql-store.js';
import type { InsertEventsOptions, InsertEventsResult, PreparedEvents } from '../store.js';

export class SqliteStore extends SqlStore {
  readonly #insertAll: (rows: readonly EventRow[]) => number;
  readonly #connection: BetterSqlite3.Database;

  constructor(
    private readonly sqlite: Kysely<Database>,
    connection: BetterSqlite3.Database,
    onClose?: () => Promise<void>,
  ) {
    super('sqlite', sqlite, onClose);
    this.#connection = connection;
    const insert = connection.prepare(
      'insert into events (id, timestamp, format, dataset, host, body, raw) values (?, ?, ?, ?, ?, ?, ?) on conflict (id) do nothing',
    );
    this.#insertAll = connection.transaction((rows: readonly EventRow[]) => {
      let stored = 0;
      for (const row of rows) {
        stored += insert.run(row.id, row.timestamp, row.format, row.dataset, row.host, row.body, row.raw).changes;
      }
      return stored;
    });
  }

  /**
   * `replayable` events are committed with `synchronous = NORMAL` (in WAL mode: the commit is in
   * the WAL, which is flushed at the next checkpoint or the next fully synchronised commit, not at
   * once); the connection's own setting (FULL) is restored before anything else can use it.
   */
  override async insertPreparedEvents(
    groups: readonly PreparedEvents[],
    options: InsertEventsOptions = {},
  ): Promise<InsertEventsResult> {
    const rows = rowsOfGroups(groups);
    if (rows.length === 0) return { stored: 0, duplicates: 0 };
    const stored = await this.sqlite.connection().execute(async () => {
      if (options.durability !== 'replayable') return this.#insertAll(rows);
      const synchronous = this.#connection.pragma('synchronous', { simple: true }) as number;
      this.#connection.pragma('synchronous = NORMAL');
      try {
        return this.#insertAll(rows);
      } finally {
        this.#connection.pragma(`synchronous = ${synchronous}`);
      }
    });
    return { stored, duplicates: rows.length - stored };
  }
}
