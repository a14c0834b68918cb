/**
 * Migration 0005: what Vigil learns from analysts. Verdicts per incident (with the rules that
 * fired), decisions per proposed action, benign-pattern suppressions (revocable, never deleted),
 * provenance of indicators learned from incidents, sightings of known indicators, and
 * publications of incidents to sharing communities (only after approval).
 */
import { type Kysely, type Migration, sql } from 'kysely';

export const knowledgeMigration: Migration = {
  async up(database: Kysely<unknown>) {
    await database.schema
      .createTable('knowledge_verdicts')
      .addColumn('incident_id', 'text', (column) => column.primaryKey())
      .addColumn('verdict', 'text', (column) => column.notNull())
      .addColumn('decided_at', 'text', (column) => column.notNull())
      .addColumn('body', 'text', (column) => column.notNull())
      .execute();
    await database.schema
      .createTable('knowledge_decisions')
      .addColumn('id', 'text', (column) => column.primaryKey())
      .addColumn('incident_id', 'text', (column) => column.notNull())
      .addColumn('action_type', 'text', (column) => column.notNull())
      .addColumn('target_kind', 'text', (column) => column.notNull())
      .addColumn('target_value', 'text', (column) => column.notNull())
      .addColumn('decision', 'text', (column) => column.notNull())
      .addColumn('decided_at', 'text', (column) => column.notNull())
      .addColumn('body', 'text', (column) => column.notNull())
      .execute();
    await database.schema
      .createIndex('knowledge_decisions_action')
      .on('knowledge_decisions')
      .columns(['action_type', 'target_kind'])
      .execute();
    await database.schema
      .createTable('knowledge_suppressions')
      .addColumn('id', 'text', (column) => column.primaryKey())
      .addColumn('rule_id', 'text', (column) => column.notNull())
      .addColumn('active', 'integer', (column) => column.notNull())
      .addColumn('created_at', 'text', (column) => column.notNull())
      .addColumn('body', 'text', (column) => column.notNull())
      .execute();
    await database.schema
      .createTable('knowledge_provenance')
      .addColumn('indicator_id', 'text', (column) => column.primaryKey())
      .addColumn('incident_id', 'text', (column) => column.notNull())
      .addColumn('created_at', 'text', (column) => column.notNull())
      .addColumn('body', 'text', (column) => column.notNull())
      .execute();
    await database.schema
      .createTable('knowledge_sightings')
      .addColumn('id', 'integer', (column) => column.primaryKey().autoIncrement())
      .addColumn('indicator_id', 'text', (column) => column.notNull())
      .addColumn('incident_id', 'text', (column) => column.notNull())
      .addColumn('seen_at', 'text', (column) => column.notNull())
      .addColumn('count', 'integer', (column) => column.notNull())
      .execute();
    await database.schema
      .createIndex('knowledge_sightings_indicator')
      .on('knowledge_sightings')
      .column('indicator_id')
      .execute();
    await database.schema
      .createTable('knowledge_publications')
      .addColumn('id', 'text', (column) => column.primaryKey())
      .addColumn('incident_id', 'text', (column) => column.notNull())
      .addColumn('status', 'text', (column) => column.notNull())
      .addColumn('created_at', 'text', (column) => column.notNull())
      .addColumn('body', 'text', (column) => column.notNull())
      .execute();
  },
  async down(database: Kysely<unknown>) {
    for (const table of [
      'knowledge_publications',
      'knowledge_sightings',
      'knowledge_provenance',
      'knowledge_suppressions',
      'knowledge_decisions',
      'knowledge_verdicts',
    ])
      await sql`drop table if exists ${sql.table(table)}`.execute(database);
  },
};
