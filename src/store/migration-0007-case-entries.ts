/**
 * Migration 0007: the case file of each incident, analysts' notes and assignments, each row
 * written in the same transaction as the audit entry that records it. `position` is the order
 * they were written in (two entries of one millisecond keep it; the last assignment wins).
 */
import type { Kysely, Migration } from 'kysely';

export const caseEntriesMigration: Migration = {
  async up(database: Kysely<unknown>) {
    await database.schema
      .createTable('case_entries')
      .addColumn('position', 'integer', (column) => column.primaryKey().autoIncrement())
      .addColumn('id', 'text', (column) => column.notNull().unique())
      .addColumn('incident_id', 'text', (column) => column.notNull())
      .addColumn('kind', 'text', (column) => column.notNull())
      .addColumn('created_at', 'text', (column) => column.notNull())
      .addColumn('body', 'text', (column) => column.notNull())
      .execute();
    await database.schema
      .createIndex('case_entries_incident')
      .on('case_entries')
      .columns(['incident_id', 'position'])
      .execute();
  },
  async down(database: Kysely<unknown>) {
    await database.schema.dropTable('case_entries').execute();
  },
};
