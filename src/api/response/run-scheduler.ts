/**
 * Carries runs on in the background, one piece of work at a time per run, and remembers
 * what is in flight so callers (tests, shutdown) can wait for it. A run whose lease another
 * process holds is left to that process; the next loop tick looks again.
 */
import { type Run, VigilError } from '../../core/index.js';

export interface RunSchedulerOptions {
  /** Told after every piece of work on a run, with the run as it is now. */
  onSettled: (run: Run) => void;
  onError: (runId: string, error: unknown) => void;
}

const leaseHeldElsewhere = (error: unknown): boolean => VigilError.isInstance(error) && error.code === 'run-lease-held';

export class RunScheduler {
  private readonly tails = new Map<string, Promise<Run | undefined>>();

  constructor(private readonly options: RunSchedulerOptions) {}

  /** Queues `work` after whatever is already queued for this run; resolves to the run after it, or undefined when it failed. */
  enqueue(runId: string, work: () => Promise<Run>): Promise<Run | undefined> {
    const previous = this.tails.get(runId) ?? Promise.resolve(undefined);
    const next = previous.then(async () => {
      try {
        const run = await work();
        this.options.onSettled(run);
        return run;
      } catch (error) {
        if (!leaseHeldElsewhere(error)) this.options.onError(runId, error);
        return undefined;
      }
    });
    this.tails.set(runId, next);
    void next.finally(() => {
      if (this.tails.get(runId) === next) this.tails.delete(runId);
    });
    return next;
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
