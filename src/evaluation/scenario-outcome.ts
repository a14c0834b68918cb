/** What one system did on one scenario: the raw material of every metric. */
import type { ActionType, PolicyOutcome } from '../core/index.js';

export interface EvaluatedAction {
  type: ActionType;
  target: { kind: string; value: string };
  /** The policy's decision. */
  outcome: PolicyOutcome;
  /** The simulated analyst's decision, for actions that waited for one or ran and were reviewed. */
  analyst?: 'approved' | 'rejected';
  /** Ran: automatically, or after an analyst approved it. */
  executed: boolean;
  /** Why an executed action counts as false (forbidden, not acceptable, benign scenario). */
  falseReason?: string;
}

export interface ScenarioOutcome {
  scenarioId: string;
  kind: 'attack' | 'benign';
  system: string;
  events: number;
  alerts: number;
  /** Alerts dropped by learned suppressions. */
  suppressed: number;
  incidents: number;
  /** Techniques and tactics (TA ids) the system identified across its incidents. */
  techniques: string[];
  tactics: string[];
  actions: EvaluatedAction[];
  /** Milliseconds from the last event's ingest to the final plan; absent when nothing was planned. */
  latencyMs?: number;
  /** Incidents whose reasoning cited knowledge an earlier scenario created, and what kind. */
  reuse: { incidents: number; sources: string[] };
  /** When the scenario could not be run, why (the rest of the run continues). */
  error?: string;
}
