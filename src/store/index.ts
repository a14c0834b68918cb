/** @module store: persistence behind the `Store` interface; SQLite is the embedded default. */
export { canonicalise, genesisHash, hashAuditEntry } from './audit-chain.js';
export {
  type ActionDecisionRecord,
  actionDecisionRecordSchema,
  type IndicatorProvenance,
  type IndicatorSightingRecord,
  indicatorProvenanceSchema,
  indicatorSightingRecordSchema,
  type PublicationRecord,
  publicationRecordSchema,
  type Suppression,
  suppressionSchema,
  type VerdictRecord,
  verdictRecordSchema,
} from './knowledge-records.js';
export type { KnowledgeStore } from './knowledge-store.js';
export { type KnowledgeStores, openKnowledgeStores } from './open-knowledge-stores.js';
export { openResponseStores } from './open-response-stores.js';
export { openRetrievalStore } from './open-retrieval-store.js';
export { openServerStores } from './open-server-stores.js';
export { defaultHome, openStore } from './open-store.js';
export type {
  RetrievalDocument,
  RetrievalHit,
  RetrievalKind,
  RetrievalQuery,
  RetrievalStore,
} from './retrieval-store.js';
export type { LedgerEntry, RunQuery, RunStore } from './run-store.js';
export type { ResponseStores } from './sqlite/open-sqlite-response-store.js';
export type { ServerStores } from './sqlite/open-sqlite-server-stores.js';
export type {
  AuditVerification,
  EventQuery,
  IncidentArtifacts,
  InsertEventsResult,
  NewAuditEntry,
  Store,
  StoredRejection,
} from './store.js';
export { type ApiRole, apiRoles, type StoredToken, type TokenStore } from './token-store.js';
