/**
 * The durable orchestrator. A run's state lives in the store and is saved after every
 * change; the step ledger records each execution under its idempotency key before and after
 * it runs, so a restarted orchestrator never executes a completed step again. Steps run one
 * at a time in plan order as their dependencies, conditions and approvals allow.
 */
import { randomUUID } from 'node:crypto';
import { hostname } from 'node:os';
import {
  type ApprovalRequest,
  finalStepStatuses,
  InputInvalidError,
  NotFoundError,
  type Run,
  type RunStep,
  terminalRunStatuses,
  toVigilError,
  VigilError,
} from '../../core/index.js';
import type { KnowledgeStore, RunStore, Store } from '../../store/index.js';
import { ApprovalQueue } from '../approvals/approval-queue.js';
import { actionCatalogue } from '../catalogue/index.js';
import type { ConnectorRegistry, StepInvocation, StepOutput } from '../connectors/connector.js';
import type { Json } from '../playbooks/expression.js';
import { applyTemplates, evaluateCondition } from '../playbooks/expression.js';
import type { PolicyContext } from '../policy/decide.js';
import type { Policy } from '../policy/policy-schema.js';
import { policyDecider, type StepDecisions } from '../policy/step-decisions.js';
import { buildStep, type StepDraft } from './build-steps.js';
import { backoffDelay, isRetryable, StepCancelledError, withDeadline } from './run-step-execution.js';

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

/** Whether a lease holder (`host:pid:nonce`) is a process of this host that has exited. */
function holderIsGone(holder: string): boolean {
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

const wait = (milliseconds: number) => new Promise<void>((resolve) => setTimeout(resolve, milliseconds));

export class Orchestrator {
  readonly approvals: ApprovalQueue;
  private readonly actor: string;
  private readonly redact: <T>(value: T) => T;
  private readonly sleep: (milliseconds: number) => Promise<void>;
  private readonly clock: () => Date;
  /** This orchestrator's name in run leases. */
  private readonly owner = `${hostname()}:${process.pid}:${randomUUID().slice(0, 8)}`;

  constructor(private readonly dependencies: OrchestratorDependencies) {
    const onEscalate = dependencies.onEscalate ?? ((request: ApprovalRequest) => this.notifyEscalation(request));
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
    await this.dependencies.runs.saveRun(run);
    await this.audit(input.requestedBy, 'run-created', run, {
      steps: steps.map((step) => ({
        ref: step.ref,
        action: step.actionType,
        target: step.target,
        decision: step.decision,
      })),
    });
    for (const step of steps) {
      if (step.status === 'refused')
        await this.audit('policy', 'step-refused', run, { step: step.ref, reasons: step.decision.reasons });
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
    await this.save(run);
    return run;
  }

  async load(id: string): Promise<Run> {
    const run = await this.dependencies.runs.getRun(id);
    if (!run) throw new NotFoundError(`no run ${id}`, { location: { objectId: id } });
    return run;
  }

  /** Carries a run as far as it can go now: until it ends or waits for analysts. Safe to call again after a crash. */
  async advance(id: string): Promise<Run> {
    return this.withLease(id, () => this.advanceHoldingLease(id));
  }

  private async advanceHoldingLease(id: string): Promise<Run> {
    const run = await this.load(id);
    if (terminalRunStatuses.has(run.status)) return run;
    await this.approvals.sweep(this.clock());
    await this.reconcile(run);
    run.status = 'running';
    await this.save(run);
    for (;;) {
      if (await this.cancelRequested(run.id)) return this.finishCancelled(run, 'cancellation requested');
      const next = this.nextStep(run);
      if (!next) break;
      await this.runStep(run, next);
      if (next.status === 'failed' || next.status === 'interrupted') {
        if (next.onFailure === 'abort') await this.skipRemaining(run, `step ${next.ref} failed`);
        if (next.onFailure === 'rollback') {
          await this.save(run);
          return this.rollbackHoldingLease(run.id, this.actor, `step ${next.ref} failed`);
        }
      }
      if (next.status === 'cancelled') return this.finishCancelled(run, `step ${next.ref} was cancelled`);
    }
    run.status = this.overallStatus(run);
    await this.save(run);
    if (terminalRunStatuses.has(run.status))
      await this.audit(this.actor, `run-${run.status === 'succeeded' ? 'succeeded' : 'failed'}`, run, summary(run));
    return run;
  }

  /** Asks a run to stop; a running orchestrator notices within a fraction of a second. */
  async cancel(id: string, actor: string, reason: string): Promise<Run> {
    const run = await this.load(id);
    run.cancelRequested = true;
    await this.dependencies.runs.saveRun({ ...run, updatedAt: this.clock().toISOString() });
    await this.audit(actor, 'run-cancel-requested', run, { reason });
    if (run.status === 'running') return run;
    return this.finishCancelled(run, reason);
  }

  /** Cancels what has not run and undoes, newest first, every completed reversible step. */
  async rollback(id: string, actor: string, reason: string): Promise<Run> {
    return this.withLease(id, () => this.rollbackHoldingLease(id, actor, reason));
  }

  private async rollbackHoldingLease(id: string, actor: string, reason: string): Promise<Run> {
    const run = await this.load(id);
    run.cancelRequested = true;
    await this.audit(actor, 'run-rollback-started', run, { reason });
    await this.skipRemaining(run, `rolled back: ${reason}`, 'cancelled');
    for (const step of [...run.steps].reverse()) {
      if (step.status === 'succeeded') await this.compensate(run, step, actor);
    }
    run.status = run.steps.some((step) => step.status === 'compensation-failed') ? 'rollback-failed' : 'rolled-back';
    await this.save(run);
    await this.audit(actor, 'run-rolled-back', run, summary(run));
    return run;
  }

  /** An analyst withdraws an approval: a step not yet run will not run; one that ran is undone. */
  async withdrawApproval(requestId: string, actor: string, reason: string): Promise<Run> {
    const request = await this.approvals.withdraw(requestId, actor, reason);
    if (!request.runId) throw new NotFoundError(`approval request ${requestId} belongs to no run`);
    const run = await this.load(request.runId);
    const step = run.steps.find((candidate) => candidate.approvalRequestId === requestId);
    if (step?.status === 'succeeded') await this.compensate(run, step, actor);
    else if (step && !finalStepStatuses.has(step.status))
      Object.assign(step, { status: 'rejected', error: `approval withdrawn: ${reason}` });
    await this.save(run);
    return run;
  }

  /** Tells the escalation contact through the `notify` connector; a failure is audited, never thrown. */
  private async notifyEscalation(request: ApprovalRequest): Promise<void> {
    const connector = this.dependencies.connectors.notify;
    if (!connector) return;
    const text = `Approval ${request.id} (${request.actionType} ${request.target.kind}:${request.target.value}, risk ${request.risk}) is still pending; escalated to ${request.escalateTo ?? 'the escalation contact'}. Deadline ${request.deadline}.`;
    try {
      await withDeadline(
        (signal) =>
          connector.execute(
            {
              runId: request.runId ?? request.id,
              incidentId: request.incidentId,
              ref: `escalate-${request.id}`,
              actionType: 'notify',
              target: { kind: 'other', value: request.escalateTo ?? 'escalation' },
              parameters: { text, subject: `[Vigil] approval ${request.id} escalated` },
              idempotencyKey: `escalate:${request.id}`,
            },
            signal,
          ),
        actionCatalogue.notify.timeoutMs,
      );
    } catch (error) {
      await this.dependencies.store.appendAudit({
        actor: this.actor,
        action: 'escalation-notify-failed',
        subject: { kind: 'approval-request', id: request.id },
        details: { error: this.redact(toVigilError(error).message) },
      });
    }
  }

  /**
   * One orchestrator at a time per run. A lease held by a process of this host that no longer
   * exists (killed mid-run) is taken over at once; any other holder keeps it until it expires.
   */
  private async lease(id: string, durationMs: number): Promise<void> {
    const { runs } = this.dependencies;
    let lease = await runs.acquireRunLease(id, this.owner, durationMs);
    if (!lease.acquired && holderIsGone(lease.holder))
      lease = await runs.acquireRunLease(id, this.owner, durationMs, lease.holder);
    if (!lease.acquired) {
      throw new VigilError(
        'conflict',
        `run ${id} is being carried out by ${lease.holder} (lease until ${lease.expiresAt})`,
        {
          location: { objectId: id },
          retryable: true,
        },
      );
    }
  }

  private async withLease<T>(id: string, work: () => Promise<T>): Promise<T> {
    await this.lease(id, leaseMarginMs);
    try {
      return await work();
    } finally {
      await this.dependencies.runs.releaseRunLease(id, this.owner);
    }
  }

  private nextStep(run: Run): RunStep | undefined {
    const byRef = new Map(run.steps.map((step) => [step.ref, step]));
    for (const step of run.steps) {
      if (step.status !== 'pending') continue;
      const dependencies = step.dependsOn.map((ref) => byRef.get(ref)!);
      const blocked = dependencies.find(
        (dependency) => finalStepStatuses.has(dependency.status) && dependency.status !== 'succeeded',
      );
      if (blocked) {
        Object.assign(step, { status: 'skipped', error: `dependency ${blocked.ref} ended ${blocked.status}` });
        continue;
      }
      if (dependencies.every((dependency) => dependency.status === 'succeeded')) return step;
    }
    return undefined;
  }

  private scope(run: Run, step: RunStep): Record<string, Json> {
    const steps = Object.fromEntries(
      run.steps.map((other) => [other.ref, { status: other.status, output: (other.output ?? null) as Json }]),
    );
    return {
      target: step.target,
      parameters: step.parameters as Json,
      incident: { id: run.incidentId ?? null },
      run: { id: run.id, playbook: run.playbook ?? null },
      steps,
    };
  }

  private invocation(run: Run, step: RunStep): StepInvocation {
    const parameters = applyTemplates(step.parameters, step.templates, this.scope(run, step));
    return {
      runId: run.id,
      incidentId: run.incidentId,
      ref: step.ref,
      actionType: step.actionType,
      target: step.target,
      parameters,
      idempotencyKey: step.idempotencyKey,
    };
  }

  private async runStep(run: Run, step: RunStep): Promise<void> {
    const { runs } = this.dependencies;
    if (step.condition) {
      let holds: boolean;
      try {
        holds = evaluateCondition(step.condition, this.scope(run, step));
      } catch (error) {
        return this.failStep(run, step, `condition failed: ${(error as Error).message}`);
      }
      if (!holds) {
        Object.assign(step, { status: 'skipped', error: `condition is false: ${step.condition}` });
        await this.audit(this.actor, 'step-skipped', run, { step: step.ref, condition: step.condition });
        return this.save(run);
      }
    }
    const ledger = await runs.getLedgerEntry(step.idempotencyKey);
    if (ledger?.status === 'succeeded') {
      Object.assign(step, { status: 'succeeded', output: ledger.output ?? {}, finishedAt: ledger.finishedAt });
      await this.audit(this.actor, 'step-reconciled', run, { step: step.ref, key: step.idempotencyKey });
      return this.save(run);
    }
    const connector = this.dependencies.connectors[step.actionType];
    if (!connector) return this.failStep(run, step, `no connector is configured for ${step.actionType}`);
    const spec = actionCatalogue[step.actionType];
    const timeoutMs = step.timeoutMs ?? spec.timeoutMs;
    for (let attempt = 1; ; attempt++) {
      let invocation: StepInvocation;
      try {
        invocation = this.invocation(run, step);
      } catch (error) {
        return this.failStep(run, step, `cannot render the step's arguments: ${(error as Error).message}`);
      }
      await this.lease(run.id, timeoutMs + leaseMarginMs);
      Object.assign(step, { status: 'running', attempts: step.attempts + 1, startedAt: this.clock().toISOString() });
      await this.save(run);
      await runs.markStepStarted(step.idempotencyKey, run.id, step.ref);
      await this.audit(this.actor, 'step-started', run, {
        step: step.ref,
        key: step.idempotencyKey,
        attempt,
        decision: step.decision,
        operation: this.redact(connector.plan(invocation)),
      });
      try {
        const output = this.redact(
          await withDeadline(
            (signal) => connector.execute(invocation, signal),
            timeoutMs,
            () => this.cancelRequested(run.id),
          ),
        );
        await runs.markStepFinished(step.idempotencyKey, 'succeeded', output);
        Object.assign(step, { status: 'succeeded', output, finishedAt: this.clock().toISOString() });
        delete step.error;
        await this.save(run);
        await this.audit(this.actor, 'step-succeeded', run, {
          step: step.ref,
          key: step.idempotencyKey,
          attempt,
          output,
        });
        return;
      } catch (error) {
        const message = this.redact(toVigilError(error).message);
        await runs.markStepFinished(step.idempotencyKey, 'failed', { error: message });
        await this.audit(this.actor, 'step-failed', run, {
          step: step.ref,
          key: step.idempotencyKey,
          attempt,
          error: message,
        });
        if (error instanceof StepCancelledError) {
          Object.assign(step, { status: 'cancelled', error: message, finishedAt: this.clock().toISOString() });
          return this.save(run);
        }
        if (attempt < spec.retry.attempts && isRetryable(error)) {
          Object.assign(step, { status: 'pending', error: message });
          await this.save(run);
          await this.sleep(backoffDelay(spec.retry, attempt + 1));
          continue;
        }
        return this.failStep(run, step, message);
      }
    }
  }

  private async failStep(run: Run, step: RunStep, message: string): Promise<void> {
    Object.assign(step, { status: 'failed', error: message, finishedAt: this.clock().toISOString() });
    await this.save(run);
  }

  /** After a restart: settle approvals that were decided, and steps that were running when the process died. */
  private async reconcile(run: Run): Promise<void> {
    for (const step of run.steps) {
      if (step.status === 'awaiting-approval' && step.approvalRequestId) {
        const request = await this.approvals.get(step.approvalRequestId);
        if (request.status === 'approved') step.status = 'pending';
        else if (request.status !== 'pending')
          Object.assign(step, { status: 'rejected', error: `approval ${request.status}` });
      }
      if (step.status !== 'running') continue;
      const ledger = await this.dependencies.runs.getLedgerEntry(step.idempotencyKey);
      if (ledger?.status === 'succeeded') {
        Object.assign(step, { status: 'succeeded', output: ledger.output ?? {}, finishedAt: ledger.finishedAt });
        await this.audit(this.actor, 'step-reconciled', run, { step: step.ref, key: step.idempotencyKey });
      } else if (actionCatalogue[step.actionType].idempotent || step.parameters.idempotent === true) {
        step.status = 'pending';
        await this.audit(this.actor, 'step-resumed', run, {
          step: step.ref,
          key: step.idempotencyKey,
          reason: 'interrupted; the action is idempotent',
        });
      } else {
        Object.assign(step, {
          status: 'interrupted',
          error:
            'the orchestrator stopped while this step ran and the action is not idempotent: check its effect and resolve it by hand',
        });
        await this.audit(this.actor, 'step-interrupted', run, { step: step.ref, key: step.idempotencyKey });
      }
    }
  }

  private async compensate(run: Run, step: RunStep, actor: string): Promise<void> {
    const spec = actionCatalogue[step.actionType];
    if (spec.reversal.kind === 'none') {
      await this.audit(actor, 'step-not-reversed', run, {
        step: step.ref,
        reason: `${step.actionType} cannot be undone`,
      });
      return;
    }
    const key = `undo:${step.idempotencyKey}`;
    const { runs } = this.dependencies;
    if ((await runs.getLedgerEntry(key))?.status === 'succeeded') {
      step.status = 'compensated';
      return this.save(run);
    }
    const invocation = this.invocation(run, step);
    const reversal = spec.reversal;
    const connector =
      reversal.kind === 'undo'
        ? this.dependencies.connectors[step.actionType]
        : this.dependencies.connectors[reversal.action];
    await runs.markStepStarted(key, run.id, step.ref);
    try {
      if (!connector) throw new InputInvalidError(`no connector can undo ${step.actionType}`);
      const output = await withDeadline((signal) => {
        if (reversal.kind === 'inverse-action')
          return connector.execute({ ...invocation, actionType: reversal.action, idempotencyKey: key }, signal);
        if (!connector.undo) throw new InputInvalidError(`${connector.name} cannot undo ${step.actionType}`);
        return connector.undo(invocation, (step.output ?? {}) as StepOutput, signal);
      }, step.timeoutMs ?? spec.timeoutMs);
      const clean = this.redact(output);
      await runs.markStepFinished(key, 'succeeded', clean);
      step.status = 'compensated';
      await this.audit(actor, 'step-compensated', run, { step: step.ref, key, output: clean });
    } catch (error) {
      const message = this.redact(toVigilError(error).message);
      await runs.markStepFinished(key, 'failed', { error: message });
      Object.assign(step, { status: 'compensation-failed', error: message });
      await this.audit(actor, 'step-compensation-failed', run, { step: step.ref, key, error: message });
    }
    await this.save(run);
  }

  private async skipRemaining(run: Run, reason: string, status: 'skipped' | 'cancelled' = 'skipped'): Promise<void> {
    for (const step of run.steps) {
      if (step.status !== 'pending' && step.status !== 'awaiting-approval') continue;
      if (step.approvalRequestId) await this.approvals.withdraw(step.approvalRequestId, this.actor, reason);
      Object.assign(step, { status, error: reason });
    }
    await this.save(run);
  }

  private async finishCancelled(run: Run, reason: string): Promise<Run> {
    await this.skipRemaining(run, reason, 'cancelled');
    run.status = 'cancelled';
    await this.save(run);
    await this.audit(this.actor, 'run-cancelled', run, { reason, ...summary(run) });
    return run;
  }

  private overallStatus(run: Run): Run['status'] {
    if (run.steps.some((step) => step.status === 'awaiting-approval' || step.status === 'pending'))
      return 'awaiting-approval';
    if (run.steps.some((step) => ['failed', 'interrupted', 'compensation-failed'].includes(step.status)))
      return 'failed';
    return 'succeeded';
  }

  private async cancelRequested(id: string): Promise<boolean> {
    return (await this.dependencies.runs.getRun(id))?.cancelRequested ?? false;
  }

  /** Saves the run, keeping a cancellation another process asked for meanwhile. */
  private async save(run: Run): Promise<void> {
    if (!run.cancelRequested && (await this.cancelRequested(run.id))) run.cancelRequested = true;
    run.updatedAt = this.clock().toISOString();
    await this.dependencies.runs.saveRun(run);
  }

  private async audit(actor: string, action: string, run: Run, details: Record<string, unknown>): Promise<void> {
    await this.dependencies.store.appendAudit({
      actor,
      action,
      subject: { kind: 'run', id: run.id },
      details: this.redact(details),
    });
  }
}

function summary(run: Run): Record<string, unknown> {
  const counts: Record<string, number> = {};
  for (const step of run.steps) counts[step.status] = (counts[step.status] ?? 0) + 1;
  return { status: run.status, steps: counts };
}

/** Refs unique, dependencies known and acyclic; errors name the step. */
function checkDrafts(drafts: readonly StepDraft[]): void {
  const refs = new Set<string>();
  for (const draft of drafts) {
    if (refs.has(draft.ref))
      throw new InputInvalidError(`step ${draft.ref} appears twice`, {
        location: { objectId: draft.ref, field: 'ref' },
      });
    refs.add(draft.ref);
  }
  const byRef = new Map(drafts.map((draft) => [draft.ref, draft]));
  for (const draft of drafts) {
    for (const dependency of draft.dependsOn ?? []) {
      if (!refs.has(dependency)) {
        throw new InputInvalidError(`step ${draft.ref} depends on unknown step ${dependency}`, {
          location: { objectId: draft.ref, field: 'depends_on' },
        });
      }
    }
  }
  const visiting = new Set<string>();
  const done = new Set<string>();
  const visit = (ref: string) => {
    if (done.has(ref)) return;
    if (visiting.has(ref))
      throw new InputInvalidError(`step ${ref} is part of a dependency cycle`, {
        location: { objectId: ref, field: 'depends_on' },
      });
    visiting.add(ref);
    for (const dependency of byRef.get(ref)?.dependsOn ?? []) visit(dependency);
    visiting.delete(ref);
    done.add(ref);
  };
  for (const ref of refs) visit(ref);
}
