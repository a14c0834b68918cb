/** A connector for API tests: records every execution and undo, and fails where a test asks it to. */
import { type ActionType, actionTypeSchema, ExternalServiceError } from '../../core/index.js';
import type { Connector, StepInvocation } from '../../respond/index.js';

export interface RecordedCall {
  mode: 'execute' | 'undo';
  actionType: ActionType;
  target: string;
  idempotencyKey: string;
}

export interface RecordingConnector extends Connector {
  calls: RecordedCall[];
  /** Action types whose next executions fail (count per type). */
  failNext: Partial<Record<ActionType, number>>;
}

export function createRecordingConnector(name = 'test.recording'): RecordingConnector {
  const calls: RecordedCall[] = [];
  const failNext: Partial<Record<ActionType, number>> = {};
  const record = (mode: RecordedCall['mode'], step: StepInvocation) =>
    calls.push({ mode, actionType: step.actionType, target: step.target.value, idempotencyKey: step.idempotencyKey });
  return {
    name,
    actions: actionTypeSchema.options,
    calls,
    failNext,
    plan: (step) => ({ connector: name, summary: `record ${step.actionType} ${step.target.value}` }),
    execute: async (step) => {
      const failures = failNext[step.actionType] ?? 0;
      if (failures > 0) {
        failNext[step.actionType] = failures - 1;
        throw new ExternalServiceError(`the test firewall refused ${step.target.value}`);
      }
      record('execute', step);
      return { recorded: step.target.value };
    },
    undo: async (step) => {
      record('undo', step);
      return { undone: step.target.value };
    },
  };
}
