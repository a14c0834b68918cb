/**
 * Which unfinished runs should be carried on now, for every deployment (the API's loop, the
 * respond worker's sweep): runs left pending or running (a process died, a retry was asked for)
 * and runs waiting for approvals that were decided.
 */
import type { ApprovalRequest, Run } from '../../core/index.js';

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
