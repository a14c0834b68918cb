/**
 * Undoes one completed step (a rollback, a withdrawn approval): through the connector's `undo`
 * or the catalogue's inverse action, once per step (the ledger's `undo:` key), moved and audited
 * by the run machine. An action that cannot be undone is audited as such and left as it is.
 */
import { InputInvalidError, type Run, type RunStep, toVigilError, VigilError } from '../../core/index.js';
import type { RunStore } from '../../store/index.js';
import { actionCatalogue } from '../catalogue/index.js';
import type { ConnectorRegistry, StepOutput } from '../connectors/connector.js';
import type { RunMachine } from './run-machine.js';
import { withDeadline } from './run-step-execution.js';
import { stepInvocation } from './step-invocation.js';

export interface CompensationContext {
  runs: RunStore;
  connectors: ConnectorRegistry;
  machine: RunMachine;
  redact: <T>(value: T) => T;
}

/** A lost or held lease is the orchestrator's to handle, never a failed undo. */
export const isLeaseConflict = (error: unknown): boolean =>
  VigilError.isInstance(error) && (error.code === 'run-lease-lost' || error.code === 'run-lease-held');

export async function compensateStep(
  context: CompensationContext,
  run: Run,
  step: RunStep,
  actor: string,
): Promise<void> {
  const spec = actionCatalogue[step.actionType];
  if (spec.reversal.kind === 'none') {
    await context.machine.record(run, actor, 'step-not-reversed', {
      step: step.ref,
      reason: `${step.actionType} cannot be undone`,
    });
    return;
  }
  const key = `undo:${step.idempotencyKey}`;
  const { runs } = context;
  if ((await runs.getLedgerEntry(key))?.status === 'succeeded')
    return context.machine.moveStep(run, step, 'compensate-reconciled', actor);
  const invocation = stepInvocation(run, step);
  const reversal = spec.reversal;
  const connector =
    reversal.kind === 'undo' ? context.connectors[step.actionType] : context.connectors[reversal.action];
  await runs.markStepStarted(key, run.id, step.ref);
  try {
    if (!connector) throw new InputInvalidError(`no connector can undo ${step.actionType}`);
    const output = await withDeadline((signal) => {
      if (reversal.kind === 'inverse-action')
        return connector.execute({ ...invocation, actionType: reversal.action, idempotencyKey: key }, signal);
      if (!connector.undo) throw new InputInvalidError(`${connector.name} cannot undo ${step.actionType}`);
      return connector.undo(invocation, (step.output ?? {}) as StepOutput, signal);
    }, step.timeoutMs ?? spec.timeoutMs);
    const clean = context.redact(output);
    await runs.markStepFinished(key, 'succeeded', clean);
    await context.machine.moveStep(run, step, 'compensate', actor, { details: { key, output: clean } });
  } catch (error) {
    if (isLeaseConflict(error)) throw error;
    const message = context.redact(toVigilError(error).message);
    await runs.markStepFinished(key, 'failed', { error: message });
    await context.machine.moveStep(run, step, 'compensation-fail', actor, {
      changes: { error: message },
      details: { key, error: message },
    });
  }
}
