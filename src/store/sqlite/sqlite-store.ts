/**
 * The main store on SQLite: the shared SQL store, with events written through one prepared
 * statement on the better-sqlite3 connection instead of a Kysely multi-row INSERT compiled and
 * prepared afresh for every 400 rows. The rows, the conflict rule (an event already stored is
 * skipped) and the single transaction per call are the same; only the statement is reused.
 * The write holds Kysely's connection, so it never lands inside another caller's transaction.
 */
import type BetterSqlite3 from 'better-sqlite3';
import type { Kysely } from 'kysely';
import type { Event } from '../../core/index.js';
import type { Database } from '../database-schema.js';
import { eventRow, SqlStore } from '../sql-store.js';
import type { InsertEventsOptions, InsertEventsResult } from '../store.js';

export class SqliteStore extends SqlStore {
  readonly #insertAll: (events: readonly Event[]) => number;
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
    this.#insertAll = connection.transaction((events: readonly Event[]) => {
      let stored = 0;
      for (const event of events) {
        const row = eventRow(event);
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
  override async insertEvents(
    events: readonly Event[],
    options: InsertEventsOptions = {},
  ): Promise<InsertEventsResult> {
    if (events.length === 0) return { stored: 0, duplicates: 0 };
    const stored = await this.sqlite.connection().execute(async () => {
      if (options.durability !== 'replayable') return this.#insertAll(events);
      const synchronous = this.#connection.pragma('synchronous', { simple: true }) as number;
      this.#connection.pragma('synchronous = NORMAL');
      try {
        return this.#insertAll(events);
      } finally {
        this.#connection.pragma(`synchronous = ${synchronous}`);
      }
    });
    return { stored, duplicates: events.length - stored };
  }
}
