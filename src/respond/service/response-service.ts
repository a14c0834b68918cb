/**
 * The one response service: run start-up, analysts' decisions, retry, cancel, rollback and run
 * scheduling, for every entry point. The API maps requests to it, the CLI commands (`vigil
 * respond`, `approvals`, `runs`) call it once per command, and the workers start plan runs and
 * carry queued runs on through it. Work on one run is serialised in this process (`RunScheduler`);
 * other processes are kept out by the orchestrator's lease.
 */
import type { ApprovalRequest, Run, RunStep } from '../../core/index.js';
import { unfinishedRunStatuses } from '../../core/index.js';
import type { KnowledgeStore, RunStore, Store } from '../../store/index.js';
import { type ApprovalSources, decideApproval, requesterOf } from '../approvals/decide-approval.js';
import type { ConnectorRegistry } from '../connectors/connector.js';
import { Orchestrator, type StartRunInput } from '../orchestrator/orchestrator.js';
import { runIsReady } from '../orchestrator/run-readiness.js';
import type { PolicyAsset } from '../policy/decide.js';
import type { Policy } from '../policy/policy-schema.js';
import type { StepDecisions } from '../policy/step-decisions.js';
import { draftsForIncident } from '../respond-to-incident.js';
import { KeyedSerializer } from './keyed-serializer.js';
import { planRunId } from './plan-run-id.js';
import { RunScheduler } from './run-scheduler.js';

export interface ResponseSettings {
  policy: Policy;
  connectors: ConnectorRegistry;
  /** Asset inventory: criticality and roles the policy protects. */
  assets?: readonly PolicyAsset[];
  /** Removes secrets from step outputs and errors (the connectors' secrets). */
  redact?: <T>(value: T) => T;
}

/** What the service tells its host about (the API's live feed). */
export interface ResponseEvents {
  runChanged?(run: Run): void;
  approvalRequested?(run: Run, step: RunStep): void;
}

export interface ResponseServiceDependencies {
  store: Store;
  runs: RunStore;
  settings: ResponseSettings;
  clock?: () => Date;
  /** Production: the learned policy decision (`knowledgeDecisions` of the knowledge module). */
  decisions?: StepDecisions;
  knowledge?: KnowledgeStore;
  events?: ResponseEvents;
  /** Told when background work on a run fails (a lease held elsewhere is not a failure). */
  onError?: (runId: string, error: unknown) => void;
}

export type ApprovalDecision = Omit<Parameters<typeof decideApproval>[1], 'now'>;

export class ResponseService {
  private current: Orchestrator;
  private settings: ResponseSettings;
  readonly scheduler: RunScheduler;
  private readonly lock = new KeyedSerializer();

  constructor(private readonly dependencies: ResponseServiceDependencies) {
    this.settings = dependencies.settings;
    this.current = this.createOrchestrator();
    this.scheduler = new RunScheduler({
      onSettled: (run) => this.dependencies.events?.runChanged?.(run),
      onError: (runId, error) => dependencies.onError?.(runId, error),
    });
  }

  get orchestrator(): Orchestrator {
    return this.current;
  }

  get policy(): Policy {
    return this.settings.policy;
  }

  get connectors(): ConnectorRegistry {
    return this.settings.connectors;
  }

  get assets(): readonly PolicyAsset[] {
    return this.settings.assets ?? [];
  }

  /** The service's clock (decisions and sweeps use it, so tests can fix time). */
  now(): Date {
    return this.dependencies.clock?.() ?? new Date();
  }

  /** Uses `policy` for every decision from now on (runs already created keep their decisions). */
  replacePolicy(policy: Policy): void {
    this.settings = { ...this.settings, policy };
    this.current = this.createOrchestrator();
  }

  /** Name of the connector that carries out an action type here, or undefined when none is configured. */
  connectorFor(actionType: RunStep['actionType']): string | undefined {
    return this.settings.connectors[actionType]?.name;
  }

  load(runId: string): Promise<Run> {
    return this.current.load(runId);
  }

  /** Creates a run (a playbook's, or a plan's under another id): policy decisions made, approvals requested. */
  async start(input: StartRunInput): Promise<Run> {
    const run = await this.current.start(input);
    this.announce(run);
    return run;
  }

  /** The incident's plan run, started when it does not exist yet (serialised per incident in this process). */
  ensurePlanRun(incidentId: string): Promise<Run> {
    return this.lock.run(`plan:${incidentId}`, async () => {
      const existing = await this.dependencies.runs.getRun(planRunId(incidentId));
      if (existing) return existing;
      const input = await draftsForIncident(this.dependencies.store, incidentId);
      return this.start({
        id: planRunId(incidentId),
        incidentId,
        drafts: input.drafts,
        requestedBy: await requesterOf(this.dependencies.store, incidentId),
        policyContext: { confidence: input.confidence, assets: this.assets },
      });
    });
  }

  /**
   * Starts the plan run of an open incident that has a plan, no run yet and was not superseded
   * (the API's loop and the respond worker); undefined when there is nothing to start.
   */
  async startPlanRunIfDue(incidentId: string): Promise<Run | undefined> {
    if (await this.dependencies.runs.getRun(planRunId(incidentId))) return undefined;
    const stored = await this.dependencies.store.getIncident(incidentId);
    if (!stored || stored.artifacts.supersededBy) return undefined;
    if (stored.incident.status !== 'new' && stored.incident.status !== 'investigating') return undefined;
    if ((await this.dependencies.store.listProposals(incidentId)).length === 0) return undefined;
    return this.ensurePlanRun(incidentId);
  }

  /** What the approval rules read and the queue writes. */
  approvalSources(): ApprovalSources {
    return { approvals: this.current.approvals, store: this.dependencies.store, runs: this.dependencies.runs };
  }

  /** An analyst's decision on an approval request, under the approval rules (serialised per request in this process). */
  decide(input: ApprovalDecision): Promise<ApprovalRequest> {
    return this.lock.run(input.requestId, () => decideApproval(this.approvalSources(), { ...input, now: this.now() }));
  }

  /** Carries the run on in the background (automatic steps, approved steps); resolves when that is done. */
  advance(runId: string): Promise<Run | undefined> {
    return this.scheduler.enqueue(runId, () => this.current.advance(runId));
  }

  /** Carries the run on now, queued behind other work on it; its errors are the caller's (the CLI, the worker). */
  advanceNow(runId: string): Promise<Run> {
    return this.scheduler.run(runId, () => this.current.advance(runId));
  }

  /** Failed and interrupted steps (and those skipped because of them) are tried again, in the background. */
  async retry(runId: string, actor: string): Promise<Run> {
    const run = await this.current.retry(runId, actor);
    void this.advance(runId);
    return run;
  }

  /** As `retry`, but carries the run on now and resolves with the result; its errors are the caller's (the CLI). */
  async retryNow(runId: string, actor: string): Promise<Run> {
    await this.scheduler.run(runId, () => this.current.retry(runId, actor));
    return this.advanceNow(runId);
  }

  async cancel(runId: string, actor: string, reason: string): Promise<Run> {
    const run = await this.current.cancel(runId, actor, reason);
    this.dependencies.events?.runChanged?.(run);
    return run;
  }

  /** Queued behind any work on the run, so it never races a step that is running. */
  async rollback(runId: string, actor: string, reason: string): Promise<Run> {
    await this.current.load(runId);
    return this.scheduler.run(runId, () => this.current.rollback(runId, actor, reason));
  }

  /** Withdraws an approval: the step will not run, or is undone if it ran; queued behind work on the run. */
  async withdrawApproval(requestId: string, actor: string, reason: string): Promise<Run> {
    const request = await this.current.approvals.get(requestId);
    return this.scheduler.run(request.runId ?? requestId, () =>
      this.current.withdrawApproval(requestId, actor, reason),
    );
  }

  /** Times out and escalates overdue approval requests. */
  sweepApprovals(actor?: string) {
    return this.current.approvals.sweep(this.now(), actor);
  }

  /** Unfinished runs that should be carried on now (approvals decided, or left mid-way). */
  async readyRuns(limit = 1_000): Promise<Run[]> {
    const { runs } = this.dependencies;
    const unfinished = await runs.listRuns({ statuses: unfinishedRunStatuses, limit });
    if (unfinished.length === 0) return [];
    const requests = new Map<string, ApprovalRequest>(
      (await runs.listApprovalRequests({ limit: 10_000 })).map((request) => [request.id, request]),
    );
    return unfinished.filter((run) => runIsReady(run, requests));
  }

  /** Ready runs not already being worked on here: carried on in the background. */
  async resumeReadyRuns(): Promise<number> {
    let resumed = 0;
    for (const run of await this.readyRuns(500)) {
      if (this.scheduler.busy(run.id)) continue;
      void this.advance(run.id);
      resumed += 1;
    }
    return resumed;
  }

  /** Starts plan runs for open incidents that have a plan and no run yet, and carries them on. */
  async startNewPlanRuns(): Promise<number> {
    let started = 0;
    for (const incident of await this.dependencies.store.listIncidents({ limit: 200 })) {
      const run = await this.startPlanRunIfDue(incident.id);
      if (!run) continue;
      void this.advance(run.id);
      started += 1;
    }
    return started;
  }

  /** One pass of the loop: time out and escalate approvals, start new plan runs, carry ready runs on. */
  async tick(options: { startRuns: boolean }): Promise<void> {
    await this.sweepApprovals();
    if (options.startRuns) await this.startNewPlanRuns();
    await this.resumeReadyRuns();
  }

  private announce(run: Run): void {
    this.dependencies.events?.runChanged?.(run);
    for (const step of run.steps)
      if (step.status === 'awaiting-approval') this.dependencies.events?.approvalRequested?.(run, step);
  }

  private createOrchestrator(): Orchestrator {
    const { store, runs, clock, decisions, knowledge } = this.dependencies;
    return new Orchestrator({
      store,
      runs,
      connectors: this.settings.connectors,
      policy: this.settings.policy,
      ...(this.settings.redact ? { redact: this.settings.redact } : {}),
      ...(clock ? { clock } : {}),
      ...(decisions ? { decisions } : {}),
      ...(knowledge ? { knowledge } : {}),
    });
  }
}
