/**
 * The baselines on one scenario, on the same events and rules as Vigil: `rule-only` (each Sigma
 * alert its own case with one fixed action; no correlation, no threat intelligence, no learning)
 * and `static-soar` (Sigma and intelligence alerts, each its own case; TI-matched alerts run a
 * fixed playbook; no reasoning, no learning). Their proposals go through the same policy, with
 * the rule's level as confidence and no track record, and the same simulated analyst.
 */

import type { ActionProposal, Alert, Event } from '../../core/index.js';
import { type AttackCatalog, createDetector, type RuleSet } from '../../detect/index.js';
import type { InputLimits } from '../../guard/index.js';
import { readEvents } from '../../ingest/index.js';
import { IndicatorIndex, importIntel, matchesToAlert } from '../../intel/index.js';
import { actionCatalogue, decide, isReversible, type Policy } from '../../respond/index.js';
import type { EvaluatedAction, ScenarioOutcome } from '../scenario-outcome.js';
import type { LoadedScenario } from '../scenario-schema.js';
import { analystDecision, falseActionReason } from '../simulated-analyst.js';
import { baselineConfidence, type FixedAction, ruleOnlyAction, staticSoarPlaybook } from './baseline-playbooks.js';
import { forcedFormat } from './shared-format.js';
import { tacticIdOf } from './vigil-system.js';

export type BaselineName = 'rule-only' | 'static-soar';
export const baselineNames: readonly BaselineName[] = ['rule-only', 'static-soar'];

export interface BaselineContext {
  rules: RuleSet;
  attack: AttackCatalog | undefined;
  policy: Policy;
  limits?: Partial<InputLimits>;
}

/** Events kept per alert for choosing targets: the first few only, so memory stays bounded. */
const eventsPerAlert = 3;

function proposalOf(alert: Alert, action: FixedAction, index: number): ActionProposal {
  const spec = actionCatalogue[action.type];
  return {
    id: `${alert.id}-${index}`,
    incidentId: alert.id,
    actionType: action.type,
    target: action.target,
    parameters: {},
    risk: spec.risk,
    reversible: isReversible(spec),
    rationale: `fixed response to ${alert.ruleTitle}`,
    evidence: [{ kind: 'alert', id: alert.id }],
  };
}

function intelMatchOf(alert: Alert): { type: 'ip' | 'domain' | 'other'; value: string } | undefined {
  if (!alert.match) return undefined;
  const value = alert.match.value;
  if (/^[\d.]+$/.test(value) || value.includes(':')) return { type: 'ip', value };
  if (/^([a-z0-9-]+\.)+[a-z]{2,}$/i.test(value)) return { type: 'domain', value };
  return { type: 'other', value };
}

export async function runBaselineOnScenario(
  name: BaselineName,
  context: BaselineContext,
  loaded: LoadedScenario,
): Promise<ScenarioOutcome> {
  const { scenario } = loaded;
  const detector = createDetector(context.rules, context.attack ? { attack: context.attack } : {});
  const indicators = new IndicatorIndex();
  if (name === 'static-soar' && loaded.intelPaths.length > 0)
    indicators.add((await importIntel(loaded.intelPaths, context.limits ? { limits: context.limits } : {})).indicators);
  const alerts: Alert[] = [];
  const eventsOfAlert = new Map<string, Event[]>();
  const keep = (found: readonly Alert[], event: Event | undefined) => {
    for (const alert of found) {
      alerts.push(alert);
      if (event) eventsOfAlert.set(alert.id, [...(eventsOfAlert.get(alert.id) ?? []), event].slice(0, eventsPerAlert));
    }
  };
  let events = 0;
  let lastIngest = performance.now();
  const format = forcedFormat(loaded);
  for await (const batch of readEvents(
    loaded.logPaths.map((entry) => entry.path),
    { ...(format ? { format } : {}), ...(context.limits ? { limits: context.limits } : {}) },
  )) {
    for (const event of batch.events) {
      events += 1;
      keep(detector.process(event), event);
      if (indicators.size > 0) {
        const found = indicators.match(event);
        if (found.length > 0) keep([matchesToAlert(event, found, context.attack)], event);
      }
    }
    lastIngest = performance.now();
  }
  keep(detector.flush(), undefined);
  const unique = [...new Map(alerts.map((alert) => [alert.id, alert])).values()];
  const planned = unique.map((alert) => {
    const related = eventsOfAlert.get(alert.id) ?? [];
    const fixed =
      name === 'rule-only' ? [ruleOnlyAction(alert, related)] : staticSoarPlaybook(alert, related, intelMatchOf(alert));
    return fixed.map((action, index) => {
      const proposal = proposalOf(alert, action, index);
      return {
        action,
        decision: decide(proposal, context.policy, { confidence: baselineConfidence(alert), now: new Date() }),
      };
    });
  });
  const latencyMs = unique.length > 0 ? performance.now() - lastIngest : undefined;
  const actions: EvaluatedAction[] = planned.flat().map(({ action, decision }) => {
    const review = analystDecision(scenario, action);
    const executed = decision.outcome === 'auto' || (decision.outcome === 'approval' && review.decision === 'approved');
    const falseReason = executed ? falseActionReason(scenario, action) : undefined;
    return {
      ...action,
      outcome: decision.outcome,
      ...(decision.outcome === 'approval' ? { analyst: review.decision } : {}),
      executed,
      ...(falseReason ? { falseReason } : {}),
    };
  });
  const techniques = new Set(unique.flatMap((alert) => alert.techniques));
  const tactics = new Set(unique.flatMap((alert) => alert.tactics.flatMap((tactic) => tacticIdOf(tactic) ?? [])));
  return {
    scenarioId: scenario.id,
    kind: scenario.kind,
    system: name,
    events,
    alerts: unique.length,
    suppressed: 0,
    incidents: unique.length,
    techniques: [...techniques].sort(),
    tactics: [...tactics].sort(),
    actions,
    ...(latencyMs !== undefined ? { latencyMs } : {}),
    reuse: { incidents: 0, sources: [] },
  };
}
