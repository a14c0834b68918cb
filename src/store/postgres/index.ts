/** @module store/postgres: every Vigil store over one PostgreSQL pool (migrations shared with SQLite). */
export {
  openPostgresRetrievalStore,
  openPostgresStore,
  openPostgresStores,
  type PostgresStoreOptions,
  type PostgresStores,
} from './open-postgres-stores.js';
export { isPostgresLocation, redactLocation } from './postgres-location.js';
export { postgresBranches, postgresMigrations } from './postgres-migrations.js';
export { PostgresRetrievalStore, tsQueryOf } from './postgres-retrieval-store.js';
export { PostgresStore } from './postgres-store.js';
export { approvalIsDecided, QueueingRunStore, runIsReadyToStart } from './queueing-run-store.js';
export {
  type AdvanceRunJob,
  createRunQueueSender,
  type RunQueueSender,
  runJobDefaults,
  runQueueName,
  type SqlExecutor,
} from './run-queue.js';
