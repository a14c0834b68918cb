/**
 * The main store on PostgreSQL: the shared SQL store, with the audit chain made safe for many
 * processes. Each append reads the chain's last entry and inserts the next sequence number; two
 * processes appending at once both read the same last entry under READ COMMITTED, and the
 * second insert fails on the sequence key. That append is then retried on the new last entry,
 * so the chain stays one unbroken sequence whatever the number of writers. Artifact merges read
 * the incident row `FOR UPDATE`, so concurrent merges from any number of processes queue on it.
 */
import { type Kysely, sql } from 'kysely';
import type { AuditEntry, CaseEntry } from '../../core/index.js';
import type { Database } from '../database-schema.js';
import { mergeArtifactsLockingRow, mergeArtifactsUnderRowLock } from '../merge-incident-artifacts.js';
import { SqlStore } from '../sql-store.js';
import type { IncidentArtifactsPatch, IncidentChange, NewAuditEntry } from '../store.js';

const uniqueViolation = '23505';
const maxAttempts = 50;

const isSequenceConflict = (error: unknown): boolean =>
  (error as { code?: string }).code === uniqueViolation &&
  /audit_log/.test((error as { constraint?: string }).constraint ?? (error as Error).message);

export class PostgresStore extends SqlStore {
  constructor(
    private readonly postgres: Kysely<Database>,
    onClose?: () => Promise<void>,
  ) {
    super('postgres', postgres, onClose);
  }

  /**
   * `replayable` events: the commit is not waited for on the server's WAL flush. A server crash
   * can lose the last such commits (never corrupt the database), as SQLite's `synchronous = NORMAL`.
   */
  protected override async commitWithoutFlush(transaction: Kysely<Database>): Promise<void> {
    await sql`set local synchronous_commit = off`.execute(transaction);
  }

  override mergeIncidentArtifacts(id: string, patch: IncidentArtifactsPatch): Promise<boolean> {
    return mergeArtifactsUnderRowLock(this.postgres, id, patch);
  }

  protected override mergeArtifactsWith(executor: Kysely<Database>, id: string, patch: IncidentArtifactsPatch) {
    return mergeArtifactsLockingRow(executor, id, patch);
  }

  override appendAudit(entry: NewAuditEntry): Promise<AuditEntry> {
    return retryOnSequenceConflict(() => super.appendAudit(entry));
  }

  override recordCaseEntry(entry: CaseEntry): Promise<AuditEntry> {
    return retryOnSequenceConflict(() => super.recordCaseEntry(entry));
  }

  /** The whole transaction is retried when another process took the audit sequence number. */
  override recordIncident(change: IncidentChange): Promise<boolean> {
    return retryOnSequenceConflict(() => super.recordIncident(change));
  }
}

async function retryOnSequenceConflict<T>(write: () => Promise<T>): Promise<T> {
  for (let attempt = 1; ; attempt++) {
    try {
      return await write();
    } catch (error) {
      if (!isSequenceConflict(error) || attempt >= maxAttempts) throw error;
      await new Promise((resolve) => setTimeout(resolve, Math.random() * 5 * attempt));
    }
  }
}
