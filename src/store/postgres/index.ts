/** @module store/postgres: every Vigil store over one PostgreSQL pool (migrations shared with SQLite). */
export {
  isPostgresLocation,
  openPostgresRetrievalStore,
  openPostgresStore,
  openPostgresStores,
  type PostgresStoreOptions,
  type PostgresStores,
  redactLocation,
} from './open-postgres-stores.js';
export { postgresBranches, postgresMigrations } from './postgres-migrations.js';
export { PostgresRetrievalStore, tsQueryOf } from './postgres-retrieval-store.js';
