/** Migration 0002: response runs, the step idempotency ledger and the approval queue. */
import { type Kysely, type Migration, sql } from 'kysely';

export const responseMigration: Migration = {
  async up(database: Kysely<unknown>) {
    await database.schema
      .createTable('runs')
      .addColumn('id', 'text', (column) => column.primaryKey())
      .addColumn('status', 'text', (column) => column.notNull())
      .addColumn('incident_id', 'text')
      .addColumn('created_at', 'text', (column) => column.notNull())
      .addColumn('updated_at', 'text', (column) => column.notNull())
      .addColumn('body', 'text', (column) => column.notNull())
      .execute();
    await database.schema.createIndex('runs_status').on('runs').columns(['status', 'updated_at']).execute();

    await database.schema
      .createTable('step_ledger')
      .addColumn('idempotency_key', 'text', (column) => column.primaryKey())
      .addColumn('run_id', 'text', (column) => column.notNull())
      .addColumn('step_ref', 'text', (column) => column.notNull())
      .addColumn('status', 'text', (column) => column.notNull())
      .addColumn('attempt', 'integer', (column) => column.notNull())
      .addColumn('started_at', 'text', (column) => column.notNull())
      .addColumn('finished_at', 'text')
      .addColumn('output', 'text')
      .execute();
    await database.schema.createIndex('step_ledger_run').on('step_ledger').column('run_id').execute();

    await database.schema
      .createTable('approval_requests')
      .addColumn('id', 'text', (column) => column.primaryKey())
      .addColumn('status', 'text', (column) => column.notNull())
      .addColumn('proposal_id', 'text')
      .addColumn('run_id', 'text')
      .addColumn('created_at', 'text', (column) => column.notNull())
      .addColumn('body', 'text', (column) => column.notNull())
      .execute();
    await database.schema
      .createIndex('approval_requests_status')
      .on('approval_requests')
      .columns(['status', 'created_at'])
      .execute();
  },
  async down(database: Kysely<unknown>) {
    for (const table of ['approval_requests', 'step_ledger', 'runs'])
      await sql`drop table if exists ${sql.table(table)}`.execute(database);
  },
};
