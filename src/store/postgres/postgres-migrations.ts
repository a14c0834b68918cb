/**
 * The migration list for PostgreSQL: the shared list, with the SQLite-only migrations
 * (raw SQL such as FTS5) replaced by their PostgreSQL branch under the same name, so both
 * dialects record the same migration names and versions.
 */
import type { Migration, MigrationProvider } from 'kysely';
import { migrations } from '../migrations.js';
import { postgresRetrievalMigration } from './postgres-retrieval-migration.js';

/** Names of shared migrations that are SQLite-only, and their PostgreSQL replacements. */
export const postgresBranches: Record<string, Migration> = {
  '0003-retrieval': postgresRetrievalMigration,
};

export const postgresMigrations: Record<string, Migration> = { ...migrations, ...postgresBranches };

export const postgresMigrationProvider: MigrationProvider = {
  getMigrations: async () => postgresMigrations,
};
