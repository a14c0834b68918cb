/**
 * The respond stage's executor: consumes the run queue (pg-boss on the store's database) and
 * carries each run on through the response service (the durable orchestrator). Any number of copies may run: the
 * orchestrator's per-run lease lets one process at a time act on a run, the step ledger keeps a
 * completed step from running again, and a lease held by a dead process of this host is taken
 * over at once (of another host, when it expires).
 *
 * Jobs come from the store itself (a decided approval or a started run enqueues in the same
 * transaction). A sweep every `sweepIntervalMs` times out and escalates approvals and enqueues
 * runs left mid-way (a worker died; its job waits for pg-boss's expiry otherwise), throttled to
 * one job per run per sweep interval across all workers.
 */
import PgBoss from 'pg-boss';
import { VigilError } from '../../core/index.js';
import type { ResponseService } from '../../respond/index.js';
import { type AdvanceRunJob, runJobDefaults, runQueueName } from '../../store/postgres/index.js';

export interface RespondWorkerOptions {
  /** The PostgreSQL store's URL: the queue lives in the same database. */
  location: string;
  /** The response service: it serialises the jobs of one run in this process (every job slot holds the lease under one owner). */
  service: ResponseService;
  /** Runs carried on at once by this process. Default 2. */
  concurrency?: number;
  /** Default 5,000 ms. */
  sweepIntervalMs?: number;
  /** How often an idle job slot polls the queue. Default 500 ms. */
  pollingIntervalMs?: number;
  log?: (line: string) => void;
}

export interface RespondCounters {
  /** Jobs that carried a run on. */
  advanced: number;
  /** Jobs that found the run's lease held by another live orchestrator. */
  leaseHeld: number;
  failed: number;
  swept: number;
}

export interface RespondWorker {
  counters: RespondCounters;
  health(): { healthy: boolean; detail: string };
  /** Runs one sweep now (tests, start-up). */
  sweep(): Promise<number>;
  close(): Promise<void>;
}

const leaseHeldElsewhere = (error: unknown): boolean => VigilError.isInstance(error) && error.code === 'run-lease-held';

export async function startRespondWorker(options: RespondWorkerOptions): Promise<RespondWorker> {
  const log = options.log ?? (() => {});
  const concurrency = Math.max(1, options.concurrency ?? 2);
  const sweepIntervalMs = Math.max(1_000, options.sweepIntervalMs ?? 5_000);
  const boss = new PgBoss({
    connectionString: options.location,
    max: concurrency + 2,
    application_name: 'vigil-respond',
    schedule: false,
    supervise: true,
    maintenanceIntervalSeconds: 30,
  });
  const counters: RespondCounters = { advanced: 0, leaseHeld: 0, failed: 0, swept: 0 };
  let lastError: string | undefined;
  boss.on('error', (error) => {
    lastError = error.message;
  });
  await boss.start();
  await boss.createQueue(runQueueName, { name: runQueueName, policy: 'standard', ...runJobDefaults });

  const advance = async (job: PgBoss.Job<AdvanceRunJob>): Promise<void> => {
    const { runId, reason } = job.data;
    try {
      const run = await options.service.advanceNow(runId);
      counters.advanced += 1;
      lastError = undefined;
      log(`run ${runId} (${reason}): ${run.status}`);
    } catch (error) {
      if (leaseHeldElsewhere(error)) {
        counters.leaseHeld += 1;
        // A sweep comes back by itself; a job from an approval must not be lost: retried.
        if (reason === 'sweep') return;
      } else if (VigilError.isInstance(error) && error.code === 'not-found') {
        log(`run ${runId} (${reason}): no such run; job dropped`);
        return;
      } else {
        counters.failed += 1;
        lastError = (error as Error).message;
        log(`run ${runId} (${reason}): ${(error as Error).message}`);
      }
      throw error;
    }
  };
  const workerIds: string[] = [];
  for (let slot = 0; slot < concurrency; slot++) {
    workerIds.push(
      await boss.work<AdvanceRunJob>(
        runQueueName,
        { batchSize: 1, pollingIntervalSeconds: (options.pollingIntervalMs ?? 500) / 1000 },
        async ([job]) => {
          if (job) await advance(job);
        },
      ),
    );
  }

  const sweep = async (): Promise<number> => {
    await options.service.sweepApprovals();
    const ready = await options.service.readyRuns();
    let sent = 0;
    for (const run of ready) {
      const id = await boss.send(
        runQueueName,
        { runId: run.id, reason: 'sweep' },
        { singletonKey: run.id, singletonSeconds: Math.ceil(sweepIntervalMs / 1000) },
      );
      if (id) sent += 1;
    }
    counters.swept += sent;
    return sent;
  };
  let sweeping: Promise<unknown> = Promise.resolve();
  const timer = setInterval(() => {
    sweeping = sweeping.then(() =>
      sweep().then(
        () => {
          lastError = undefined;
        },
        (error: unknown) => {
          lastError = (error as Error).message;
          log(`sweep failed: ${lastError}`);
        },
      ),
    );
  }, sweepIntervalMs);
  timer.unref();

  return {
    counters,
    health: () => ({
      healthy: lastError === undefined,
      detail: lastError ?? `runs advanced ${counters.advanced}, lease held elsewhere ${counters.leaseHeld}`,
    }),
    sweep: () => {
      const next = sweeping.then(sweep);
      sweeping = next.catch(() => undefined);
      return next;
    },
    async close() {
      clearInterval(timer);
      await sweeping;
      for (const id of workerIds) await boss.offWork({ id });
      await boss.stop({ graceful: true, wait: true, timeout: 30_000 });
    },
  };
}
