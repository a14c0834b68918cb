/**
 * The `Store` contract: everything Vigil persists goes through it. The embedded default
 * is SQLite (`sqlite/`); a PostgreSQL implementation must pass the same test suite
 * (`test-support/store-contract.ts`) without callers changing. SQL never leaves the implementations.
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
  CaseEntry,
  Event,
  EventCategory,
  Feedback,
  Incident,
  IncidentArtifactKey,
  IncidentArtifacts,
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

/**
 * How far an event write is on disk when `insertEvents` returns.
 * - `synced` (the default): committed and flushed to the disk, so it survives a power loss. For
 *   events that exist nowhere else once taken (HEC and syslog events, acknowledged to their sender).
 * - `replayable`: committed, so a crash or kill of Vigil loses nothing, but not flushed: an
 *   operating-system crash or power loss can lose the last commits (never corrupt the database).
 *   For events read from files that stay where they are (`vigil ingest`, `investigate` of files):
 *   an event's id is a fingerprint of its input, so ingesting the file again stores exactly what
 *   was lost and nothing twice.
 */
export type EventDurability = 'synced' | 'replayable';

export interface InsertEventsOptions {
  durability?: EventDurability;
}

/**
 * Events already turned into what their store writes (`Store.prepareEvents`), to be written later
 * by the same store (`insertPreparedEvents`). A caller grouping many batches into one write holds
 * these instead of the events, so the events die young instead of being copied by every
 * young-generation collection until the write.
 */
export interface PreparedEvents {
  /** How many events were prepared. */
  readonly count: number;
}

export interface EventQuery {
  /** Inclusive ISO lower bound on the event timestamp. */
  from?: string;
  /** Exclusive ISO upper bound. */
  to?: string;
  host?: string;
  /** Keyset cursor: only events after this one in (timestamp, id) order, the order `listEvents` returns. */
  after?: { timestamp: string; id: string };
  limit?: number;
  /**
   * Only the events of this category among those the query reads: the `limit` still counts every
   * event of the window (a bounded read stays bounded), and the others are never decoded.
   */
  category?: EventCategory;
}

/** What is kept beside an incident: one typed record (`core`'s `incidentArtifactsSchema`). */
export type { IncidentArtifacts } from '../core/index.js';

/** A change to some artifact keys of an incident; a key set to `undefined` is removed. */
export type IncidentArtifactsPatch = { [Key in IncidentArtifactKey]?: IncidentArtifacts[Key] | undefined };

/** An audit entry before the store assigns its sequence number and chain hashes. */
export type NewAuditEntry = Omit<AuditEntry, 'sequence' | 'previousHash' | 'hash' | 'timestamp'> & {
  timestamp?: string;
};

/**
 * An incident written together with its audit entries (and, when given, its proposals) in one
 * transaction, so no incident is ever stored without the entry that records it.
 * `replace`: the incident and its whole artifacts are written; `merge`: only the given artifact
 * keys are set (the stored incident body is left as it is; nothing is written when it is absent).
 */
export type IncidentChange = {
  proposals?: readonly ActionProposal[];
  audit: readonly NewAuditEntry[];
} & (
  | { mode: 'replace'; incident: Incident; artifacts: IncidentArtifacts }
  | { mode: 'merge'; incidentId: string; artifacts: IncidentArtifactsPatch }
);

export interface AuditQuery {
  subjectId?: string;
  /** Entries about any of these subjects (combined with `subjectId` when both are given). */
  subjectIds?: readonly string[];
  action?: string;
  limit?: number;
}

export interface AuditVerification {
  valid: boolean;
  entries: number;
  /** First sequence number whose hash does not match, when invalid. */
  brokenAt?: number;
  /** Stored incidents without their `incident-created` entry (the chain is then invalid too). */
  incidentsWithoutEntry?: string[];
  /** Case entries (notes, assignments) whose audit entry is missing or says something else. */
  caseEntriesWithoutEntry?: string[];
}

export interface Store {
  /** Name of the backend, e.g. `sqlite`. */
  readonly kind: string;

  /** Inserts events in one transaction; an event already stored (same id) is left as it is. */
  insertEvents(events: readonly Event[], options?: InsertEventsOptions): Promise<InsertEventsResult>;
  /** The events in the form this store writes them; nothing is written. */
  prepareEvents(events: readonly Event[]): PreparedEvents;
  /**
   * Inserts groups this store prepared, in one transaction, as `insertEvents` of all their events
   * in order would. Throws `TypeError` for a group another store prepared.
   */
  insertPreparedEvents(groups: readonly PreparedEvents[], options?: InsertEventsOptions): Promise<InsertEventsResult>;
  /**
   * Runs `load`, a write of `replayable` events (`ingestIntoStore` of files), and returns what it
   * returns. A store may write faster inside it where what a crash can cost stays replayable:
   * SQLite, on a database file this process created and has written no events to, loads with a
   * rollback journal and without waiting for the disk, and is back in WAL mode with full
   * synchronisation, flushed, when `load` ends (see `SqliteStore.loadReplayableEvents`).
   */
  loadReplayableEvents<T>(load: () => Promise<T>): Promise<T>;
  getEvents(ids: readonly string[]): Promise<Event[]>;
  listEvents(query?: EventQuery): Promise<Event[]>;
  countEvents(): Promise<number>;

  /** Inserts alerts; an alert already stored (same id) is left as it is. */
  insertAlerts(alerts: readonly Alert[]): Promise<number>;
  /** Alerts oldest first, optionally of one severity and one rule (filtered in SQL). */
  listAlerts(options?: { limit?: number; severity?: string; ruleId?: string }): Promise<Alert[]>;
  /** How many alerts are stored (an aggregate query, never a listing). */
  countAlerts(): Promise<number>;
  /** The stored alerts among `ids`, in no particular order; unknown ids are skipped. */
  getAlerts(ids: readonly string[]): Promise<Alert[]>;

  /** Inserts or replaces an incident and its artifacts (validated by their schema). */
  saveIncident(incident: Incident, artifacts?: IncidentArtifacts): Promise<void>;
  getIncident(id: string): Promise<{ incident: Incident; artifacts: IncidentArtifacts } | undefined>;
  /** The stored incidents among `ids` with their artifacts, in no particular order. */
  getIncidents(ids: readonly string[]): Promise<{ incident: Incident; artifacts: IncidentArtifacts }[]>;
  listIncidents(options?: { limit?: number }): Promise<Incident[]>;
  /** How many incidents are stored, by status (an aggregate query, never a listing). */
  countIncidentsByStatus(): Promise<Record<string, number>>;
  /**
   * Sets the given top-level artifact keys of an incident, leaving every other key as stored,
   * atomically against concurrent merges and saves; a key whose value is `undefined` is removed.
   * Returns false (and writes nothing) when the incident is not stored.
   */
  mergeIncidentArtifacts(id: string, patch: IncidentArtifactsPatch): Promise<boolean>;
  /** Writes an incident change and its audit entries atomically; false when a merge found no incident. */
  recordIncident(change: IncidentChange): Promise<boolean>;

  /** Replaces the proposals of an incident. */
  saveProposals(incidentId: string, proposals: readonly ActionProposal[]): Promise<void>;
  listProposals(incidentId: string): Promise<ActionProposal[]>;
  /** The proposals of each incident among `incidentIds`, in plan order; incidents without any are absent. */
  listProposalsForIncidents(incidentIds: readonly string[]): Promise<Map<string, ActionProposal[]>>;

  recordApproval(approval: Approval): Promise<void>;
  listApprovals(proposalId: string): Promise<Approval[]>;
  /** The approvals of each proposal among `proposalIds`, oldest first; proposals without any are absent. */
  listApprovalsForProposals(proposalIds: readonly string[]): Promise<Map<string, Approval[]>>;

  /**
   * Writes a note or an assignment and the audit entry that records it (`incident-note-added`,
   * `incident-assigned`, with the entry's content), in one transaction; returns the audit entry.
   */
  recordCaseEntry(entry: CaseEntry): Promise<AuditEntry>;
  /** The case entries of the incidents among `incidentIds`, in the order they were written. */
  listCaseEntries(incidentIds: readonly string[]): Promise<CaseEntry[]>;

  recordFeedback(feedback: Feedback): Promise<void>;
  listFeedback(incidentId: string): Promise<Feedback[]>;

  /** Inserts or replaces indicators by id. */
  upsertIndicators(indicators: readonly Indicator[]): Promise<number>;
  listIndicators(options?: { limit?: number; source?: string }): Promise<Indicator[]>;
  /** The stored indicators among `ids`, in no particular order; unknown ids are skipped. */
  getIndicators(ids: readonly string[]): Promise<Indicator[]>;
  countIndicators(): Promise<number>;

  recordRejections(rejections: readonly Omit<StoredRejection, 'recordedAt'>[]): Promise<void>;
  listRejections(options?: { limit?: number }): Promise<StoredRejection[]>;

  /** Appends to the hash-chained audit log and returns the entry as stored. */
  appendAudit(entry: NewAuditEntry): Promise<AuditEntry>;
  listAudit(options?: AuditQuery): Promise<AuditEntry[]>;
  /**
   * Recomputes every hash of the chain and checks that every stored incident has its `incident-created`
   * entry and every case entry the audit entry with its content.
   */
  verifyAudit(): Promise<AuditVerification>;

  close(): Promise<void>;
}
