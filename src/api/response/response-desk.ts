/**
 * The response service as `vigil serve` hosts it: the respond module's `ResponseService` (run
 * start-up, decisions, retry, scheduling), with its run and approval events published on the
 * live feed. The HTTP routes map requests to it and nothing else.
 */
import type { FastifyBaseLogger } from 'fastify';
import { type Run, type RunStep, terminalRunStatuses } from '../../core/index.js';
import { knowledgeDecisions } from '../../knowledge/index.js';
import { ResponseService, type ResponseSettings } from '../../respond/index.js';
import type { KnowledgeStore, RunStore, Store } from '../../store/index.js';
import type { LiveFeed } from '../live/live-feed.js';

export { planRunId, type ResponseSettings } from '../../respond/index.js';

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

type LiveEvent = 'run-updated' | 'run-finished' | 'approval-requested';

export class ResponseDesk extends ResponseService {
  constructor(private readonly hosting: ResponseDeskDependencies) {
    super({
      store: hosting.store,
      runs: hosting.runs,
      settings: hosting.settings,
      clock: hosting.clock,
      ...(hosting.knowledge ? { decisions: knowledgeDecisions(hosting.knowledge), knowledge: hosting.knowledge } : {}),
      events: {
        runChanged: (run) => this.publishRun(run),
        approvalRequested: (run, step) => this.publishApproval(run, step),
      },
      onError: (runId, error) => hosting.log?.error({ err: error, runId }, 'response run failed to advance'),
    });
  }

  /** The live feed run events are published on. */
  get live(): LiveFeed {
    return this.hosting.live;
  }

  private publishRun(run: Run): void {
    const data = { status: run.status, incidentId: run.incidentId ?? null };
    this.publish('run-updated', run.id, data);
    if (terminalRunStatuses.has(run.status)) this.publish('run-finished', run.id, data);
  }

  private publishApproval(run: Run, step: RunStep): void {
    this.publish('approval-requested', step.proposalId ?? step.approvalRequestId ?? step.ref, {
      incidentId: run.incidentId ?? null,
      runId: run.id,
      approvalRequestId: step.approvalRequestId ?? null,
    });
  }

  private publish(type: LiveEvent, subjectId: string, data: object): void {
    this.hosting.live.publish({
      type,
      subjectId,
      at: this.hosting.clock().toISOString(),
      data: data as Record<string, unknown>,
    });
  }
}
