/** Migration 0004: API tokens for `vigil serve` (only the hash of each secret is stored). */
import { type Kysely, type Migration, sql } from 'kysely';

export const apiMigration: Migration = {
  async up(database: Kysely<unknown>) {
    await database.schema
      .createTable('api_tokens')
      .addColumn('id', 'text', (column) => column.primaryKey())
      .addColumn('name', 'text', (column) => column.notNull())
      .addColumn('role', 'text', (column) => column.notNull())
      .addColumn('secret_hash', 'text', (column) => column.notNull())
      .addColumn('created_at', 'text', (column) => column.notNull())
      .addColumn('created_by', 'text', (column) => column.notNull())
      .addColumn('last_used_at', 'text')
      .addColumn('revoked_at', 'text')
      .execute();
  },
  async down(database: Kysely<unknown>) {
    await sql`drop table if exists ${sql.table('api_tokens')}`.execute(database);
  },
};
