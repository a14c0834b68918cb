/**
 * Versioned schema migrations, written with Kysely's schema builder so the same list
 * serves SQLite and PostgreSQL. Append new migrations; never edit a released one.
 */
import { type Kysely, type Migration, type MigrationProvider, sql } from 'kysely';
import { responseMigration } from './migration-0002-response.js';
import { retrievalMigration } from './migration-0003-retrieval.js';
import { apiMigration } from './migration-0004-api.js';
import { knowledgeMigration } from './migration-0005-knowledge.js';
import { taxiiMigration } from './migration-0006-taxii.js';
import { caseEntriesMigration } from './migration-0007-case-entries.js';
import { eventRawMigration } from './migration-0008-event-raw.js';
import { intelContextMigration } from './migration-0009-intel-context.js';
import { incidentStatusMigration } from './migration-0010-incident-status.js';

const initial: Migration = {
  async up(database: Kysely<unknown>) {
    await database.schema
      .createTable('events')
      .addColumn('id', 'text', (column) => column.primaryKey())
      .addColumn('timestamp', 'text', (column) => column.notNull())
      .addColumn('format', 'text', (column) => column.notNull())
      .addColumn('dataset', 'text')
      .addColumn('host', 'text')
      .addColumn('body', 'text', (column) => column.notNull())
      .execute();
    await database.schema.createIndex('events_timestamp').on('events').column('timestamp').execute();
    await database.schema.createIndex('events_host').on('events').columns(['host', 'timestamp']).execute();

    await database.schema
      .createTable('alerts')
      .addColumn('id', 'text', (column) => column.primaryKey())
      .addColumn('timestamp', 'text', (column) => column.notNull())
      .addColumn('rule_id', 'text', (column) => column.notNull())
      .addColumn('severity', 'text', (column) => column.notNull())
      .addColumn('body', 'text', (column) => column.notNull())
      .execute();
    await database.schema.createIndex('alerts_timestamp').on('alerts').column('timestamp').execute();

    await database.schema
      .createTable('incidents')
      .addColumn('id', 'text', (column) => column.primaryKey())
      .addColumn('first_seen', 'text', (column) => column.notNull())
      .addColumn('last_seen', 'text', (column) => column.notNull())
      .addColumn('severity', 'text', (column) => column.notNull())
      .addColumn('status', 'text', (column) => column.notNull())
      .addColumn('body', 'text', (column) => column.notNull())
      .addColumn('artifacts', 'text', (column) => column.notNull())
      .execute();

    await database.schema
      .createTable('action_proposals')
      .addColumn('id', 'text', (column) => column.primaryKey())
      .addColumn('incident_id', 'text', (column) => column.notNull())
      .addColumn('position', 'integer', (column) => column.notNull())
      .addColumn('body', 'text', (column) => column.notNull())
      .execute();
    await database.schema.createIndex('proposals_incident').on('action_proposals').column('incident_id').execute();

    await database.schema
      .createTable('approvals')
      .addColumn('id', 'text', (column) => column.primaryKey())
      .addColumn('proposal_id', 'text', (column) => column.notNull())
      .addColumn('decided_at', 'text', (column) => column.notNull())
      .addColumn('body', 'text', (column) => column.notNull())
      .execute();
    await database.schema.createIndex('approvals_proposal').on('approvals').column('proposal_id').execute();

    await database.schema
      .createTable('feedback')
      .addColumn('id', 'text', (column) => column.primaryKey())
      .addColumn('incident_id', 'text', (column) => column.notNull())
      .addColumn('created_at', 'text', (column) => column.notNull())
      .addColumn('body', 'text', (column) => column.notNull())
      .execute();
    await database.schema.createIndex('feedback_incident').on('feedback').column('incident_id').execute();

    await database.schema
      .createTable('indicators')
      .addColumn('id', 'text', (column) => column.primaryKey())
      .addColumn('type', 'text')
      .addColumn('value', 'text')
      .addColumn('source', 'text', (column) => column.notNull())
      .addColumn('body', 'text', (column) => column.notNull())
      .execute();
    await database.schema.createIndex('indicators_value').on('indicators').columns(['type', 'value']).execute();

    await database.schema
      .createTable('rejections')
      .addColumn('id', 'integer', (column) => column.primaryKey().autoIncrement())
      .addColumn('file', 'text', (column) => column.notNull())
      .addColumn('line', 'integer')
      .addColumn('reason', 'text', (column) => column.notNull())
      .addColumn('recorded_at', 'text', (column) => column.notNull())
      .execute();

    await database.schema
      .createTable('audit_log')
      .addColumn('sequence', 'integer', (column) => column.primaryKey())
      .addColumn('timestamp', 'text', (column) => column.notNull())
      .addColumn('actor', 'text', (column) => column.notNull())
      .addColumn('action', 'text', (column) => column.notNull())
      .addColumn('subject_kind', 'text', (column) => column.notNull())
      .addColumn('subject_id', 'text', (column) => column.notNull())
      .addColumn('details', 'text', (column) => column.notNull())
      .addColumn('previous_hash', 'text', (column) => column.notNull())
      .addColumn('hash', 'text', (column) => column.notNull())
      .execute();
    await database.schema.createIndex('audit_subject').on('audit_log').column('subject_id').execute();
  },
  async down(database: Kysely<unknown>) {
    for (const table of [
      'audit_log',
      'rejections',
      'indicators',
      'feedback',
      'approvals',
      'action_proposals',
      'incidents',
      'alerts',
      'events',
    ]) {
      await sql`drop table if exists ${sql.table(table)}`.execute(database);
    }
  },
};

/** Migrations by name; names sort in the order they run. */
export const migrations: Record<string, Migration> = {
  '0001-initial': initial,
  '0002-response': responseMigration,
  '0003-retrieval': retrievalMigration,
  '0004-api': apiMigration,
  '0005-knowledge': knowledgeMigration,
  '0006-taxii': taxiiMigration,
  '0007-case-entries': caseEntriesMigration,
  '0008-event-raw': eventRawMigration,
  '0009-intel-context': intelContextMigration,
  '0010-incident-status': incidentStatusMigration,
};

export const migrationProvider: MigrationProvider = {
  getMigrations: async () => migrations,
};
