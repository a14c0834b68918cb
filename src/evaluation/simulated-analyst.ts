/**
 * The simulated analyst of the harness, deciding only from a scenario's truth: approves actions
 * that match `truth.actions` (any action not forbidden when the truth lists none), rejects the
 * rest; judges incidents true positive when they overlap the truth, benign in benign scenarios.
 */
import type { ActionType, Verdict } from '../core/index.js';
import type { Scenario, TruthAction } from './scenario-schema.js';

const lower = (text: string) => text.trim().toLowerCase();
const shortHost = (text: string) => lower(text).split('.')[0] ?? lower(text);
const bareUser = (text: string) => lower(text).split('\\').pop() ?? lower(text);

/** Whether an action (type and target value) is the one a truth entry names. */
export function matchesTruthAction(
  action: { type: ActionType; target: { value: string } },
  truth: TruthAction,
): boolean {
  if (action.type !== truth.type) return false;
  if (truth.target === undefined) return true;
  const value = lower(action.target.value);
  const wanted = lower(truth.target);
  return (
    value === wanted ||
    shortHost(value) === shortHost(wanted) ||
    bareUser(value) === bareUser(wanted) ||
    value.split(':').includes(wanted)
  );
}

export interface AnalystDecision {
  decision: 'approved' | 'rejected';
  reason: string;
}

export function analystDecision(
  scenario: Scenario,
  action: { type: ActionType; target: { value: string } },
): AnalystDecision {
  if (scenario.truth.forbidden_actions.some((truth) => matchesTruthAction(action, truth)))
    return { decision: 'rejected', reason: 'harmful here: the action is forbidden' };
  if (scenario.kind === 'benign') return { decision: 'rejected', reason: 'benign activity: no response needed' };
  const acceptable = scenario.truth.actions;
  if (acceptable === undefined) return { decision: 'approved', reason: 'acceptable response' };
  return acceptable.some((truth) => matchesTruthAction(action, truth))
    ? { decision: 'approved', reason: 'acceptable response' }
    : { decision: 'rejected', reason: 'not among the acceptable actions' };
}

/** Why an executed action is a false action, or undefined when it is not. */
export function falseActionReason(
  scenario: Scenario,
  action: { type: ActionType; target: { value: string } },
): string | undefined {
  if (scenario.truth.forbidden_actions.some((truth) => matchesTruthAction(action, truth))) return 'forbidden';
  if (scenario.kind === 'benign') return 'taken in a benign scenario';
  const acceptable = scenario.truth.actions;
  if (acceptable !== undefined && !acceptable.some((truth) => matchesTruthAction(action, truth)))
    return 'not acceptable';
  return undefined;
}

/** Parent technique (`T1003` of `T1003.001`). */
export const parentTechnique = (id: string): string => id.split('.')[0] ?? id;

export function analystVerdict(
  scenario: Scenario,
  incident: { techniques: readonly string[]; tactics: readonly string[]; hosts: readonly string[] },
): Verdict {
  if (scenario.kind === 'benign') return 'benign';
  const truth = scenario.truth;
  const parents = new Set(truth.techniques.map(parentTechnique));
  const hosts = new Set(truth.entities.hosts.map(shortHost));
  const overlaps =
    incident.techniques.some((id) => parents.has(parentTechnique(id))) ||
    incident.tactics.some((id) => truth.tactics.includes(id)) ||
    incident.hosts.some((host) => hosts.has(shortHost(host)));
  return overlaps || (truth.techniques.length === 0 && truth.tactics.length === 0) ? 'true-positive' : 'false-positive';
}
