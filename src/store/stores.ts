/**
 * Every view of one Vigil database, over one connection (SQLite) or one pool (PostgreSQL):
 * the main `Store`, the orchestrator's run store, API tokens, the retrieval index and the
 * knowledge store. Callers take the views they need; `close()` closes the connection once.
 */
import type { KnowledgeStore } from './knowledge-store.js';
import type { RetrievalStore } from './retrieval-store.js';
import type { RunStore } from './run-store.js';
import type { Store } from './store.js';
import type { TaxiiStore } from './taxii-store.js';
import type { TokenStore } from './token-store.js';

export interface Stores {
  store: Store;
  runs: RunStore;
  tokens: TokenStore;
  retrieval: RetrievalStore;
  knowledge: KnowledgeStore;
  taxii: TaxiiStore;
  close(): Promise<void>;
}
