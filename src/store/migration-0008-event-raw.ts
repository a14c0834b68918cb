/**
 * Migration 0008: an event's raw record gets a column of its own. Rows written before keep the
 * whole event (raw included) in `body` and `raw` null; rows written after hold the event without
 * `raw` in `body` and the record, exactly as read, in `raw`. The record is then stored once as
 * plain text instead of a JSON string inside the body (escaped, so a Windows path's backslashes
 * doubled), and writing or reading an event no longer stringifies and parses it.
 */
import type { Kysely, Migration } from 'kysely';

export const eventRawMigration: Migration = {
  async up(database: Kysely<unknown>) {
    await database.schema.alterTable('events').addColumn('raw', 'text').execute();
  },
  /** Folds each record back into its row's body first, so no record is lost. */
  async down(database: Kysely<unknown>) {
    const events = database as unknown as Kysely<{ events: { id: string; body: string; raw: string | null } }>;
    const rows = await events.selectFrom('events').select(['id', 'body', 'raw']).where('raw', 'is not', null).execute();
    for (const row of rows) {
      const body = JSON.stringify({ ...JSON.parse(row.body), raw: row.raw });
      await events.updateTable('events').set({ body }).where('id', '=', row.id).execute();
    }
    await database.schema.alterTable('events').dropColumn('raw').execute();
  },
};
