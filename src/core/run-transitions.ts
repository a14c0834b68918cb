/**
 * The response orchestrator's state machine, as data: every move of a run's status and of a
 * step's status is one row (from, event, to), with the audit entry the move writes. Nothing
 * changes a status except through these rows (`respond/orchestrator/run-machine.ts` applies
 * them, saves and audits); a move the table does not list is refused with a typed error.
 */

import { type RunStatus, type RunStepStatus, runStatusSchema, runStepStatusSchema } from './run.js';
import { RunTransitionError } from './run-errors.js';

export const runEvents = [
  /** An orchestrator takes the run up (first time, after approvals, after a crash). */
  'advance',
  /** Nothing more can run before analysts decide. */
  'await-approval',
  'succeed',
  'fail',
  'cancel',
  /** Every completed reversible step was undone. */
  'roll-back',
  /** A rollback ended with a step it could not undo. */
  'rollback-fail',
  /** Failed and interrupted steps are tried again. */
  'retry',
  /** A retry was asked for, and nothing had failed: the status stays. */
  'retry-nothing',
] as const;
export type RunEvent = (typeof runEvents)[number];

export const stepEvents = [
  /** Its approval request was approved. */
  'approve',
  /** Its approval was rejected, timed out or withdrawn. */
  'reject',
  /** Skipped: a dependency ended other than succeeded, or the run stopped before it. */
  'skip',
  /** Skipped because its condition is false. */
  'condition-false',
  'start',
  'succeed',
  /** An attempt failed and another one will follow. */
  'attempt-failed',
  'fail',
  'cancel',
  /** The step ledger says it already succeeded (a previous process finished it). */
  'reconcile',
  /** It was running when the orchestrator died and the action is idempotent: run it again. */
  'resume',
  /** It was running when the orchestrator died and the action is not idempotent: a person decides. */
  'interrupt',
  /** Undone (a rollback or a withdrawn approval). */
  'compensate',
  /** Undone by an earlier process: the undo's ledger entry succeeded. */
  'compensate-reconciled',
  'compensation-fail',
  /** A retry resets it to run again. */
  'retry',
] as const;
export type StepEvent = (typeof stepEvents)[number];

export interface Transition<Status extends string, Event extends string> {
  from: readonly Status[];
  event: Event;
  to: Status;
  /** The audit action the move writes, or none (the run-level entry says it). */
  audit?: string;
}

const active: readonly RunStatus[] = ['pending', 'awaiting-approval', 'running'];
const rollbackable: readonly RunStatus[] = [...active, 'succeeded', 'failed', 'cancelled'];

export const runTransitions: readonly Transition<RunStatus, RunEvent>[] = [
  { from: active, event: 'advance', to: 'running' },
  { from: ['running'], event: 'await-approval', to: 'awaiting-approval' },
  { from: ['running'], event: 'succeed', to: 'succeeded', audit: 'run-succeeded' },
  { from: ['running'], event: 'fail', to: 'failed', audit: 'run-failed' },
  { from: active, event: 'cancel', to: 'cancelled', audit: 'run-cancelled' },
  // Rolling back again finds nothing left to undo: the status stays.
  { from: [...rollbackable, 'rolled-back'], event: 'roll-back', to: 'rolled-back', audit: 'run-rolled-back' },
  {
    from: [...rollbackable, 'rollback-failed'],
    event: 'rollback-fail',
    to: 'rollback-failed',
    audit: 'run-rolled-back',
  },
  { from: [...active, 'failed'], event: 'retry', to: 'running', audit: 'run-retry-requested' },
  ...[...active, 'succeeded' as const, 'failed' as const].map((status) => ({
    from: [status],
    event: 'retry-nothing' as const,
    to: status,
    audit: 'run-retry-requested',
  })),
];

const waiting: readonly RunStepStatus[] = ['pending', 'awaiting-approval'];

export const stepTransitions: readonly Transition<RunStepStatus, StepEvent>[] = [
  { from: ['awaiting-approval'], event: 'approve', to: 'pending' },
  { from: [...waiting, 'running'], event: 'reject', to: 'rejected' },
  { from: waiting, event: 'skip', to: 'skipped' },
  { from: ['pending'], event: 'condition-false', to: 'skipped', audit: 'step-skipped' },
  { from: ['pending'], event: 'start', to: 'running', audit: 'step-started' },
  { from: ['running'], event: 'succeed', to: 'succeeded', audit: 'step-succeeded' },
  { from: ['running'], event: 'attempt-failed', to: 'pending', audit: 'step-failed' },
  { from: ['running'], event: 'fail', to: 'failed', audit: 'step-failed' },
  { from: ['pending'], event: 'fail', to: 'failed' },
  { from: ['running'], event: 'cancel', to: 'cancelled', audit: 'step-failed' },
  { from: waiting, event: 'cancel', to: 'cancelled' },
  { from: ['pending', 'running'], event: 'reconcile', to: 'succeeded', audit: 'step-reconciled' },
  { from: ['running'], event: 'resume', to: 'pending', audit: 'step-resumed' },
  { from: ['running'], event: 'interrupt', to: 'interrupted', audit: 'step-interrupted' },
  { from: ['succeeded'], event: 'compensate', to: 'compensated', audit: 'step-compensated' },
  { from: ['succeeded'], event: 'compensate-reconciled', to: 'compensated' },
  { from: ['succeeded'], event: 'compensation-fail', to: 'compensation-failed', audit: 'step-compensation-failed' },
  { from: ['failed', 'interrupted', 'skipped'], event: 'retry', to: 'pending' },
];

/** The statuses a new run and a new step start in. */
export const initialRunStatuses: readonly RunStatus[] = ['pending'];
export const initialStepStatuses: readonly RunStepStatus[] = ['pending', 'awaiting-approval', 'refused'];

type Table<Status extends string, Event extends string> = ReadonlyMap<string, Transition<Status, Event>>;

function index<Status extends string, Event extends string>(
  rows: readonly Transition<Status, Event>[],
): Table<Status, Event> {
  const table = new Map<string, Transition<Status, Event>>();
  for (const row of rows) {
    for (const from of row.from) {
      const key = `${from} ${row.event}`;
      if (table.has(key)) throw new Error(`two transitions for ${key}`);
      table.set(key, row);
    }
  }
  return table;
}

const runTable = index(runTransitions);
const stepTable = index(stepTransitions);

/** The row that moves a run in `from` on `event`, or undefined when the table has none. */
export const findRunTransition = (from: RunStatus, event: RunEvent): Transition<RunStatus, RunEvent> | undefined =>
  runTable.get(`${from} ${event}`);

export const findStepTransition = (
  from: RunStepStatus,
  event: StepEvent,
): Transition<RunStepStatus, StepEvent> | undefined => stepTable.get(`${from} ${event}`);

const refusals: Partial<Record<RunEvent, string>> = {
  cancel: 'there is nothing left to cancel',
  retry: 'it cannot be retried',
  'retry-nothing': 'it cannot be retried',
  'roll-back': 'its rollback ended with a step it could not undo',
  'rollback-fail': 'it was rolled back',
};

/** The row for a run's move; throws `RunTransitionError` (code `run-transition-invalid`) when there is none. */
export function runTransition(runId: string, from: RunStatus, event: RunEvent): Transition<RunStatus, RunEvent> {
  const row = findRunTransition(from, event);
  if (row) return row;
  throw new RunTransitionError(`run ${runId} is ${from}; ${refusals[event] ?? `it cannot ${event}`}`, {
    location: { objectId: runId, field: 'status' },
  });
}

export function stepTransition(
  runId: string,
  stepRef: string,
  from: RunStepStatus,
  event: StepEvent,
): Transition<RunStepStatus, StepEvent> {
  const row = findStepTransition(from, event);
  if (row) return row;
  throw new RunTransitionError(`step ${stepRef} of run ${runId} is ${from}; it cannot ${event}`, {
    location: { objectId: runId, field: `steps.${stepRef}.status` },
  });
}

/** Whether a run in `from` accepts `event` (without moving it). */
export const runAccepts = (from: RunStatus, event: RunEvent): boolean => runTable.has(`${from} ${event}`);

/** Every status a table can reach from its initial statuses. */
export function reachableStatuses<Status extends string>(
  rows: readonly Transition<Status, string>[],
  initial: readonly Status[],
): Set<Status> {
  const reached = new Set<Status>(initial);
  for (let grew = true; grew; ) {
    grew = false;
    for (const row of rows) {
      if (reached.has(row.to) || !row.from.some((from) => reached.has(from))) continue;
      reached.add(row.to);
      grew = true;
    }
  }
  return reached;
}

/** Statuses no row leaves (nothing ever happens to a run or step in them again). */
export function absorbingStatuses<Status extends string>(
  rows: readonly Transition<Status, string>[],
  statuses: readonly Status[],
): Set<Status> {
  return new Set(statuses.filter((status) => !rows.some((row) => row.from.includes(status) && row.to !== status)));
}

export const allRunStatuses = runStatusSchema.options;
export const allStepStatuses = runStepStatusSchema.options;
