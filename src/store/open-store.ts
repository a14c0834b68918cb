import { isPostgresLocation } from './postgres/postgres-location.js';
import type { RetrievalStore } from './retrieval-store.js';
import { SqlRetrievalStore } from './sql-retrieval-store.js';
import { openSqliteDatabase } from './sqlite/open-sqlite-database.js';
import { openSqliteStores } from './sqlite/open-sqlite-stores.js';
import type { Store } from './store.js';
import type { Stores } from './stores.js';

/** The PostgreSQL stores, loaded only when a location names PostgreSQL (their client is large). */
const postgres = () => import('./postgres/open-postgres-stores.js');

const sqlitePath = (location: string): string =>
  location.startsWith('sqlite:') ? location.slice('sqlite:'.length) : location;

/**
 * Opens every store view of the database at `location`: a SQLite file path, `sqlite:PATH`,
 * `:memory:` (a private SQLite database), or `postgres://…` (a PostgreSQL server).
 */
export async function openStores(location: string): Promise<Stores> {
  if (isPostgresLocation(location)) return (await postgres()).openPostgresStores(location);
  return openSqliteStores(sqlitePath(location));
}

/** The main store alone, for commands that need nothing else; `close()` closes its connection. */
export async function openStore(location: string): Promise<Store> {
  return (await openStores(location)).store;
}

/**
 * The retrieval index alone, with a connection of its own (`:memory:` gives a private index,
 * as investigations use when no persistent one is given); `close()` closes that connection.
 */
export async function openRetrievalStore(location: string): Promise<RetrievalStore> {
  if (isPostgresLocation(location)) return (await postgres()).openPostgresRetrievalStore(location);
  const database = await openSqliteDatabase(sqlitePath(location));
  return new SqlRetrievalStore(database as never, () => database.destroy());
}
