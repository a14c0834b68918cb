import { homedir } from 'node:os';
import { join } from 'node:path';
import { isPostgresLocation, openPostgresStore } from './postgres/open-postgres-stores.js';
import { openSqliteStore } from './sqlite/open-sqlite-store.js';
import type { Store } from './store.js';

/** Vigil's data folder: `VIGIL_HOME`, or `~/.vigil`. Read by callers at start-up and passed down. */
export function defaultHome(environment: NodeJS.ProcessEnv = process.env): string {
  return environment.VIGIL_HOME ?? join(homedir(), '.vigil');
}

/**
 * Opens the store named by `location`: a file path (SQLite), `sqlite:PATH`, or
 * `:memory:`, or a PostgreSQL URL (`postgres://user@host:port/database`).
 */
export async function openStore(location: string): Promise<Store> {
  if (location === ':memory:') return openSqliteStore(':memory:');
  if (location.startsWith('sqlite:')) return openSqliteStore(location.slice('sqlite:'.length));
  if (isPostgresLocation(location)) return openPostgresStore(location);
  return openSqliteStore(location);
}
