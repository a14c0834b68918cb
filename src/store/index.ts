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
export type { IntelObjectRecord, KnowledgeStore } from './knowledge-store.js';
export { openRetrievalStore, openStore, openStores } from './open-store.js';
export { isPostgresLocation, redactLocation } from './postgres/postgres-location.js';
export type {
  RetrievalDocument,
  RetrievalHit,
  RetrievalKind,
  RetrievalQuery,
  RetrievalStore,
} from './retrieval-store.js';
export type { LedgerEntry, RunQuery, RunStore } from './run-store.js';
export {
  openRetrievalIndexImage,
  RetrievalImageError,
  type RetrievalIndexImage,
  retrievalIndexFromImage,
} from './sqlite/retrieval-index-image.js';
export type {
  AuditQuery,
  AuditVerification,
  EventDurability,
  EventQuery,
  IncidentArtifacts,
  IncidentArtifactsPatch,
  IncidentChange,
  InsertEventsOptions,
  InsertEventsResult,
  NewAuditEntry,
  PreparedEvents,
  Store,
  StoredRejection,
} from './store.js';
export type { Stores } from './stores.js';
export type { TaxiiObjectQuery, TaxiiObjectRecord, TaxiiStore } from './taxii-store.js';
export { type ApiRole, apiRoles, type StoredToken, type TokenStore } from './token-store.js';
