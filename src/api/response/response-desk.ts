/**
 * The response desk of `vigil serve`: the orchestrator of the respond module driven from the
 * API. It starts a run for an incident's plan (the policy decides each step: automatic,
 * approval or refused), records analysts' decisions through the approval queue, and carries
 * runs on in the background as soon as their approvals are complete.
 */
import { createHash } from 'node:crypto';
import type { FastifyBaseLogger } from 'fastify';
import {
  type ApprovalRequest,
  type Run,
  type RunStep,
  terminalRunStatuses,
  unfinishedRunStatuses,
  VigilError,
} from '../../core/index.js';
import { knowledgeDecisions } from '../../knowledge/index.js';
import {
  type ApprovalSources,
  type ConnectorRegistry,
  draftsForIncident,
  Orchestrator,
  type Policy,
  type PolicyAsset,
  requesterOf,
  runIsReady,
} from '../../respond/index.js';
import type { KnowledgeStore, RunStore, Store } from '../../store/index.js';
import type { LiveFeed } from '../live/live-feed.js';
import { RunScheduler } from './run-scheduler.js';

export interface ResponseSettings {
  policy: Policy;
  connectors: ConnectorRegistry;
  /** Asset inventory: criticality and roles the policy protects. */
  assets?: readonly PolicyAsset[];
  /** Removes secrets from step outputs and errors (the connectors' secrets). */
  redact?: <T>(value: T) => T;
}

export interface ResponseDeskDependencies {
  store: Store;
  runs: RunStore;
  settings: ResponseSettings;
  live: LiveFeed;
  clock: () => Date;
  log?: Pick<FastifyBaseLogger, 'error' | 'warn'>;
  /** With it, steps are decided by the learned policy decision (`knowledgeDecisions`), as everywhere. */
  knowledge?: KnowledgeStore;
}

/** The one run that carries out an incident's own plan (playbook runs started elsewhere have other ids). */
export const planRunId = (incidentId: string): string =>
  `run-${createHash('sha256').update(incidentId).digest('hex').slice(0, 12)}`;

export class ResponseDesk {
  private current: Orchestrator;
  private settings: ResponseSettings;
  readonly scheduler: RunScheduler;

  constructor(private readonly dependencies: ResponseDeskDependencies) {
    this.settings = dependencies.settings;
    this.current = this.createOrchestrator();
    this.scheduler = new RunScheduler({
      onSettled: (run) => this.publishRun(run),
      onError: (runId, error) => dependencies.log?.error({ err: error, runId }, 'response run failed to advance'),
    });
  }

  get orchestrator(): Orchestrator {
    return this.current;
  }

  /** The live feed run events are published on. */
  get live(): LiveFeed {
    return this.dependencies.live;
  }

  get policy(): Policy {
    return this.settings.policy;
  }

  /** The server's clock (decisions and sweeps use it, so tests can fix time). */
  now(): Date {
    return this.dependencies.clock();
  }

  get connectors(): ConnectorRegistry {
    return this.settings.connectors;
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

  /** The incident's plan run, started (policy decisions made, approvals requested) when it does not exist yet. */
  async ensurePlanRun(incidentId: string): Promise<Run> {
    const id = planRunId(incidentId);
    const existing = await this.dependencies.runs.getRun(id);
    if (existing) return existing;
    const input = await draftsForIncident(this.dependencies.store, incidentId);
    const run = await this.current.start({
      id,
      incidentId,
      drafts: input.drafts,
      requestedBy: await requesterOf(this.dependencies.store, incidentId),
      policyContext: { confidence: input.confidence, assets: this.settings.assets ?? [] },
    });
    this.publishRun(run);
    for (const step of run.steps) {
      if (step.status !== 'awaiting-approval') continue;
      this.publish('approval-requested', step.proposalId ?? step.approvalRequestId ?? step.ref, {
        incidentId,
        runId: run.id,
        approvalRequestId: step.approvalRequestId ?? null,
      });
    }
    return run;
  }

  /** What the respond module's `decideApproval` reads and writes. */
  approvalSources(): ApprovalSources {
    return { approvals: this.current.approvals, store: this.dependencies.store, runs: this.dependencies.runs };
  }

  /** Carries the run on in the background (automatic steps, approved steps); resolves when that is done. */
  advance(runId: string): Promise<Run | undefined> {
    return this.scheduler.enqueue(runId, () => this.current.advance(runId));
  }

  /** Resumes a run in the background; failed and interrupted steps (and those skipped because of them) are tried again. */
  async retry(runId: string, actor: string): Promise<Run> {
    const run = await this.current.retry(runId, actor);
    void this.advance(runId);
    return run;
  }

  async cancel(runId: string, actor: string, reason: string): Promise<Run> {
    const run = await this.current.cancel(runId, actor, reason);
    this.publishRun(run);
    return run;
  }

  /** Queued behind any work on the run, so it never races a step that is running. */
  async rollback(runId: string, actor: string, reason: string): Promise<Run> {
    await this.current.load(runId);
    const run = await this.scheduler.enqueue(runId, () => this.current.rollback(runId, actor, reason));
    if (!run) throw new VigilError('conflict', `run ${runId} could not be rolled back now; see the server log`);
    return run;
  }

  /** Approval requests decided since their step last looked, or runs left mid-way: carried on now. */
  async resumeReadyRuns(): Promise<number> {
    const { runs } = this.dependencies;
    const unfinished = await runs.listRuns({ statuses: unfinishedRunStatuses, limit: 500 });
    if (unfinished.length === 0) return 0;
    const requests = new Map<string, ApprovalRequest>(
      (await runs.listApprovalRequests({ limit: 10_000 })).map((request) => [request.id, request]),
    );
    let resumed = 0;
    for (const run of unfinished) {
      if (this.scheduler.busy(run.id) || !runIsReady(run, requests)) continue;
      void this.advance(run.id);
      resumed += 1;
    }
    return resumed;
  }

  /** Starts plan runs for open incidents that have a plan and no run yet. */
  async startNewPlanRuns(): Promise<number> {
    let started = 0;
    for (const incident of await this.dependencies.store.listIncidents({ limit: 200 })) {
      if (incident.status !== 'new' && incident.status !== 'investigating') continue;
      if (await this.dependencies.runs.getRun(planRunId(incident.id))) continue;
      if ((await this.dependencies.store.listProposals(incident.id)).length === 0) continue;
      const run = await this.ensurePlanRun(incident.id);
      void this.advance(run.id);
      started += 1;
    }
    return started;
  }

  /** One pass of the loop: time out and escalate approvals, start new plan runs, carry ready runs on. */
  async tick(options: { startRuns: boolean }): Promise<void> {
    await this.current.approvals.sweep(this.dependencies.clock());
    if (options.startRuns) await this.startNewPlanRuns();
    await this.resumeReadyRuns();
  }

  private publishRun(run: Run): void {
    const data = { status: run.status, incidentId: run.incidentId ?? null };
    this.publish('run-updated', run.id, data);
    if (terminalRunStatuses.has(run.status)) this.publish('run-finished', run.id, data);
  }

  private publish(type: 'run-updated' | 'run-finished' | 'approval-requested', subjectId: string, data: object) {
    this.dependencies.live.publish({
      type,
      subjectId,
      at: this.dependencies.clock().toISOString(),
      data: data as Record<string, unknown>,
    });
  }

  private createOrchestrator(): Orchestrator {
    return new Orchestrator({
      store: this.dependencies.store,
      runs: this.dependencies.runs,
      connectors: this.settings.connectors,
      policy: this.settings.policy,
      ...(this.settings.redact ? { redact: this.settings.redact } : {}),
      clock: this.dependencies.clock,
      ...(this.dependencies.knowledge
        ? { decisions: knowledgeDecisions(this.dependencies.knowledge), knowledge: this.dependencies.knowledge }
        : {}),
    });
  }
}
