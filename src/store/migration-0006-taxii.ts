/**
 * Migration 0006: TAXII 2.1 collections served by `vigil serve`, their object versions (body as
 * received, the time each was added) and the status resources of POSTs.
 */
import type { Kysely, Migration } from 'kysely';

export const taxiiMigration: Migration = {
  async up(database: Kysely<unknown>) {
    await database.schema
      .createTable('taxii_collections')
      .addColumn('id', 'text', (column) => column.primaryKey())
      .addColumn('body', 'text', (column) => column.notNull())
      .execute();
    await database.schema
      .createTable('taxii_objects')
      .addColumn('collection_id', 'text', (column) => column.notNull())
      .addColumn('id', 'text', (column) => column.notNull())
      .addColumn('version', 'text', (column) => column.notNull())
      .addColumn('type', 'text', (column) => column.notNull())
      .addColumn('spec_version', 'text', (column) => column.notNull())
      .addColumn('date_added', 'text', (column) => column.notNull())
      .addColumn('body', 'text', (column) => column.notNull())
      .addPrimaryKeyConstraint('taxii_objects_key', ['collection_id', 'id', 'version'])
      .execute();
    await database.schema
      .createIndex('taxii_objects_added')
      .on('taxii_objects')
      .columns(['collection_id', 'date_added'])
      .execute();
    await database.schema
      .createTable('taxii_statuses')
      .addColumn('id', 'text', (column) => column.primaryKey())
      .addColumn('body', 'text', (column) => column.notNull())
      .execute();
  },
  async down(database: Kysely<unknown>) {
    await database.schema.dropTable('taxii_statuses').execute();
    await database.schema.dropTable('taxii_objects').execute();
    await database.schema.dropTable('taxii_collections').execute();
  },
};
