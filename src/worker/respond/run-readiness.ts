/**
 * Which unfinished runs a respond worker should carry on now: runs left pending or running
 * (a worker died, a retry was asked for) and runs waiting for approvals that were decided.
 * The sweep enqueues these; the queue's jobs from approvals cover the usual case at once.
 */
import type { ApprovalRequest, Run } from '../../core/index.js';

export const unfinishedRunStatuses: readonly Run['status'][] = ['pending', 'running', 'awaiting-approval'];

export function runIsReady(run: Run, requests: ReadonlyMap<string, ApprovalRequest>): boolean {
  if (run.status === 'pending' || run.status === 'running') return true;
  if (run.status !== 'awaiting-approval') return false;
  return run.steps.some(
    (step) =>
      step.status === 'pending' ||
      (step.status === 'awaiting-approval' &&
        step.approvalRequestId !== undefined &&
        requests.get(step.approvalRequestId) !== undefined &&
        requests.get(step.approvalRequestId)?.status !== 'pending'),
  );
}
