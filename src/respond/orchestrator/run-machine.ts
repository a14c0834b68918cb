/**
 * The one place a run's or a step's status changes: each move is looked up in core's transition
 * table (an unlisted move throws `RunTransitionError` before anything changes), applied, saved
 * under the orchestrator's lease (a lost lease throws `RunLeaseLostError` and writes nothing),
 * and audited with the entry the table names for it.
 */
import {
  type Run,
  type RunEvent,
  type RunStep,
  runTransition,
  type StepEvent,
  stepTransition,
} from '../../core/index.js';
import type { RunStore, Store } from '../../store/index.js';

export interface RunMachineDependencies {
  store: Store;
  runs: RunStore;
  /** The lease owner this orchestrator saves as. */
  owner: string;
  redact: <T>(value: T) => T;
  clock: () => Date;
}

/** Fields set together with a step's move; `undefined` removes the field. */
export type StepChanges = { [Key in keyof RunStep]?: RunStep[Key] | undefined };

/** Audit details, or how to read them from the run after the move. */
type Details = Record<string, unknown> | ((run: Run) => Record<string, unknown>);

export class RunMachine {
  constructor(private readonly dependencies: RunMachineDependencies) {}

  /** Stores a new run (no lease exists yet) and audits its creation. */
  async create(run: Run, actor: string, details: Record<string, unknown>): Promise<void> {
    await this.dependencies.runs.saveRun(run);
    await this.record(run, actor, 'run-created', details);
  }

  /** Saves a run still being created (its approval requests opened): no orchestrator holds it yet. */
  async saveCreated(run: Run): Promise<void> {
    run.updatedAt = this.dependencies.clock().toISOString();
    await this.dependencies.runs.saveRun(run);
  }

  /** Moves the run on `event`, saves it and writes the table's audit entry. */
  async moveRun(run: Run, event: RunEvent, actor: string, details: Details = {}): Promise<void> {
    const row = runTransition(run.id, run.status, event);
    run.status = row.to;
    await this.save(run);
    if (row.audit) await this.record(run, actor, row.audit, typeof details === 'function' ? details(run) : details);
  }

  /** Moves one step on `event` with `changes`, saves the run and writes the table's audit entry. */
  async moveStep(
    run: Run,
    step: RunStep,
    event: StepEvent,
    actor: string,
    options: { changes?: StepChanges; details?: Record<string, unknown> } = {},
  ): Promise<void> {
    const row = stepTransition(run.id, step.ref, step.status, event);
    const target = step as Record<string, unknown>;
    for (const [key, value] of Object.entries(options.changes ?? {})) {
      if (value === undefined) delete target[key];
      else target[key] = value;
    }
    step.status = row.to;
    await this.save(run);
    if (row.audit) await this.record(run, actor, row.audit, { step: step.ref, ...options.details });
  }

  /** Asks a run to stop: the flag alone, saved by whoever asks (a lease holder notices it). */
  async requestCancel(run: Run, actor: string, reason: string): Promise<void> {
    run.cancelRequested = true;
    await this.dependencies.runs.saveRun({ ...run, updatedAt: this.dependencies.clock().toISOString() });
    await this.record(run, actor, 'run-cancel-requested', { reason });
  }

  /** Saves the run under the lease, keeping a cancellation another process asked for meanwhile. */
  async save(run: Run): Promise<void> {
    if (!run.cancelRequested && (await this.dependencies.runs.getRun(run.id))?.cancelRequested)
      run.cancelRequested = true;
    run.updatedAt = this.dependencies.clock().toISOString();
    await this.dependencies.runs.saveRunHoldingLease(run, this.dependencies.owner);
  }

  /** An audit entry about the run that moves no status (a request, a rollback starting). */
  async record(run: Run, actor: string, action: string, details: Record<string, unknown>): Promise<void> {
    await this.dependencies.store.appendAudit({
      actor,
      action,
      subject: { kind: 'run', id: run.id },
      details: this.dependencies.redact(details),
    });
  }
}
