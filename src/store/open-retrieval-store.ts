import { UnsupportedError } from '../core/index.js';
import type { RetrievalStore } from './retrieval-store.js';
import { openSqliteRetrievalStore } from './sqlite/open-sqlite-retrieval-store.js';

/** Opens the retrieval index of the store at `location` (same forms as `openStore`); `:memory:` gives a private one. */
export async function openRetrievalStore(location: string): Promise<RetrievalStore> {
  if (/^postgres(ql)?:\/\//.test(location))
    throw new UnsupportedError('retrieval needs the SQLite store (FTS5); PostgreSQL is not available yet');
  return openSqliteRetrievalStore(location.startsWith('sqlite:') ? location.slice('sqlite:'.length) : location);
}
