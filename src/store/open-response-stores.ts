import { UnsupportedError } from '../core/index.js';
import { openSqliteResponseStores, type ResponseStores } from './sqlite/open-sqlite-response-store.js';

/** Like `openStore`, but also returns the run store (runs, step ledger, approval queue) over the same database. */
export async function openResponseStores(location: string): Promise<ResponseStores> {
  if (/^postgres(ql)?:\/\//.test(location))
    throw new UnsupportedError('the PostgreSQL store is not available yet; use a SQLite path');
  return openSqliteResponseStores(location.startsWith('sqlite:') ? location.slice('sqlite:'.length) : location);
}
