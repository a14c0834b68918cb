/**
 * The approval queue: a request stays pending until enough distinct analysts approve, one
 * rejects, it is withdrawn, or its deadline passes (deny unless the policy says otherwise).
 * Every analyst decision is stored as an Approval, as Feedback and in the audit chain.
 */
import { createHash, randomUUID } from 'node:crypto';
import {
  type ApprovalRequest,
  NotFoundError,
  type PolicyDecision,
  type RunStep,
  UsageError,
  VigilError,
} from '../../core/index.js';
import type { KnowledgeStore, RunStore, Store } from '../../store/index.js';
import type { TrackRecord } from '../policy/decide.js';
import type { Policy } from '../policy/policy-schema.js';

export interface ApprovalQueueDependencies {
  store: Store;
  runs: RunStore;
  /** Told when a request is escalated (to notify the person it is escalated to). */
  onEscalate?: (request: ApprovalRequest) => Promise<void>;
  /** Where analysts' decisions are kept for learning (track records of the learned policy decision). */
  knowledge?: KnowledgeStore;
}

export interface AnalystDecision {
  analyst: string;
  reason?: string | undefined;
  now?: Date;
}

export const approvalRequestId = (runId: string, stepRef: string): string =>
  `apr-${createHash('sha256').update(`${runId}|${stepRef}`).digest('hex').slice(0, 12)}`;

const conflict = (message: string, id: string) => new VigilError('conflict', message, { location: { objectId: id } });

export class ApprovalQueue {
  constructor(private readonly dependencies: ApprovalQueueDependencies) {}

  /** Opens (or returns the already open) request for a run step that the policy sent to approval. */
  async request(input: {
    runId: string;
    incidentId?: string | undefined;
    step: Pick<RunStep, 'ref' | 'actionType' | 'target' | 'risk' | 'proposalId'>;
    decision: PolicyDecision;
    policy: Policy;
    actor: string;
    now?: Date;
  }): Promise<ApprovalRequest> {
    const id = approvalRequestId(input.runId, input.step.ref);
    const existing = await this.dependencies.runs.getApprovalRequest(id);
    if (existing) return existing;
    const now = input.now ?? new Date();
    const settings = input.policy.approval;
    const request: ApprovalRequest = {
      id,
      runId: input.runId,
      stepRef: input.step.ref,
      ...(input.step.proposalId ? { proposalId: input.step.proposalId } : {}),
      ...(input.incidentId ? { incidentId: input.incidentId } : {}),
      actionType: input.step.actionType,
      target: input.step.target,
      risk: input.step.risk,
      status: 'pending',
      requiredApprovers: Math.max(1, input.decision.approvers),
      approvedBy: [],
      reasons: input.decision.reasons,
      createdAt: now.toISOString(),
      deadline: new Date(now.getTime() + settings.timeout).toISOString(),
      onTimeout: settings.onTimeout,
      ...(settings.escalateAfter !== undefined
        ? { escalateAt: new Date(now.getTime() + settings.escalateAfter).toISOString() }
        : {}),
      ...(settings.escalateTo ? { escalateTo: settings.escalateTo } : {}),
    };
    await this.dependencies.runs.saveApprovalRequest(request);
    await this.audit(input.actor, 'approval-requested', request, {
      requiredApprovers: request.requiredApprovers,
      reasons: request.reasons,
      deadline: request.deadline,
    });
    return request;
  }

  async get(id: string): Promise<ApprovalRequest> {
    const request = await this.dependencies.runs.getApprovalRequest(id);
    if (!request) throw new NotFoundError(`no approval request ${id}`, { location: { objectId: id } });
    return request;
  }

  list(statuses?: readonly ApprovalRequest['status'][]): Promise<ApprovalRequest[]> {
    return this.dependencies.runs.listApprovalRequests(statuses ? { statuses } : {});
  }

  async approve(id: string, decision: AnalystDecision): Promise<ApprovalRequest> {
    const request = await this.pendingRequest(id, decision);
    if (request.approvedBy.some((analyst) => analyst.toLowerCase() === decision.analyst.toLowerCase())) {
      throw conflict(`${decision.analyst} already approved ${id}; it needs a different analyst`, id);
    }
    const now = decision.now ?? new Date();
    await this.recordDecision(request, 'approved', decision, now);
    const approvedBy = [...request.approvedBy, decision.analyst];
    const granted = approvedBy.length >= request.requiredApprovers;
    const updated: ApprovalRequest = {
      ...request,
      approvedBy,
      ...(granted ? { status: 'approved', decidedAt: now.toISOString() } : {}),
    };
    await this.dependencies.runs.saveApprovalRequest(updated);
    if (granted) await this.audit(decision.analyst, 'approval-granted', updated, { approvedBy });
    return updated;
  }

  async reject(id: string, decision: AnalystDecision): Promise<ApprovalRequest> {
    const request = await this.pendingRequest(id, decision);
    const now = decision.now ?? new Date();
    await this.recordDecision(request, 'rejected', decision, now);
    const updated: ApprovalRequest = { ...request, status: 'rejected', decidedAt: now.toISOString() };
    await this.dependencies.runs.saveApprovalRequest(updated);
    return updated;
  }

  /** Withdraws a pending or approved request (the run is cancelled or rolled back). */
  async withdraw(id: string, actor: string, reason: string): Promise<ApprovalRequest> {
    const request = await this.get(id);
    if (request.status !== 'pending' && request.status !== 'approved') return request;
    const updated: ApprovalRequest = { ...request, status: 'withdrawn', decidedAt: new Date().toISOString() };
    await this.dependencies.runs.saveApprovalRequest(updated);
    await this.audit(actor, 'approval-withdrawn', updated, { reason });
    return updated;
  }

  /** Times out overdue requests (per their `onTimeout`) and escalates those past their escalation time. */
  async sweep(
    now = new Date(),
    actor = 'vigil',
  ): Promise<{ timedOut: ApprovalRequest[]; escalated: ApprovalRequest[] }> {
    const timedOut: ApprovalRequest[] = [];
    const escalated: ApprovalRequest[] = [];
    for (const request of await this.list(['pending'])) {
      if (now.getTime() >= Date.parse(request.deadline)) {
        const updated: ApprovalRequest = {
          ...request,
          status: request.onTimeout === 'approve' ? 'approved' : 'timed-out',
          decidedAt: now.toISOString(),
        };
        await this.dependencies.runs.saveApprovalRequest(updated);
        await this.audit(actor, 'approval-timed-out', updated, {
          onTimeout: request.onTimeout,
          deadline: request.deadline,
        });
        timedOut.push(updated);
      } else if (request.escalateAt && !request.escalatedAt && now.getTime() >= Date.parse(request.escalateAt)) {
        const updated: ApprovalRequest = { ...request, escalatedAt: now.toISOString() };
        await this.dependencies.runs.saveApprovalRequest(updated);
        await this.audit(actor, 'approval-escalated', updated, { escalateTo: request.escalateTo ?? null });
        await this.dependencies.onEscalate?.(updated);
        escalated.push(updated);
      }
    }
    return { timedOut, escalated };
  }

  /** Analysts' past decisions per action type: the policy's track record. */
  async trackRecord(): Promise<Partial<Record<ApprovalRequest['actionType'], TrackRecord>>> {
    const record: Partial<Record<ApprovalRequest['actionType'], TrackRecord>> = {};
    for (const request of await this.list(['approved', 'rejected'])) {
      if (request.status === 'approved' && request.approvedBy.length === 0) continue; // approved by timeout, not by an analyst
      const entry = record[request.actionType] ?? { approved: 0, rejected: 0 };
      record[request.actionType] = entry;
      entry[request.status === 'approved' ? 'approved' : 'rejected'] += 1;
    }
    return record;
  }

  private async pendingRequest(id: string, decision: AnalystDecision): Promise<ApprovalRequest> {
    if (!decision.analyst.trim()) throw new UsageError('an analyst name is required (--as USER)');
    await this.sweep(decision.now ?? new Date());
    const request = await this.get(id);
    if (request.status !== 'pending') throw conflict(`approval request ${id} is ${request.status}, not pending`, id);
    return request;
  }

  private async recordDecision(
    request: ApprovalRequest,
    outcome: 'approved' | 'rejected',
    decision: AnalystDecision,
    now: Date,
  ): Promise<void> {
    const decidedAt = now.toISOString();
    const reason = decision.reason ? { reason: decision.reason } : {};
    await this.dependencies.store.recordApproval({
      id: `approval-${randomUUID()}`,
      proposalId: request.proposalId ?? request.id,
      decision: outcome,
      decidedBy: decision.analyst,
      decidedAt,
      ...reason,
    });
    await this.dependencies.store.recordFeedback({
      id: `feedback-${randomUUID()}`,
      incidentId: request.incidentId ?? request.runId ?? request.id,
      proposalId: request.proposalId ?? request.id,
      actionFeedback: outcome,
      ...(decision.reason ? { comment: decision.reason } : {}),
      author: decision.analyst,
      createdAt: decidedAt,
    });
    await this.dependencies.knowledge?.recordDecision({
      id: `decision-${randomUUID()}`,
      incidentId: request.incidentId ?? request.runId ?? request.id,
      proposalId: request.proposalId ?? request.id,
      actionType: request.actionType,
      target: request.target,
      decision: outcome,
      ...(decision.reason ? { reason: decision.reason } : {}),
      author: decision.analyst,
      decidedAt,
    });
    await this.audit(decision.analyst, outcome === 'approved' ? 'action-approved' : 'action-rejected', request, {
      ...reason,
      actionType: request.actionType,
      target: request.target,
    });
  }

  private async audit(
    actor: string,
    action: string,
    request: ApprovalRequest,
    details: Record<string, unknown>,
  ): Promise<void> {
    await this.dependencies.store.appendAudit({
      actor,
      action,
      subject: { kind: 'approval-request', id: request.id },
      details: { runId: request.runId ?? null, stepRef: request.stepRef ?? null, ...details },
    });
  }
}
