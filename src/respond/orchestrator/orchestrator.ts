/**
 * The durable orchestrator. A run's state lives in the store and is saved after every
 * change; the step ledger records each execution under its idempotency key before and after
 * it runs, so a restarted orchestrator never executes a completed step again. Steps run one
 * at a time in plan order as their dependencies, conditions and approvals allow.
 */
import { randomUUID } from 'node:crypto';
import {
  type ApprovalRequest,
  finalStepStatuses,
  NotFoundError,
  type Run,
  type RunStep,
  runTransition,
  terminalRunStatuses,
  toVigilError,
  VigilError,
} from '../../core/index.js';
import type { KnowledgeStore, RunStore, Store } from '../../store/index.js';
import { ApprovalQueue } from '../approvals/approval-queue.js';
import { actionCatalogue } from '../catalogue/index.js';
import type { ConnectorRegistry, StepInvocation } from '../connectors/connector.js';
import { evaluateCondition } from '../playbooks/expression.js';
import type { PolicyContext } from '../policy/decide.js';
import type { Policy } from '../policy/policy-schema.js';
import { policyDecider, type StepDecisions } from '../policy/step-decisions.js';
import { buildStep, type StepDraft } from './build-steps.js';
import { checkDrafts, summary } from './check-drafts.js';
import { compensateStep, isLeaseConflict } from './compensate-step.js';
import { notifyEscalation } from './escalation-notice.js';
import { RunLeases } from './run-lease.js';
import { RunMachine } from './run-machine.js';
import { backoffDelay, isRetryable, StepCancelledError, withDeadline } from './run-step-execution.js';
import { stepInvocation, stepScope } from './step-invocation.js';

export interface OrchestratorDependencies {
  store: Store;
  runs: RunStore;
  connectors: ConnectorRegistry;
  policy: Policy;
  /** Who the audit entries name for automatic work. Default `vigil`. */
  actor?: string;
  /** Removes secrets from outputs and errors before they are stored or audited. */
  redact?: <T>(value: T) => T;
  sleep?: (milliseconds: number) => Promise<void>;
  clock?: () => Date;
  /** Told when an approval request is escalated. Default: the `notify` connector, when one is configured. */
  onEscalate?: (request: ApprovalRequest) => Promise<void>;
  /** How each step is decided; production: the learned policy decision. Default: the policy with the queue's track record. */
  decisions?: StepDecisions;
  /** Where analysts' decisions are recorded for learning (the approval queue writes them there too). */
  knowledge?: KnowledgeStore;
}

export interface StartRunInput {
  id?: string;
  incidentId?: string | undefined;
  playbook?: string | undefined;
  drafts: readonly StepDraft[];
  requestedBy: string;
  policyContext: Omit<PolicyContext, 'now'> & { now?: Date };
}

const leaseMarginMs = 60_000;

const wait = (milliseconds: number) => new Promise<void>((resolve) => setTimeout(resolve, milliseconds));

export class Orchestrator {
  readonly approvals: ApprovalQueue;
  private readonly actor: string;
  private readonly redact: <T>(value: T) => T;
  private readonly sleep: (milliseconds: number) => Promise<void>;
  private readonly clock: () => Date;
  private readonly leases: RunLeases;
  private readonly machine: RunMachine;

  constructor(private readonly dependencies: OrchestratorDependencies) {
    const onEscalate =
      dependencies.onEscalate ??
      ((request: ApprovalRequest) =>
        notifyEscalation(
          { connectors: dependencies.connectors, store: dependencies.store, actor: this.actor, redact: this.redact },
          request,
        ));
    this.approvals = new ApprovalQueue({
      store: dependencies.store,
      runs: dependencies.runs,
      onEscalate,
      ...(dependencies.knowledge ? { knowledge: dependencies.knowledge } : {}),
    });
    this.actor = dependencies.actor ?? 'vigil';
    this.redact = dependencies.redact ?? ((value) => value);
    this.sleep = dependencies.sleep ?? wait;
    this.clock = dependencies.clock ?? (() => new Date());
    this.leases = new RunLeases(dependencies.runs);
    this.machine = new RunMachine({
      store: dependencies.store,
      runs: dependencies.runs,
      owner: this.leases.owner,
      redact: this.redact,
      clock: this.clock,
    });
  }

  /** The decision function each step is decided with (the learned policy decision in production). */
  get decisionFunction(): StepDecisions['decisionFunction'] {
    return this.dependencies.decisions?.decisionFunction ?? policyDecider;
  }

  /** Creates a run: the policy decides each step, approval requests open for those that need them. */
  async start(input: StartRunInput): Promise<Run> {
    const id = input.id ?? `run-${randomUUID().slice(0, 8)}`;
    if (await this.dependencies.runs.getRun(id)) return this.load(id);
    checkDrafts(input.drafts);
    const now = this.clock();
    const context: PolicyContext = {
      ...input.policyContext,
      now,
      trackRecord: input.policyContext.trackRecord ?? (await this.approvals.trackRecord()),
    };
    const decide = (await this.dependencies.decisions?.load()) ?? policyDecider;
    const steps = input.drafts.map((draft) =>
      buildStep(id, input.incidentId, draft, this.dependencies.policy, context, decide),
    );
    const run: Run = {
      id,
      ...(input.incidentId ? { incidentId: input.incidentId } : {}),
      ...(input.playbook ? { playbook: input.playbook } : {}),
      status: 'pending',
      dryRun: false,
      requestedBy: input.requestedBy,
      cancelRequested: false,
      createdAt: now.toISOString(),
      updatedAt: now.toISOString(),
      steps,
    };
    await this.machine.create(run, input.requestedBy, {
      steps: steps.map((step) => ({
        ref: step.ref,
        action: step.actionType,
        target: step.target,
        decision: step.decision,
      })),
    });
    for (const step of steps) {
      if (step.status === 'refused')
        await this.machine.record(run, 'policy', 'step-refused', { step: step.ref, reasons: step.decision.reasons });
      if (step.status !== 'awaiting-approval') continue;
      const request = await this.approvals.request({
        runId: id,
        incidentId: input.incidentId,
        step,
        decision: step.decision,
        policy: this.dependencies.policy,
        actor: 'policy',
        now,
      });
      step.approvalRequestId = request.id;
    }
    await this.machine.saveCreated(run);
    return run;
  }

  async load(id: string): Promise<Run> {
    const run = await this.dependencies.runs.getRun(id);
    if (!run) throw new NotFoundError(`no run ${id}`, { location: { objectId: id } });
    return run;
  }

  /** Carries a run as far as it can go now: until it ends or waits for analysts. Safe to call again after a crash. */
  async advance(id: string): Promise<Run> {
    return this.leases.holding(id, leaseMarginMs, () => this.advanceHoldingLease(id));
  }

  private async advanceHoldingLease(id: string): Promise<Run> {
    const run = await this.load(id);
    if (terminalRunStatuses.has(run.status)) return run;
    await this.approvals.sweep(this.clock());
    await this.reconcile(run);
    await this.machine.moveRun(run, 'advance', this.actor);
    for (;;) {
      if (await this.cancelRequested(run.id)) return this.finishCancelled(run, 'cancellation requested');
      const next = await this.nextStep(run);
      if (!next) break;
      await this.runStep(run, next);
      if (next.status === 'failed' || next.status === 'interrupted') {
        if (next.onFailure === 'abort') await this.skipRemaining(run, `step ${next.ref} failed`);
        if (next.onFailure === 'rollback') {
          await this.machine.save(run);
          return this.rollbackHoldingLease(run.id, this.actor, `step ${next.ref} failed`);
        }
      }
      if (next.status === 'cancelled') return this.finishCancelled(run, `step ${next.ref} was cancelled`);
    }
    await this.machine.moveRun(run, settleEvent(run), this.actor, summary);
    return run;
  }

  /**
   * Asks a run to stop; a running orchestrator notices within a fraction of a second. A run no
   * orchestrator holds is cancelled at once. A finished run is refused (`run-transition-invalid`).
   */
  async cancel(id: string, actor: string, reason: string): Promise<Run> {
    const run = await this.load(id);
    runTransition(run.id, run.status, 'cancel');
    await this.machine.requestCancel(run, actor, reason);
    if (run.status === 'running') return run;
    try {
      return await this.leases.holding(id, leaseMarginMs, async () =>
        this.finishCancelled(await this.load(id), reason),
      );
    } catch (error) {
      if (VigilError.isInstance(error) && error.code === 'run-lease-held') return run;
      throw error;
    }
  }

  /** Cancels what has not run and undoes, newest first, every completed reversible step. */
  async rollback(id: string, actor: string, reason: string): Promise<Run> {
    return this.leases.holding(id, leaseMarginMs, () => this.rollbackHoldingLease(id, actor, reason));
  }

  private async rollbackHoldingLease(id: string, actor: string, reason: string): Promise<Run> {
    const run = await this.load(id);
    runTransition(run.id, run.status, run.status === 'rollback-failed' ? 'rollback-fail' : 'roll-back');
    run.cancelRequested = true;
    await this.machine.record(run, actor, 'run-rollback-started', { reason });
    await this.skipRemaining(run, `rolled back: ${reason}`, 'cancel');
    for (const step of [...run.steps].reverse()) {
      if (step.status === 'succeeded') await this.compensate(run, step, actor);
    }
    const failed = run.steps.some((step) => step.status === 'compensation-failed');
    await this.machine.moveRun(run, failed ? 'rollback-fail' : 'roll-back', actor, summary);
    return run;
  }

  /**
   * Tries failed and interrupted steps again (and the steps skipped because of them): they go
   * back to pending and the run to running. A step whose approval the abort withdrew stays
   * skipped: a retry never runs an action analysts did not release. `advance` then carries it on. A cancelled or
   * rolled-back run is refused (`run-transition-invalid`).
   */
  async retry(id: string, actor: string): Promise<Run> {
    return this.leases.holding(id, leaseMarginMs, async () => {
      const run = await this.load(id);
      const retried: RunStep[] = [];
      for (const step of retriedSteps(run)) if (await this.stillReleased(step)) retried.push(step);
      const event = retried.length > 0 ? 'retry' : 'retry-nothing';
      runTransition(run.id, run.status, event);
      for (const step of retried)
        await this.machine.moveStep(run, step, 'retry', actor, { changes: { error: undefined } });
      await this.machine.moveRun(run, event, actor, { steps: retried.map((step) => step.ref) });
      return run;
    });
  }

  /** Whether a step may run again without analysts: it needed no approval, or its approval was granted (not withdrawn by an abort). */
  private async stillReleased(step: RunStep): Promise<boolean> {
    if (!step.approvalRequestId) return true;
    return (await this.approvals.get(step.approvalRequestId)).status === 'approved';
  }

  /** An analyst withdraws an approval: a step not yet run will not run; one that ran is undone. */
  async withdrawApproval(requestId: string, actor: string, reason: string): Promise<Run> {
    const request = await this.approvals.withdraw(requestId, actor, reason);
    if (!request.runId) throw new NotFoundError(`approval request ${requestId} belongs to no run`);
    const runId = request.runId;
    return this.leases.holding(runId, leaseMarginMs, async () => {
      const run = await this.load(runId);
      const step = run.steps.find((candidate) => candidate.approvalRequestId === requestId);
      if (step?.status === 'succeeded') await this.compensate(run, step, actor);
      else if (step && !finalStepStatuses.has(step.status))
        await this.machine.moveStep(run, step, 'reject', actor, {
          changes: { error: `approval withdrawn: ${reason}` },
        });
      await this.machine.save(run);
      return run;
    });
  }

  private async nextStep(run: Run): Promise<RunStep | undefined> {
    const byRef = new Map(run.steps.map((step) => [step.ref, step]));
    for (const step of run.steps) {
      if (step.status !== 'pending') continue;
      const dependencies = step.dependsOn.map((ref) => byRef.get(ref)!);
      const blocked = dependencies.find(
        (dependency) => finalStepStatuses.has(dependency.status) && dependency.status !== 'succeeded',
      );
      if (blocked) {
        await this.machine.moveStep(run, step, 'skip', this.actor, {
          changes: { error: `dependency ${blocked.ref} ended ${blocked.status}` },
        });
        continue;
      }
      if (dependencies.every((dependency) => dependency.status === 'succeeded')) return step;
    }
    return undefined;
  }

  private async runStep(run: Run, step: RunStep): Promise<void> {
    const { runs } = this.dependencies;
    const key = step.idempotencyKey;
    if (step.condition) {
      let holds: boolean;
      try {
        holds = evaluateCondition(step.condition, stepScope(run, step));
      } catch (error) {
        return this.failStep(run, step, `condition failed: ${(error as Error).message}`);
      }
      if (!holds)
        return this.machine.moveStep(run, step, 'condition-false', this.actor, {
          changes: { error: `condition is false: ${step.condition}` },
          details: { condition: step.condition },
        });
    }
    const ledger = await runs.getLedgerEntry(key);
    if (ledger?.status === 'succeeded')
      return this.machine.moveStep(run, step, 'reconcile', this.actor, {
        changes: { output: ledger.output ?? {}, finishedAt: ledger.finishedAt },
        details: { key },
      });
    const connector = this.dependencies.connectors[step.actionType];
    if (!connector) return this.failStep(run, step, `no connector is configured for ${step.actionType}`);
    const spec = actionCatalogue[step.actionType];
    const timeoutMs = step.timeoutMs ?? spec.timeoutMs;
    for (let attempt = 1; ; attempt++) {
      let invocation: StepInvocation;
      try {
        invocation = stepInvocation(run, step);
      } catch (error) {
        return this.failStep(run, step, `cannot render the step's arguments: ${(error as Error).message}`);
      }
      await this.leases.take(run.id, timeoutMs + leaseMarginMs);
      await this.machine.moveStep(run, step, 'start', this.actor, {
        changes: { attempts: step.attempts + 1, startedAt: this.clock().toISOString() },
        details: { key, attempt, decision: step.decision, operation: this.redact(connector.plan(invocation)) },
      });
      await runs.markStepStarted(key, run.id, step.ref);
      try {
        const output = this.redact(
          await withDeadline(
            (signal) => connector.execute(invocation, signal),
            timeoutMs,
            () => this.cancelRequested(run.id),
          ),
        );
        await runs.markStepFinished(key, 'succeeded', output);
        return await this.machine.moveStep(run, step, 'succeed', this.actor, {
          changes: { output, finishedAt: this.clock().toISOString(), error: undefined },
          details: { key, attempt, output },
        });
      } catch (error) {
        if (isLeaseConflict(error)) throw error;
        const message = this.redact(toVigilError(error).message);
        await runs.markStepFinished(key, 'failed', { error: message });
        const details = { key, attempt, error: message };
        if (error instanceof StepCancelledError)
          return this.machine.moveStep(run, step, 'cancel', this.actor, {
            changes: { error: message, finishedAt: this.clock().toISOString() },
            details,
          });
        if (attempt < spec.retry.attempts && isRetryable(error)) {
          await this.machine.moveStep(run, step, 'attempt-failed', this.actor, {
            changes: { error: message },
            details,
          });
          await this.sleep(backoffDelay(spec.retry, attempt + 1));
          continue;
        }
        return this.machine.moveStep(run, step, 'fail', this.actor, {
          changes: { error: message, finishedAt: this.clock().toISOString() },
          details,
        });
      }
    }
  }

  /** A step that cannot start (its condition, connector or arguments) fails without running. */
  private failStep(run: Run, step: RunStep, message: string): Promise<void> {
    return this.machine.moveStep(run, step, 'fail', this.actor, {
      changes: { error: message, finishedAt: this.clock().toISOString() },
    });
  }

  /** After a restart: settle approvals that were decided, and steps that were running when the process died. */
  private async reconcile(run: Run): Promise<void> {
    for (const step of run.steps) {
      if (step.status === 'awaiting-approval' && step.approvalRequestId) {
        const request = await this.approvals.get(step.approvalRequestId);
        if (request.status === 'approved') await this.machine.moveStep(run, step, 'approve', this.actor);
        else if (request.status !== 'pending')
          await this.machine.moveStep(run, step, 'reject', this.actor, {
            changes: { error: `approval ${request.status}` },
          });
      }
      if (step.status !== 'running') continue;
      const key = step.idempotencyKey;
      const ledger = await this.dependencies.runs.getLedgerEntry(key);
      if (ledger?.status === 'succeeded') {
        await this.machine.moveStep(run, step, 'reconcile', this.actor, {
          changes: { output: ledger.output ?? {}, finishedAt: ledger.finishedAt },
          details: { key },
        });
      } else if (actionCatalogue[step.actionType].idempotent || step.parameters.idempotent === true) {
        await this.machine.moveStep(run, step, 'resume', this.actor, {
          details: { key, reason: 'interrupted; the action is idempotent' },
        });
      } else {
        await this.machine.moveStep(run, step, 'interrupt', this.actor, {
          changes: {
            error:
              'the orchestrator stopped while this step ran and the action is not idempotent: check its effect and resolve it by hand',
          },
          details: { key },
        });
      }
    }
  }

  private compensate(run: Run, step: RunStep, actor: string): Promise<void> {
    const { runs, connectors } = this.dependencies;
    return compensateStep({ runs, connectors, machine: this.machine, redact: this.redact }, run, step, actor);
  }

  private async skipRemaining(run: Run, reason: string, event: 'skip' | 'cancel' = 'skip'): Promise<void> {
    for (const step of run.steps) {
      if (step.status !== 'pending' && step.status !== 'awaiting-approval') continue;
      if (step.approvalRequestId) await this.approvals.withdraw(step.approvalRequestId, this.actor, reason);
      await this.machine.moveStep(run, step, event, this.actor, { changes: { error: reason } });
    }
    await this.machine.save(run);
  }

  private async finishCancelled(run: Run, reason: string): Promise<Run> {
    await this.skipRemaining(run, reason, 'cancel');
    await this.machine.moveRun(run, 'cancel', this.actor, (cancelled) => ({ reason, ...summary(cancelled) }));
    return run;
  }

  private async cancelRequested(id: string): Promise<boolean> {
    return (await this.dependencies.runs.getRun(id))?.cancelRequested ?? false;
  }
}

/** How a run that has nothing more to do now settles: waiting for analysts, failed or succeeded. */
function settleEvent(run: Run): 'await-approval' | 'fail' | 'succeed' {
  if (run.steps.some((step) => step.status === 'awaiting-approval' || step.status === 'pending'))
    return 'await-approval';
  if (run.steps.some((step) => ['failed', 'interrupted', 'compensation-failed'].includes(step.status))) return 'fail';
  return 'succeed';
}

/** The steps a retry runs again: failed and interrupted ones, and those skipped because of them. */
function retriedSteps(run: Run): RunStep[] {
  const failed = new Set(
    run.steps.filter((step) => step.status === 'failed' || step.status === 'interrupted').map((step) => step.ref),
  );
  const blockedBy = (step: RunStep) =>
    step.status === 'skipped' &&
    [...failed].some((ref) => step.error?.startsWith(`dependency ${ref} ended`) || step.error === `step ${ref} failed`);
  return run.steps.filter((step) => failed.has(step.ref) || blockedBy(step));
}
