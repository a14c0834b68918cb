/**
 * Opens every Vigil store over one PostgreSQL connection pool: the main `Store`, the run store
 * (runs, step ledger, approval queue), API tokens, the retrieval index and the knowledge store.
 * Migrations run once under Kysely's migration lock, so several workers may start at once.
 */
import { Kysely, Migrator, PostgresDialect } from 'kysely';
import pg from 'pg';
import { VigilError } from '../../core/index.js';
import type { Database } from '../database-schema.js';
import type { KnowledgeStore } from '../knowledge-store.js';
import type { RetrievalStore } from '../retrieval-store.js';
import type { RunStore } from '../run-store.js';
import { SqlKnowledgeStore } from '../sql-knowledge-store.js';
import { SqlRunStore } from '../sql-run-store.js';
import { SqlTaxiiStore, type TaxiiTables } from '../sql-taxii-store.js';
import { SqlTokenStore, type TokenTables } from '../sql-token-store.js';
import type { Store } from '../store.js';
import type { TaxiiStore } from '../taxii-store.js';
import type { TokenStore } from '../token-store.js';
import { redactLocation } from './postgres-location.js';
import { postgresMigrationProvider } from './postgres-migrations.js';
import { PostgresRetrievalStore } from './postgres-retrieval-store.js';
import { PostgresSchemaPlugin } from './postgres-schema-plugin.js';
import { PostgresStore } from './postgres-store.js';

export { isPostgresLocation, redactLocation } from './postgres-location.js';

import { QueueingRunStore } from './queueing-run-store.js';
import { createRunQueueSender } from './run-queue.js';

export interface PostgresStoreOptions {
  /** Connections in the pool. Default 10. */
  poolSize?: number;
  /** Milliseconds to wait for a connection before failing. Default 10,000. */
  connectTimeoutMs?: number;
  /** Application name shown in `pg_stat_activity`. */
  applicationName?: string;
  /**
   * Enqueue orchestrator runs on the run queue (pg-boss, same database) in the transaction that
   * makes them ready (a decided approval, a started run). Default true; the queue's schema is
   * created on first use.
   */
  runQueue?: boolean;
}

/** Every store over one pool; `close()` ends the pool once. */
export interface PostgresStores {
  store: Store;
  runs: RunStore;
  tokens: TokenStore;
  retrieval: RetrievalStore;
  knowledge: KnowledgeStore;
  taxii: TaxiiStore;
  /** The pool, for health checks (`select 1`). */
  ping(): Promise<void>;
  close(): Promise<void>;
}

export async function openPostgresStores(url: string, options: PostgresStoreOptions = {}): Promise<PostgresStores> {
  const pool = new pg.Pool({
    connectionString: url,
    max: options.poolSize ?? 10,
    connectionTimeoutMillis: options.connectTimeoutMs ?? 10_000,
    application_name: options.applicationName ?? 'vigil',
  });
  // A client that loses its server (idle or checked out) must not crash the process: the query
  // in flight fails (and is retried by its caller), the pool drops the client and connects anew.
  pool.on('error', () => {});
  pool.on('connect', (client) => client.on('error', () => {}));
  const database = new Kysely<Database>({ dialect: new PostgresDialect({ pool }) });
  const migrating = database.withPlugin(new PostgresSchemaPlugin());
  const { error } = await new Migrator({ db: migrating, provider: postgresMigrationProvider }).migrateToLatest();
  if (error) {
    await database.destroy();
    throw new VigilError('internal', `store migration failed: ${String((error as Error).message ?? error)}`, {
      location: { file: redactLocation(url) },
      cause: error,
    });
  }
  let closed = false;
  const queue =
    options.runQueue === false
      ? undefined
      : createRunQueueSender({ executeSql: (text, values) => pool.query(text, values) });
  const store = new PostgresStore(database, async () => {
    closed = true;
    await queue?.close();
  });
  return {
    store,
    runs: queue ? new QueueingRunStore(database, queue) : new SqlRunStore(database),
    tokens: new SqlTokenStore(database.withTables<TokenTables>() as unknown as Kysely<TokenTables>),
    retrieval: new PostgresRetrievalStore(database as unknown as Kysely<unknown>),
    knowledge: new SqlKnowledgeStore(database),
    taxii: new SqlTaxiiStore(database.withTables<TaxiiTables>() as unknown as Kysely<TaxiiTables>),
    async ping() {
      await pool.query('select 1');
    },
    close: async () => {
      if (!closed) await store.close();
    },
  };
}

/** The main store alone (what `openStore('postgres://…')` returns); `close()` ends its pool. */
export async function openPostgresStore(url: string, options: PostgresStoreOptions = {}): Promise<Store> {
  const stores = await openPostgresStores(url, options);
  return stores.store;
}

/** The retrieval index alone (what `openRetrievalStore('postgres://…')` should return); `close()` ends its pool. */
export async function openPostgresRetrievalStore(
  url: string,
  options: PostgresStoreOptions = {},
): Promise<RetrievalStore> {
  const stores = await openPostgresStores(url, options);
  const { retrieval } = stores;
  return {
    indexDocuments: (documents) => retrieval.indexDocuments(documents),
    search: (query) => retrieval.search(query),
    countDocuments: (kind) => retrieval.countDocuments(kind),
    close: () => stores.close(),
  };
}
