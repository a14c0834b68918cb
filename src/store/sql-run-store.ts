/** `RunStore` over any Kysely dialect; bodies are the zod-validated JSON of runs and approval requests. */
import type { Kysely } from 'kysely';
import { type ApprovalRequest, approvalRequestSchema, type Run, RunLeaseLostError, runSchema } from '../core/index.js';
import type { Database } from './database-schema.js';
import type { LedgerEntry, RunLease, RunQuery, RunStore } from './run-store.js';

type LedgerRow = Database['step_ledger'];

function toLedgerEntry(row: LedgerRow): LedgerEntry {
  return {
    idempotencyKey: row.idempotency_key,
    runId: row.run_id,
    stepRef: row.step_ref,
    status: row.status as LedgerEntry['status'],
    attempt: row.attempt,
    startedAt: row.started_at,
    finishedAt: row.finished_at ?? undefined,
    output: row.output ? (JSON.parse(row.output) as Record<string, unknown>) : undefined,
  };
}

/** Ids per `IN (…)` list; keeps bound parameters well under SQLite's limit. */
const idChunk = 400;

export class SqlRunStore implements RunStore {
  constructor(private readonly database: Kysely<Database>) {}

  async saveRun(run: Run): Promise<void> {
    const valid = runSchema.parse(run);
    const row = {
      id: valid.id,
      status: valid.status,
      incident_id: valid.incidentId ?? null,
      created_at: valid.createdAt,
      updated_at: valid.updatedAt,
      body: JSON.stringify(valid),
    };
    await this.database
      .insertInto('runs')
      .values(row)
      .onConflict((conflict) =>
        conflict.column('id').doUpdateSet({ status: row.status, updated_at: row.updated_at, body: row.body }),
      )
      .execute();
  }

  async saveRunHoldingLease(run: Run, owner: string): Promise<void> {
    const valid = runSchema.parse(run);
    const result = await this.database
      .updateTable('runs')
      .set({ status: valid.status, updated_at: valid.updatedAt, body: JSON.stringify(valid) })
      .where('id', '=', valid.id)
      .where((expression) =>
        expression.exists(
          expression
            .selectFrom('step_ledger')
            .select('step_ledger.idempotency_key')
            .where('step_ledger.idempotency_key', '=', `lease:${valid.id}`)
            .where('step_ledger.output', '=', JSON.stringify({ owner }))
            .where('step_ledger.finished_at', '>=', new Date().toISOString()),
        ),
      )
      .executeTakeFirst();
    if (Number(result.numUpdatedRows) === 0) throw new RunLeaseLostError(valid.id, owner);
  }

  async getRun(id: string): Promise<Run | undefined> {
    const row = await this.database.selectFrom('runs').select('body').where('id', '=', id).executeTakeFirst();
    return row ? runSchema.parse(JSON.parse(row.body)) : undefined;
  }

  async countRuns(statuses: readonly Run['status'][]): Promise<number> {
    if (statuses.length === 0) return 0;
    const row = await this.database
      .selectFrom('runs')
      .select((expression) => expression.fn.countAll<number>().as('count'))
      .where('status', 'in', [...statuses])
      .executeTakeFirstOrThrow();
    return Number(row.count);
  }

  async listRuns(query: RunQuery = {}): Promise<Run[]> {
    let builder = this.database.selectFrom('runs').select('body').orderBy('created_at', 'desc').orderBy('id');
    if (query.statuses && query.statuses.length > 0) builder = builder.where('status', 'in', [...query.statuses]);
    if (query.incidentId) builder = builder.where('incident_id', '=', query.incidentId);
    const limit = query.limit ?? 1000;
    if (!query.incidentIds) {
      const rows = await builder.limit(limit).execute();
      return rows.map((row) => runSchema.parse(JSON.parse(row.body)));
    }
    const runs: Run[] = [];
    const perIncident = new Map<string, number>();
    for (let start = 0; start < query.incidentIds.length; start += idChunk) {
      const chunk = query.incidentIds.slice(start, start + idChunk);
      for (const row of await builder.where('incident_id', 'in', chunk).execute()) {
        const run = runSchema.parse(JSON.parse(row.body));
        const seen = perIncident.get(run.incidentId ?? '') ?? 0;
        if (seen >= limit) continue;
        perIncident.set(run.incidentId ?? '', seen + 1);
        runs.push(run);
      }
    }
    return runs;
  }

  async getLedgerEntry(idempotencyKey: string): Promise<LedgerEntry | undefined> {
    const row = await this.database
      .selectFrom('step_ledger')
      .selectAll()
      .where('idempotency_key', '=', idempotencyKey)
      .executeTakeFirst();
    return row ? toLedgerEntry(row) : undefined;
  }

  async markStepStarted(idempotencyKey: string, runId: string, stepRef: string): Promise<LedgerEntry> {
    const startedAt = new Date().toISOString();
    await this.database
      .insertInto('step_ledger')
      .values({
        idempotency_key: idempotencyKey,
        run_id: runId,
        step_ref: stepRef,
        status: 'started',
        attempt: 1,
        started_at: startedAt,
        finished_at: null,
        output: null,
      })
      .onConflict((conflict) =>
        conflict.column('idempotency_key').doUpdateSet((expression) => ({
          status: 'started',
          attempt: expression(expression.ref('step_ledger.attempt'), '+', 1),
          started_at: startedAt,
          finished_at: null,
          output: null,
        })),
      )
      .execute();
    const entry = await this.getLedgerEntry(idempotencyKey);
    if (!entry) throw new Error(`ledger entry ${idempotencyKey} vanished`);
    return entry;
  }

  async markStepFinished(
    idempotencyKey: string,
    status: 'succeeded' | 'failed',
    output?: Record<string, unknown>,
  ): Promise<void> {
    await this.database
      .updateTable('step_ledger')
      .set({ status, finished_at: new Date().toISOString(), output: output ? JSON.stringify(output) : null })
      .where('idempotency_key', '=', idempotencyKey)
      .execute();
  }

  async listLedger(runId: string): Promise<LedgerEntry[]> {
    const rows = await this.database
      .selectFrom('step_ledger')
      .selectAll()
      .where('run_id', '=', runId)
      .where('idempotency_key', 'not like', 'lease:%')
      .orderBy('started_at')
      .execute();
    return rows.map(toLedgerEntry);
  }

  /** The lease lives in the ledger under `lease:RUN`: `output` names the holder, `finished_at` is the expiry. */
  async acquireRunLease(runId: string, owner: string, durationMs: number, takeOverFrom?: string): Promise<RunLease> {
    const key = `lease:${runId}`;
    const now = new Date();
    const expiresAt = new Date(now.getTime() + durationMs).toISOString();
    const holder = JSON.stringify({ owner });
    await this.database
      .insertInto('step_ledger')
      .values({
        idempotency_key: key,
        run_id: runId,
        step_ref: '(lease)',
        status: 'started',
        attempt: 1,
        started_at: now.toISOString(),
        finished_at: expiresAt,
        output: holder,
      })
      .onConflict((conflict) =>
        conflict
          .column('idempotency_key')
          .doUpdateSet({ finished_at: expiresAt, output: holder, started_at: now.toISOString() })
          .where((expression) =>
            expression.or([
              expression('step_ledger.finished_at', '<', now.toISOString()),
              expression('step_ledger.output', '=', holder),
              ...(takeOverFrom ? [expression('step_ledger.output', '=', JSON.stringify({ owner: takeOverFrom }))] : []),
            ]),
          ),
      )
      .execute();
    const row = await this.database
      .selectFrom('step_ledger')
      .select(['output', 'finished_at'])
      .where('idempotency_key', '=', key)
      .executeTakeFirstOrThrow();
    const current = (JSON.parse(row.output ?? '{}') as { owner?: string }).owner ?? '';
    return { acquired: current === owner, holder: current, expiresAt: row.finished_at ?? expiresAt };
  }

  async releaseRunLease(runId: string, owner: string): Promise<void> {
    await this.database
      .deleteFrom('step_ledger')
      .where('idempotency_key', '=', `lease:${runId}`)
      .where('output', '=', JSON.stringify({ owner }))
      .execute();
  }

  async saveApprovalRequest(request: ApprovalRequest): Promise<void> {
    const valid = approvalRequestSchema.parse(request);
    const row = {
      id: valid.id,
      status: valid.status,
      proposal_id: valid.proposalId ?? null,
      run_id: valid.runId ?? null,
      created_at: valid.createdAt,
      body: JSON.stringify(valid),
    };
    await this.database
      .insertInto('approval_requests')
      .values(row)
      .onConflict((conflict) => conflict.column('id').doUpdateSet({ status: row.status, body: row.body }))
      .execute();
  }

  async getApprovalRequest(id: string): Promise<ApprovalRequest | undefined> {
    const row = await this.database
      .selectFrom('approval_requests')
      .select('body')
      .where('id', '=', id)
      .executeTakeFirst();
    return row ? approvalRequestSchema.parse(JSON.parse(row.body)) : undefined;
  }

  async getApprovalRequests(ids: readonly string[]): Promise<ApprovalRequest[]> {
    const found: ApprovalRequest[] = [];
    for (let start = 0; start < ids.length; start += idChunk) {
      const chunk = ids.slice(start, start + idChunk);
      const rows = await this.database
        .selectFrom('approval_requests')
        .select('body')
        .where('id', 'in', chunk)
        .execute();
      for (const row of rows) found.push(approvalRequestSchema.parse(JSON.parse(row.body)));
    }
    return found;
  }

  async listApprovalRequests(
    query: { statuses?: readonly ApprovalRequest['status'][]; limit?: number } = {},
  ): Promise<ApprovalRequest[]> {
    let builder = this.database.selectFrom('approval_requests').select('body').orderBy('created_at').orderBy('id');
    if (query.statuses && query.statuses.length > 0) builder = builder.where('status', 'in', [...query.statuses]);
    const rows = await builder.limit(query.limit ?? 1000).execute();
    return rows.map((row) => approvalRequestSchema.parse(JSON.parse(row.body)));
  }
}
