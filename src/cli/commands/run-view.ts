/** How runs and approval requests are shown: stable JSON shapes and short human lines. */
import type { ApprovalRequest, Run } from '../../core/index.js';
import { type Output, paint } from '../output.js';

export const runJson = (run: Run) => ({
  id: run.id,
  incidentId: run.incidentId ?? null,
  playbook: run.playbook ?? null,
  status: run.status,
  requestedBy: run.requestedBy,
  createdAt: run.createdAt,
  updatedAt: run.updatedAt,
  steps: run.steps.map((step) => ({
    ref: step.ref,
    action: step.actionType,
    target: step.target,
    risk: step.risk,
    status: step.status,
    decision: step.decision,
    approvalRequestId: step.approvalRequestId ?? null,
    attempts: step.attempts,
    error: step.error ?? null,
    output: step.output ?? null,
  })),
});

const statusColour = (status: string) =>
  ['succeeded', 'compensated', 'rolled-back'].includes(status)
    ? 'green'
    : ['failed', 'interrupted', 'compensation-failed', 'rollback-failed'].includes(status)
      ? 'red'
      : 'yellow';

export function renderRun(run: Run, output: Output): string {
  const lines = [
    `run ${paint(output, 'bold', run.id)} ${paint(output, statusColour(run.status), run.status)}${run.incidentId ? ` (incident ${run.incidentId})` : ''}`,
  ];
  for (const step of run.steps) {
    const approval =
      step.status === 'awaiting-approval' && step.approvalRequestId
        ? ` → vigil approvals approve ${step.approvalRequestId}`
        : '';
    const why = step.status === 'refused' ? ` (${step.decision.reasons[0]})` : step.error ? ` (${step.error})` : '';
    lines.push(
      `  ${step.ref.padEnd(22)} ${step.actionType.padEnd(18)} ${`${step.target.kind}:${step.target.value}`.padEnd(34)} ${paint(output, statusColour(step.status), step.status)}${why}${approval}`,
    );
  }
  return lines.join('\n');
}

export const approvalJson = (request: ApprovalRequest) => ({
  id: request.id,
  status: request.status,
  runId: request.runId ?? null,
  step: request.stepRef ?? null,
  incidentId: request.incidentId ?? null,
  action: request.actionType,
  target: request.target,
  risk: request.risk,
  requiredApprovers: request.requiredApprovers,
  approvedBy: request.approvedBy,
  reasons: request.reasons,
  createdAt: request.createdAt,
  deadline: request.deadline,
  onTimeout: request.onTimeout,
  escalateTo: request.escalateTo ?? null,
  escalatedAt: request.escalatedAt ?? null,
});

export function renderApproval(request: ApprovalRequest, output: Output): string {
  const votes = `${request.approvedBy.length}/${request.requiredApprovers}`;
  return `${paint(output, 'bold', request.id)} ${request.status.padEnd(9)} ${request.actionType} ${request.target.kind}:${request.target.value} risk ${request.risk}, approvals ${votes}, deadline ${request.deadline}${request.escalatedAt ? `, escalated to ${request.escalateTo}` : ''}`;
}
