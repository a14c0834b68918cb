/** What a step's connector is called with: its parameters with the playbook's templates rendered against the run's state. */
import type { Run, RunStep } from '../../core/index.js';
import type { StepInvocation } from '../connectors/connector.js';
import type { Json } from '../playbooks/expression.js';
import { applyTemplates } from '../playbooks/expression.js';

/** The state a step's condition and templates read: its target and parameters, the incident, the run and every step. */
export function stepScope(run: Run, step: RunStep): Record<string, Json> {
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

export function stepInvocation(run: Run, step: RunStep): StepInvocation {
  const parameters = applyTemplates(step.parameters, step.templates, stepScope(run, step));
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
