/**
 * The `RunStore` contract: durable state of response runs, the per-step idempotency ledger
 * and the approval queue. Kept beside `Store` (same database, same migrations) so the
 * orchestrator can resume after a crash. Every write is committed before the call returns.
 */
import type { ApprovalRequest, Run } from '../core/index.js';

/** What the ledger knows about one idempotency key (a step on a target, or its undo). */
export interface LedgerEntry {
  idempotencyKey: string;
  runId: string;
  stepRef: string;
  /** `started` with no finish means the process died while the step ran. */
  status: 'started' | 'succeeded' | 'failed';
  /** How many times execution began under this key. */
  attempt: number;
  startedAt: string;
  finishedAt?: string | undefined;
  output?: Record<string, unknown> | undefined;
}

/** Who may advance a run right now: one orchestrator at a time. */
export interface RunLease {
  acquired: boolean;
  /** The owner holding the lease after the call. */
  holder: string;
  expiresAt: string;
}

export interface RunQuery {
  statuses?: readonly Run['status'][];
  incidentId?: string;
  /** Runs of any of these incidents; `limit` then applies to each incident's runs. */
  incidentIds?: readonly string[];
  limit?: number;
}

export interface RunStore {
  /** Inserts or replaces a run. */
  saveRun(run: Run): Promise<void>;
  /**
   * Replaces a stored run only while `owner` holds its unexpired lease, in one statement; otherwise
   * writes nothing and throws `RunLeaseLostError` (code `run-lease-lost`): an orchestrator that lost
   * its lease never overwrites the one that took the run over.
   */
  saveRunHoldingLease(run: Run, owner: string): Promise<void>;
  getRun(id: string): Promise<Run | undefined>;
  listRuns(query?: RunQuery): Promise<Run[]>;
  /** How many runs have one of `statuses` (an aggregate query on the status index, never a listing). */
  countRuns(statuses: readonly Run['status'][]): Promise<number>;

  getLedgerEntry(idempotencyKey: string): Promise<LedgerEntry | undefined>;
  /** Records that execution begins under the key (attempt + 1) and returns the entry. */
  markStepStarted(idempotencyKey: string, runId: string, stepRef: string): Promise<LedgerEntry>;
  markStepFinished(
    idempotencyKey: string,
    status: 'succeeded' | 'failed',
    output?: Record<string, unknown>,
  ): Promise<void>;
  listLedger(runId: string): Promise<LedgerEntry[]>;

  /**
   * Takes or renews the run's lease for `owner` when it is free, expired, already `owner`'s,
   * or held by `takeOverFrom` (a holder the caller knows to be dead). Atomic.
   */
  acquireRunLease(runId: string, owner: string, durationMs: number, takeOverFrom?: string): Promise<RunLease>;
  releaseRunLease(runId: string, owner: string): Promise<void>;

  /** Inserts or replaces an approval request. */
  saveApprovalRequest(request: ApprovalRequest): Promise<void>;
  getApprovalRequest(id: string): Promise<ApprovalRequest | undefined>;
  /** The stored approval requests among `ids`, in no particular order. */
  getApprovalRequests(ids: readonly string[]): Promise<ApprovalRequest[]>;
  listApprovalRequests(query?: {
    statuses?: readonly ApprovalRequest['status'][];
    limit?: number;
  }): Promise<ApprovalRequest[]>;
}
