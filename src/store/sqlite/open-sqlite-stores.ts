import type { Kysely } from 'kysely';
import { SqlKnowledgeStore } from '../sql-knowledge-store.js';
import { SqlRetrievalStore } from '../sql-retrieval-store.js';
import { SqlRunStore } from '../sql-run-store.js';
import { SqlTaxiiStore, type TaxiiTables } from '../sql-taxii-store.js';
import { SqlTokenStore, type TokenTables } from '../sql-token-store.js';
import type { Stores } from '../stores.js';
import { openSqliteConnection } from './open-sqlite-database.js';
import { SqliteStore } from './sqlite-store.js';

/** Every store view over one SQLite connection at `path`. */
export async function openSqliteStores(path: string): Promise<Stores> {
  const { database, connection, created } = await openSqliteConnection(path);
  const store = new SqliteStore(database, connection, { created });
  return {
    store,
    runs: new SqlRunStore(database),
    tokens: new SqlTokenStore(database.withTables<TokenTables>() as unknown as Kysely<TokenTables>),
    // The index shares the connection: closing it alone must not close the database.
    retrieval: new SqlRetrievalStore(database as unknown as Kysely<unknown>),
    knowledge: new SqlKnowledgeStore(database),
    taxii: new SqlTaxiiStore(database.withTables<TaxiiTables>() as unknown as Kysely<TaxiiTables>),
    close: () => store.close(),
  };
}
