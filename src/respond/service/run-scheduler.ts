/**
 * Carries runs on in this process, one piece of work at a time per run, and remembers what is
 * in flight so callers (tests, shutdown) can wait for it. Background work (`enqueue`) leaves a
 * run whose lease another process holds to that process (the next loop tick looks again) and
 * reports other failures; `run` gives its errors to the caller.
 */
import { type Run, VigilError } from '../../core/index.js';

export interface RunSchedulerOptions {
  /** Told after every piece of work on a run, with the run as it is now. */
  onSettled: (run: Run) => void;
  onError: (runId: string, error: unknown) => void;
}

const leaseHeldElsewhere = (error: unknown): boolean => VigilError.isInstance(error) && error.code === 'run-lease-held';

export class RunScheduler {
  private readonly tails = new Map<string, Promise<unknown>>();

  constructor(private readonly options: RunSchedulerOptions) {}

  /** Runs `work` after whatever is already queued for this run; rejects with its error. */
  run(runId: string, work: () => Promise<Run>): Promise<Run> {
    const previous = this.tails.get(runId) ?? Promise.resolve();
    const next = previous.then(async () => {
      const run = await work();
      this.options.onSettled(run);
      return run;
    });
    const tail = next.catch(() => undefined);
    this.tails.set(runId, tail);
    void tail.finally(() => {
      if (this.tails.get(runId) === tail) this.tails.delete(runId);
    });
    return next;
  }

  /** Queues `work` in the background; resolves to the run after it, or undefined when it failed. */
  enqueue(runId: string, work: () => Promise<Run>): Promise<Run | undefined> {
    return this.run(runId, work).catch((error: unknown) => {
      if (!leaseHeldElsewhere(error)) this.options.onError(runId, error);
      return undefined;
    });
  }

  /** Whether work for this run is queued or running in this process. */
  busy(runId: string): boolean {
    return this.tails.has(runId);
  }

  /** Resolves when no work is queued (work queued meanwhile is waited for too). */
  async idle(): Promise<void> {
    while (this.tails.size > 0) await Promise.allSettled([...this.tails.values()]);
  }
}
