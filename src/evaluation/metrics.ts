/**
 * The harness's metrics from scenario outcomes, per scenario and overall (micro-averaged over
 * attack scenarios): detection (tactic recall and precision, technique P/R/F1 exact and at parent
 * level), false-incident rate on benign scenarios, latency p50/p95, automation rate, false action
 * rate and knowledge reuse (with its growth along the sequence).
 */

import type { ScenarioOutcome } from './scenario-outcome.js';
import type { Scenario } from './scenario-schema.js';
import { parentTechnique } from './simulated-analyst.js';

export interface Counts {
  truePositives: number;
  falsePositives: number;
  falseNegatives: number;
}

export interface Scores extends Counts {
  precision: number | undefined;
  recall: number | undefined;
  f1: number | undefined;
}

export function scoresOf(counts: Counts): Scores {
  const { truePositives: tp, falsePositives: fp, falseNegatives: fn } = counts;
  const precision = tp + fp > 0 ? tp / (tp + fp) : undefined;
  const recall = tp + fn > 0 ? tp / (tp + fn) : undefined;
  const f1 =
    precision !== undefined && recall !== undefined && precision + recall > 0
      ? (2 * precision * recall) / (precision + recall)
      : undefined;
  return { ...counts, precision, recall, f1 };
}

export function compareSets(predicted: Iterable<string>, truth: Iterable<string>): Counts {
  const found = new Set(predicted);
  const wanted = new Set(truth);
  let truePositives = 0;
  for (const item of found) if (wanted.has(item)) truePositives += 1;
  return { truePositives, falsePositives: found.size - truePositives, falseNegatives: wanted.size - truePositives };
}

const add = (left: Counts, right: Counts): Counts => ({
  truePositives: left.truePositives + right.truePositives,
  falsePositives: left.falsePositives + right.falsePositives,
  falseNegatives: left.falseNegatives + right.falseNegatives,
});
const zero = (): Counts => ({ truePositives: 0, falsePositives: 0, falseNegatives: 0 });

export interface ScenarioMetrics {
  scenarioId: string;
  kind: 'attack' | 'benign';
  incidents: number;
  tactics: Scores;
  techniques: Scores;
  parentTechniques: Scores;
  proposed: number;
  automatic: number;
  executed: number;
  falseActions: number;
  latencyMs: number | undefined;
  reusingIncidents: number;
  error?: string;
}

export function scenarioMetrics(scenario: Scenario, outcome: ScenarioOutcome): ScenarioMetrics {
  const truth = scenario.truth;
  const executed = outcome.actions.filter((action) => action.executed);
  return {
    scenarioId: scenario.id,
    kind: scenario.kind,
    incidents: outcome.incidents,
    tactics: scoresOf(compareSets(outcome.tactics, truth.tactics)),
    techniques: scoresOf(compareSets(outcome.techniques, truth.techniques)),
    parentTechniques: scoresOf(
      compareSets(outcome.techniques.map(parentTechnique), truth.techniques.map(parentTechnique)),
    ),
    proposed: outcome.actions.length,
    automatic: outcome.actions.filter((action) => action.outcome === 'auto').length,
    executed: executed.length,
    falseActions: executed.filter((action) => action.falseReason !== undefined).length,
    latencyMs: outcome.latencyMs,
    reusingIncidents: outcome.reuse.incidents,
    ...(outcome.error ? { error: outcome.error } : {}),
  };
}

export function percentile(values: readonly number[], fraction: number): number | undefined {
  if (values.length === 0) return undefined;
  const sorted = [...values].sort((left, right) => left - right);
  const rank = Math.ceil(fraction * sorted.length) - 1;
  return sorted[Math.min(sorted.length - 1, Math.max(0, rank))];
}

export interface OverallMetrics {
  system: string;
  scenarios: { attack: number; benign: number; failed: number };
  /** Detection accuracy: the fraction of true tactics identified (micro), with precision beside it. */
  tactics: Scores;
  techniques: Scores;
  parentTechniques: Scores;
  /** Benign scenarios with at least one incident, over benign scenarios. */
  falseIncidentRate: number | undefined;
  incidentsPerBenignScenario: number | undefined;
  latencyMs: { p50: number | undefined; p95: number | undefined; samples: number };
  automationRate: number | undefined;
  falseActionRate: number | undefined;
  proposed: number;
  executed: number;
  incidents: number;
  /** Incidents citing knowledge from an earlier scenario, over all incidents. */
  knowledgeReuse: number | undefined;
  /** Cumulative knowledge reuse after each scenario, in order (the growth along the sequence). */
  knowledgeReuseCurve: number[];
}

const ratio = (part: number, whole: number) => (whole > 0 ? part / whole : undefined);

export function overallMetrics(system: string, rows: readonly ScenarioMetrics[]): OverallMetrics {
  const attack = rows.filter((row) => row.kind === 'attack' && !row.error);
  const benign = rows.filter((row) => row.kind === 'benign' && !row.error);
  const sum = (pick: (row: ScenarioMetrics) => Counts) => scoresOf(attack.map(pick).reduce(add, zero()));
  const latencies = rows.flatMap((row) => (row.latencyMs !== undefined ? [row.latencyMs] : []));
  const proposed = rows.reduce((total, row) => total + row.proposed, 0);
  const automatic = rows.reduce((total, row) => total + row.automatic, 0);
  const executed = rows.reduce((total, row) => total + row.executed, 0);
  const falseActions = rows.reduce((total, row) => total + row.falseActions, 0);
  let incidents = 0;
  let reusing = 0;
  const curve: number[] = [];
  for (const row of rows) {
    incidents += row.incidents;
    reusing += row.reusingIncidents;
    curve.push(incidents > 0 ? reusing / incidents : 0);
  }
  return {
    system,
    scenarios: { attack: attack.length, benign: benign.length, failed: rows.filter((row) => row.error).length },
    tactics: sum((row) => row.tactics),
    techniques: sum((row) => row.techniques),
    parentTechniques: sum((row) => row.parentTechniques),
    falseIncidentRate: ratio(benign.filter((row) => row.incidents > 0).length, benign.length),
    incidentsPerBenignScenario: ratio(
      benign.reduce((total, row) => total + row.incidents, 0),
      benign.length,
    ),
    latencyMs: { p50: percentile(latencies, 0.5), p95: percentile(latencies, 0.95), samples: latencies.length },
    automationRate: ratio(automatic, proposed),
    falseActionRate: ratio(falseActions, executed),
    proposed,
    executed,
    incidents,
    knowledgeReuse: ratio(reusing, incidents),
    knowledgeReuseCurve: curve,
  };
}
