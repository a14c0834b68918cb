import { UnsupportedError } from '../core/index.js';
import { openSqliteServerStores, type ServerStores } from './sqlite/open-sqlite-server-stores.js';

/** Like `openResponseStores`, plus the API token store: what `vigil serve` needs, over one database. */
export async function openServerStores(location: string): Promise<ServerStores> {
  if (/^postgres(ql)?:\/\//.test(location))
    throw new UnsupportedError('the PostgreSQL store is not available yet; use a SQLite path');
  return openSqliteServerStores(location.startsWith('sqlite:') ? location.slice('sqlite:'.length) : location);
}
