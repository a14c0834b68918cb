/**
 * One orchestrator at a time per run. A lease held by a process of this host that no longer
 * exists (killed mid-run) is taken over at once; any other holder keeps it until it expires.
 * Holding is counted per run, so nested work of one orchestrator (a cancel inside an advance of
 * the same process) never releases the lease the outer work still needs.
 */
import { randomUUID } from 'node:crypto';
import { hostname } from 'node:os';
import { RunLeaseHeldError, RunLeaseLostError } from '../../core/index.js';
import type { RunStore } from '../../store/index.js';

/** Whether a lease holder (`host:pid:nonce`) is a process of this host that has exited. */
export function holderIsGone(holder: string): boolean {
  const [host, pid] = holder.split(':');
  if (host !== hostname() || !pid || !/^\d+$/.test(pid)) return false;
  if (Number(pid) === process.pid) return false;
  try {
    process.kill(Number(pid), 0);
    return false;
  } catch (error) {
    return (error as NodeJS.ErrnoException).code === 'ESRCH';
  }
}

export class RunLeases {
  /** This orchestrator's name in run leases. */
  readonly owner = `${hostname()}:${process.pid}:${randomUUID().slice(0, 8)}`;
  private readonly holds = new Map<string, number>();

  constructor(private readonly runs: RunStore) {}

  /**
   * Takes the lease for `durationMs`, or renews it when this orchestrator holds it. Throws
   * `RunLeaseHeldError` when another live orchestrator holds it, and `RunLeaseLostError` when a
   * lease this orchestrator held was taken over meanwhile.
   */
  async take(runId: string, durationMs: number): Promise<void> {
    let lease = await this.runs.acquireRunLease(runId, this.owner, durationMs);
    if (!lease.acquired && holderIsGone(lease.holder))
      lease = await this.runs.acquireRunLease(runId, this.owner, durationMs, lease.holder);
    if (lease.acquired) return;
    if (this.holds.has(runId)) throw new RunLeaseLostError(runId, this.owner);
    throw new RunLeaseHeldError(runId, lease.holder, lease.expiresAt);
  }

  /** Runs `work` holding the run's lease; the lease is given back when the outermost holding ends. */
  async holding<T>(runId: string, durationMs: number, work: () => Promise<T>): Promise<T> {
    await this.take(runId, durationMs);
    this.holds.set(runId, (this.holds.get(runId) ?? 0) + 1);
    try {
      return await work();
    } finally {
      const left = (this.holds.get(runId) ?? 1) - 1;
      if (left > 0) this.holds.set(runId, left);
      else {
        this.holds.delete(runId);
        await this.runs.releaseRunLease(runId, this.owner);
      }
    }
  }
}
