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

export interface SqliteStoreOptions {
  /** This process created the database file (a first load into it may use `loadReplayableEvents`' fast form). */
  created?: boolean;
  onClose?: () => Promise<void>;
}

export class SqliteStore extends SqlStore {
  readonly #insertAll: (rows: readonly EventRow[]) => number;
  readonly #connection: BetterSqlite3.Database;
  /** A first load into a file this process created may still run with a rollback journal. */
  #newFile: boolean;
  /** Inside such a load: the connection is in rollback-journal mode with `synchronous = OFF`. */
  #newFileLoad = false;

  constructor(
    private readonly sqlite: Kysely<Database>,
    connection: BetterSqlite3.Database,
    options: SqliteStoreOptions = {},
  ) {
    super('sqlite', sqlite, options.onClose);
    this.#connection = connection;
    this.#newFile = options.created ?? false;
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
   * once); the connection's own setting (FULL) is restored before anything else can use it. Inside
   * a load into a new file (`loadReplayableEvents`) they are committed as that load commits, and
   * `synced` ones with `synchronous = FULL`, whose commit flushes the whole file.
   */
  override async insertPreparedEvents(
    groups: readonly PreparedEvents[],
    options: InsertEventsOptions = {},
  ): Promise<InsertEventsResult> {
    const rows = rowsOfGroups(groups);
    if (rows.length === 0) return { stored: 0, duplicates: 0 };
    const replayable = options.durability === 'replayable';
    const stored = await this.sqlite.connection().execute(async () => {
      // The connection's setting fits the write (FULL for synced ones, OFF inside a new-file load)
      // unless it is a replayable one in WAL mode (NORMAL) or a synced one inside that load (FULL).
      if (replayable === this.#newFileLoad) return this.#insertAll(rows);
      const synchronous = this.#connection.pragma('synchronous', { simple: true }) as number;
      this.#connection.pragma(`synchronous = ${replayable ? 'NORMAL' : 'FULL'}`);
      try {
        return this.#insertAll(rows);
      } finally {
        this.#connection.pragma(`synchronous = ${synchronous}`);
      }
    });
    return { stored, duplicates: rows.length - stored };
  }

  /**
   * The first load of replayable events into a database file this process created runs with a
   * rollback journal and `synchronous = OFF`: pages appended to a new file are written once, where
   * WAL writes them to the log and again to the file at each checkpoint (about a third of the
   * write's CPU). When the load ends (or throws), the connection is back to WAL mode and
   * `synchronous = FULL`, and that switch's commit flushes the whole file to the disk.
   *
   * What a crash can cost: a kill of Vigil leaves a hot journal that the next open rolls back, so
   * the file holds whole transactions only, as in WAL mode, and ingesting the files again stores
   * exactly what is missing. An operating-system crash or power loss during the load can leave
   * the new file corrupt (nothing was waited on the disk); it held only this load's events, so it
   * is deleted and the files ingested again. Existing databases always load in WAL mode. While the
   * load runs, another process cannot open the file (it waits `busy_timeout`, then fails), as it
   * could during a WAL load; and where the switch is refused, the load runs in WAL mode as before.
   */
  override async loadReplayableEvents<T>(load: () => Promise<T>): Promise<T> {
    if (!this.#newFile) return load();
    this.#newFile = false;
    const switched = await this.sqlite.connection().execute(async () => {
      try {
        if (this.#connection.pragma('journal_mode = DELETE', { simple: true }) !== 'delete') return false;
      } catch {
        return false;
      }
      this.#connection.pragma('synchronous = OFF');
      return true;
    });
    if (!switched) return load();
    this.#newFileLoad = true;
    try {
      return await load();
    } finally {
      await this.sqlite.connection().execute(async () => {
        this.#newFileLoad = false;
        this.#connection.pragma('synchronous = FULL');
        try {
          this.#connection.pragma('journal_mode = WAL');
        } catch {
          // Refused (another connection holds the file): the next open switches it, as every open does.
        }
      });
    }
  }
}
