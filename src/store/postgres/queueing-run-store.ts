/**
 * The run store on PostgreSQL, which is also the producer of the run queue: a write that makes
 * a run ready to go on enqueues its `advance` job in the same transaction, so a committed
 * approval always has its job and a rolled-back one never does. Ready means:
 * - an approval request of a run is decided (approved, rejected, timed out, withdrawn);
 * - a run is saved `pending` with every step that waits for approval already holding its
 *   request id (the orchestrator's `start` has finished opening approvals).
 */
import { CompiledQuery, type Kysely, type Transaction } from 'kysely';
import type { ApprovalRequest, Run } from '../../core/index.js';
import type { Database } from '../database-schema.js';
import { SqlRunStore } from '../sql-run-store.js';
import type { AdvanceRunJob, RunQueueSender, SqlExecutor } from './run-queue.js';

/** Whether saving `run` should wake a respond worker. */
export function runIsReadyToStart(run: Run): boolean {
  return (
    run.status === 'pending' &&
    !run.cancelRequested &&
    run.steps.every((step) => step.status !== 'awaiting-approval' || step.approvalRequestId !== undefined)
  );
}

/** Whether saving `request` should wake a respond worker. */
export function approvalIsDecided(request: ApprovalRequest): boolean {
  return request.runId !== undefined && request.status !== 'pending';
}

const executorOf = (transaction: Transaction<Database>): SqlExecutor => ({
  async executeSql(text, values) {
    const result = await transaction.executeQuery(CompiledQuery.raw(text, values));
    return { rows: [...result.rows] };
  },
});

export class QueueingRunStore extends SqlRunStore {
  constructor(
    private readonly pool: Kysely<Database>,
    private readonly queue: RunQueueSender,
  ) {
    super(pool);
  }

  override async saveRun(run: Run): Promise<void> {
    if (!runIsReadyToStart(run)) return super.saveRun(run);
    await this.inTransaction({ runId: run.id, reason: 'run-created' }, (store) => store.saveRun(run));
  }

  override async saveApprovalRequest(request: ApprovalRequest): Promise<void> {
    if (!approvalIsDecided(request) || !request.runId) return super.saveApprovalRequest(request);
    const job = { runId: request.runId, reason: `approval-${request.status}` };
    await this.inTransaction(job, (store) => store.saveApprovalRequest(request));
  }

  private async inTransaction(job: AdvanceRunJob, write: (store: SqlRunStore) => Promise<void>): Promise<void> {
    await this.queue.ready();
    await this.pool.transaction().execute(async (transaction) => {
      await write(new SqlRunStore(transaction));
      await this.queue.send(job, executorOf(transaction));
    });
  }
}
