/** A few plain lines about a run, for `vigil serve`'s terminal: what ran where, what did not run and why, what waits. */
import type { Run } from '../../core/index.js';
import { stepExecution } from './step-execution.js';

export function describeResponseRun(
  run: Run,
  connectorFor: (actionType: Run['steps'][number]['actionType']) => string | undefined,
): string {
  const lines = [`Response run ${run.id} (${run.status}), ${run.steps.length} step(s) under the policy:`];
  for (const step of run.steps) {
    const execution = stepExecution(step, connectorFor(step.actionType));
    const target = `${step.target.kind}:${step.target.value}`;
    const where = execution.executed ? ` via ${execution.connector}` : '';
    let detail = '';
    if (step.status === 'awaiting-approval')
      detail = ` — waits for ${step.decision.approvers} analyst(s)${execution.connector ? '' : '; no connector configured'}`;
    else if (step.status === 'failed' && !execution.executed) detail = ` — NOT executed: ${step.error}`;
    else if (step.error) detail = ` — ${step.error}`;
    lines.push(
      `  ${step.ref.padEnd(20)} ${step.actionType.padEnd(18)} ${(target.length > 44 ? `${target.slice(0, 43)}…` : target).padEnd(44)} ${step.status}${where}${detail}`,
    );
  }
  return lines.join('\n');
}
