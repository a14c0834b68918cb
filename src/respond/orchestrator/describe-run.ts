/** Dry-run: exactly what a run would do — each step's policy decision and the command or request it would send. */
import type { PolicyDecision, RunStep } from '../../core/index.js';
import type { ConnectorRegistry, PlannedOperation } from '../connectors/connector.js';
import { applyTemplates } from '../playbooks/expression.js';
import type { PolicyContext } from '../policy/decide.js';
import type { Policy } from '../policy/policy-schema.js';
import { buildStep, type StepDraft } from './build-steps.js';

export interface PlannedStep {
  ref: string;
  action: RunStep['actionType'];
  target: RunStep['target'];
  risk: RunStep['risk'];
  decision: PolicyDecision;
  dependsOn: string[];
  condition?: string;
  /** Undefined when no connector is configured for the action. */
  operation?: PlannedOperation;
  note?: string;
}

export function describeRun(
  drafts: readonly StepDraft[],
  policy: Policy,
  context: PolicyContext,
  connectors: ConnectorRegistry,
  incidentId?: string,
): PlannedStep[] {
  const runId = 'dry-run';
  return drafts.map((draft) => {
    const step = buildStep(runId, incidentId, draft, policy, context);
    const connector = connectors[step.actionType];
    const parameters = applyTemplates(step.parameters, step.templates, {
      target: step.target,
      parameters: null,
      incident: { id: incidentId ?? null },
      steps: {},
    });
    const planned: PlannedStep = {
      ref: step.ref,
      action: step.actionType,
      target: step.target,
      risk: step.risk,
      decision: step.decision,
      dependsOn: step.dependsOn,
      ...(step.condition ? { condition: step.condition } : {}),
    };
    if (!connector) return { ...planned, note: `no connector is configured for ${step.actionType}` };
    const operation = connector.plan({
      runId,
      incidentId,
      ref: step.ref,
      actionType: step.actionType,
      target: step.target,
      parameters,
      idempotencyKey: step.idempotencyKey,
    });
    return { ...planned, operation };
  });
}
