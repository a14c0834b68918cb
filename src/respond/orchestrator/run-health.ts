import type { Run, RunStep } from '../../core/index.js';

const failedSteps = new Set<RunStep['status']>(['failed', 'interrupted', 'compensation-failed']);
const failedRuns = new Set<Run['status']>(['failed', 'rollback-failed']);

/** Whether a run failed, or holds a failed step even while it waits for approvals: nothing is stuck silently. */
export const runHasFailures = (run: Run): boolean =>
  failedRuns.has(run.status) || run.steps.some((step) => failedSteps.has(step.status));
