/**
 * The contract every connector implements. A connector carries out action types on real
 * systems (a firewall, a webhook, a ticketing platform, a script).
 *
 * Lifecycle: `plan` is pure and shows exactly what `execute` would run (dry-run). `execute`
 * must honour `signal` (the orchestrator aborts it on timeout or cancellation) and return a
 * small JSON output that `undo` receives later. Throw a VigilError with `retryable: true`
 * for transient failures: the orchestrator retries those with backoff and nothing else.
 * Secrets never appear in `plan`, in outputs or in error messages.
 */
import type { ActionType, RunStep } from '../../core/index.js';

export type StepInvocation = Pick<RunStep, 'ref' | 'actionType' | 'target' | 'parameters' | 'idempotencyKey'> & {
  runId: string;
  incidentId?: string | undefined;
};

/** One program run: its argv (never a shell string) and what it reads on stdin. */
export interface PlannedCommand {
  argv: readonly string[];
  input?: string;
}

/** What would run: commands or an HTTP request, described for a human. */
export interface PlannedOperation {
  connector: string;
  summary: string;
  commands?: readonly PlannedCommand[];
  request?: { method: string; url: string; headers?: Record<string, string>; body?: unknown };
  undo?: string;
}

export type StepOutput = Record<string, unknown>;

export interface Connector {
  /** `namespace.name`, e.g. `firewall.nftables`. */
  readonly name: string;
  readonly actions: readonly ActionType[];
  plan(step: StepInvocation): PlannedOperation;
  execute(step: StepInvocation, signal: AbortSignal): Promise<StepOutput>;
  /** Reverses a completed `execute`, given its output. Absent when the connector cannot undo. */
  undo?(step: StepInvocation, output: StepOutput, signal: AbortSignal): Promise<StepOutput>;
}

/** Connectors by action type, as a plain value; the first connector listing an action serves it. */
export type ConnectorRegistry = Readonly<Partial<Record<ActionType, Connector>>>;

export function createConnectorRegistry(connectors: readonly Connector[]): ConnectorRegistry {
  const registry: Partial<Record<ActionType, Connector>> = {};
  for (const connector of connectors) for (const action of connector.actions) registry[action] ??= connector;
  return registry;
}
