/**
 * The work queue of orchestrator runs: pg-boss on the store's own database. A job names a run
 * to carry on (`advance`); it is a trigger, not a lock: the orchestrator's per-run lease and
 * step ledger decide what runs, so a duplicate or late job is harmless. Jobs are sent on the
 * caller's connection (`send(runId, executor)`), so they commit or roll back with its writes.
 */
import PgBoss from 'pg-boss';

/** The queue that `vigil worker --stages respond` consumes. */
export const runQueueName = 'vigil-advance-run';

/** What a job carries. */
export interface AdvanceRunJob {
  runId: string;
  /** Why it was sent: `run-created`, `approval-<status>`, `sweep`. */
  reason: string;
}

/** Runs SQL on a connection; pg-boss's `Db`. */
export interface SqlExecutor {
  executeSql(text: string, values: unknown[]): Promise<{ rows: unknown[] }>;
}

/** Retries when another orchestrator holds the run's lease; the workers' sweep covers anything longer. */
export const runJobDefaults = { retryLimit: 8, retryDelay: 2, retryBackoff: false, expireInSeconds: 15 * 60 } as const;

export interface RunQueueSender {
  /** Enqueues `advance` for a run on `executor` (a transaction); `throttleSeconds` keeps one job per run per slot. */
  send(job: AdvanceRunJob, executor: SqlExecutor, throttleSeconds?: number): Promise<void>;
  /** Creates pg-boss's schema and the queue (once, on the store's pool); later calls return at once. */
  ready(): Promise<void>;
  close(): Promise<void>;
}

/** A pg-boss producer with no timers of its own (no supervision, no schedules) over `executor`. */
export function createRunQueueSender(executor: SqlExecutor): RunQueueSender {
  const boss = new PgBoss({ db: executor as PgBoss.Db, supervise: false, schedule: false, migrate: true });
  boss.on('error', () => {});
  let starting: Promise<void> | undefined;
  return {
    ready() {
      starting ??= (async () => {
        await boss.start();
        await boss.createQueue(runQueueName, { name: runQueueName, policy: 'standard', ...runJobDefaults });
      })().catch((error: unknown) => {
        starting = undefined;
        throw error;
      });
      return starting;
    },
    async send(job, transaction, throttleSeconds) {
      await this.ready();
      await boss.send(runQueueName, job, {
        db: transaction as PgBoss.Db,
        ...(throttleSeconds ? { singletonKey: job.runId, singletonSeconds: throttleSeconds } : {}),
      });
    },
    async close() {
      if (starting) await boss.stop({ graceful: false, close: false, wait: true }).catch(() => {});
    },
  };
}
