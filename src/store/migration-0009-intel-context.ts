/**
 * Migration 0009: the threat-intelligence context Vigil has read (STIX relationships and the
 * objects they point to: attack patterns, malware, tools, intrusion sets, actors, campaigns,
 * infrastructure), the latest version of each, so an indicator's attribution is computed from
 * every source known whatever the order the objects arrived in.
 */
import type { Kysely, Migration } from 'kysely';

export const intelContextMigration: Migration = {
  async up(database: Kysely<unknown>) {
    await database.schema
      .createTable('knowledge_intel_objects')
      .addColumn('id', 'text', (column) => column.primaryKey())
      .addColumn('type', 'text', (column) => column.notNull())
      .addColumn('version', 'text', (column) => column.notNull())
      .addColumn('body', 'text', (column) => column.notNull())
      .execute();
    await database.schema
      .createIndex('knowledge_intel_objects_type')
      .on('knowledge_intel_objects')
      .column('type')
      .execute();
  },
  async down(database: Kysely<unknown>) {
    await database.schema.dropTable('knowledge_intel_objects').execute();
  },
};
