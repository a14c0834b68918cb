/**
 * The `Store` contract: everything Vigil persists goes through it. The embedded default
 * is SQLite (`sqlite/`); a PostgreSQL implementation must pass the same test suite
 * (`store-contract.ts`) without callers changing. SQL never leaves the implementations.
 *
 * Lifecycle: `openStore()` returns a migrated store; call `close()` when done.
 * All writes of one call are atomic. Domain objects are validated by their zod schema
 * before they are written, so a store never holds a value its schema rejects.
 */
import type {
  ActionProposal,
  Alert,
  Approval,
  AuditEntry,
  Event,
  Feedback,
  Incident,
  Indicator,
} from '../core/index.js';

/** A record that ingestion could not turn into an event, kept so analysts can read it back. */
export interface StoredRejection {
  file: string;
  line?: number | undefined;
  reason: string;
  recordedAt: string;
}

/** Result of inserting events: how many were new, how many were already stored (same fingerprint). */
export interface InsertEventsResult {
  stored: number;
  duplicates: number;
}

export interface EventQuery {
  /** Inclusive ISO lower bound on the event timestamp. */
  from?: string;
  /** Exclusive ISO upper bound. */
  to?: string;
  host?: string;
  limit?: number;
}

/** The reasoning stages' outputs kept beside an incident (contextualise, correlate, plan). */
export type IncidentArtifacts = Record<string, unknown>;

/** An audit entry before the store assigns its sequence number and chain hashes. */
export type NewAuditEntry = Omit<AuditEntry, 'sequence' | 'previousHash' | 'hash' | 'timestamp'> & {
  timestamp?: string;
};

export interface AuditVerification {
  valid: boolean;
  entries: number;
  /** First sequence number whose hash does not match, when invalid. */
  brokenAt?: number;
}

export interface Store {
  /** Name of the backend, e.g. `sqlite`. */
  readonly kind: string;

  insertEvents(events: readonly Event[]): Promise<InsertEventsResult>;
  getEvents(ids: readonly string[]): Promise<Event[]>;
  listEvents(query?: EventQuery): Promise<Event[]>;
  countEvents(): Promise<number>;

  /** Inserts alerts; an alert already stored (same id) is left as it is. */
  insertAlerts(alerts: readonly Alert[]): Promise<number>;
  listAlerts(options?: { limit?: number }): Promise<Alert[]>;

  /** Inserts or replaces an incident and its stage artifacts. */
  saveIncident(incident: Incident, artifacts?: IncidentArtifacts): Promise<void>;
  getIncident(id: string): Promise<{ incident: Incident; artifacts: IncidentArtifacts } | undefined>;
  listIncidents(options?: { limit?: number }): Promise<Incident[]>;

  /** Replaces the proposals of an incident. */
  saveProposals(incidentId: string, proposals: readonly ActionProposal[]): Promise<void>;
  listProposals(incidentId: string): Promise<ActionProposal[]>;

  recordApproval(approval: Approval): Promise<void>;
  listApprovals(proposalId: string): Promise<Approval[]>;

  recordFeedback(feedback: Feedback): Promise<void>;
  listFeedback(incidentId: string): Promise<Feedback[]>;

  /** Inserts or replaces indicators by id. */
  upsertIndicators(indicators: readonly Indicator[]): Promise<number>;
  listIndicators(options?: { limit?: number; source?: string }): Promise<Indicator[]>;
  countIndicators(): Promise<number>;

  recordRejections(rejections: readonly Omit<StoredRejection, 'recordedAt'>[]): Promise<void>;
  listRejections(options?: { limit?: number }): Promise<StoredRejection[]>;

  /** Appends to the hash-chained audit log and returns the entry as stored. */
  appendAudit(entry: NewAuditEntry): Promise<AuditEntry>;
  listAudit(options?: { subjectId?: string; limit?: number }): Promise<AuditEntry[]>;
  /** Recomputes every hash of the chain. */
  verifyAudit(): Promise<AuditVerification>;

  close(): Promise<void>;
}
