import { CompiledQuery, Kysely, PostgresDialect } from 'kysely';
import pg from 'pg';
import { expect, it } from 'vitest';
import { describeWithServices } from '../../../test/services/index.js';
import type { ApprovalRequest, Run, RunStep } from '../../core/index.js';
import type { Database } from '../database-schema.js';
import { openPostgresStores } from './open-postgres-stores.js';
import { QueueingRunStore } from './queueing-run-store.js';
import { createRunQueueSender, runQueueName } from './run-queue.js';

const now = '2026-05-01T10:00:00.000Z';

function step(ref: string, status: RunStep['status'], approvalRequestId?: string): RunStep {
  return {
    ref,
    actionType: 'run-script',
    target: { kind: 'host', value: 'ws-1' },
    parameters: {},
    risk: 'low',
    reversible: false,
    dependsOn: [],
    onFailure: 'abort',
    idempotencyKey: `key-${ref}`,
    decision: { outcome: status === 'awaiting-approval' ? 'approval' : 'auto', approvers: 0, reasons: ['test'] },
    status,
    attempts: 0,
    ...(approvalRequestId ? { approvalRequestId } : {}),
  };
}

const run = (id: string, steps: RunStep[], status: Run['status'] = 'pending'): Run => ({
  id,
  status,
  dryRun: false,
  requestedBy: 'test',
  cancelRequested: false,
  createdAt: now,
  updatedAt: now,
  steps,
});

const request = (id: string, runId: string, status: ApprovalRequest['status']): ApprovalRequest => ({
  id,
  runId,
  stepRef: 'b',
  actionType: 'run-script',
  target: { kind: 'host', value: 'ws-1' },
  risk: 'low',
  status,
  requiredApprovers: 1,
  approvedBy: status === 'approved' ? ['ana'] : [],
  reasons: ['test'],
  createdAt: now,
  deadline: '2026-05-01T11:00:00.000Z',
  onTimeout: 'deny',
});

describeWithServices('run queue on PostgreSQL (pg-boss, same transaction)', { postgres: true }, (services) => {
  it('enqueues a run when it is ready to start and when an approval of it is decided, never otherwise', async () => {
    const url = services().postgres.createDatabase('run_queue');
    const stores = await openPostgresStores(url);
    await stores.runs.saveRun(run('run-1', [step('a', 'pending'), step('b', 'awaiting-approval')])); // start() is still opening approvals
    await stores.runs.saveRun(run('run-1', [step('a', 'pending'), step('b', 'awaiting-approval', 'apr-1')]));
    await stores.runs.saveApprovalRequest(request('apr-1', 'run-1', 'pending'));
    await stores.runs.saveRun(
      run('run-1', [step('a', 'succeeded'), step('b', 'awaiting-approval', 'apr-1')], 'running'),
    );
    await stores.runs.saveApprovalRequest(request('apr-1', 'run-1', 'approved'));
    const pool = new pg.Pool({ connectionString: url, max: 1 });
    const { rows } = await pool.query(`select data from pgboss.job where name = $1 order by created_on`, [
      runQueueName,
    ]);
    expect(rows.map((row) => row.data)).toEqual([
      { runId: 'run-1', reason: 'run-created' },
      { runId: 'run-1', reason: 'approval-approved' },
    ]);
    expect((await stores.runs.getApprovalRequest('apr-1'))?.status).toBe('approved');
    await pool.end();
    await stores.close();
  });

  it('rolls the job back with the write: no approval without its job, no job without its approval', async () => {
    const url = services().postgres.createDatabase('run_queue_rollback');
    const stores = await openPostgresStores(url);
    await stores.runs.saveApprovalRequest(request('apr-2', 'run-2', 'pending'));
    const pool = new pg.Pool({ connectionString: url, max: 2 });
    const database = new Kysely<Database>({ dialect: new PostgresDialect({ pool }) });
    // A sender whose insert fails after the approval row was written in the same transaction.
    const failing = createRunQueueSender({ executeSql: (text, values) => pool.query(text, values) });
    await failing.ready();
    const broken = new QueueingRunStore(database, {
      ...failing,
      ready: () => failing.ready(),
      async send(job, executor) {
        await executor.executeSql('select 1/0', []);
        await failing.send(job, executor);
      },
    });
    await expect(broken.saveApprovalRequest(request('apr-2', 'run-2', 'approved'))).rejects.toThrow(/division by zero/);
    expect((await stores.runs.getApprovalRequest('apr-2'))?.status).toBe('pending');
    const jobs = await database.executeQuery(CompiledQuery.raw('select count(*)::int as n from pgboss.job', []));
    expect(jobs.rows).toEqual([{ n: 0 }]);
    await failing.close();
    await database.destroy();
    await stores.close();
  });
});
