/**
 * `vigil eval`: runs Vigil and the baselines over the same scenarios, in order. Vigil keeps one
 * knowledge store across the whole sequence (a fresh SQLite file in a temporary folder unless one
 * is given), so what it learns in one scenario is there for the next. A scenario that fails is
 * recorded with its error and the run goes on.
 */

import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { toVigilError } from '../core/index.js';
import type { InputLimits } from '../guard/index.js';
import { attackProcedures, type Knowledge } from '../pipeline/index.js';
import type { Reasoner } from '../reason/index.js';
import type { Policy } from '../respond/index.js';
import { openRetrievalStore, openStores } from '../store/index.js';
import type { ScenarioProblem, ScenarioSet } from './load-scenarios.js';
import { type OverallMetrics, overallMetrics, type ScenarioMetrics, scenarioMetrics } from './metrics.js';
import type { ScenarioOutcome } from './scenario-outcome.js';
import type { LoadedScenario } from './scenario-schema.js';
import { type BaselineName, runBaselineOnScenario } from './systems/baseline-system.js';
import { runVigilOnScenario } from './systems/vigil-system.js';

export type SystemName = 'vigil' | 'vigil-no-learning' | BaselineName;

export interface EvaluationOptions {
  /** Rules, ATT&CK and assets shared by every system (no intelligence: that comes per scenario). */
  knowledge: Knowledge;
  policy: Policy;
  systems: readonly SystemName[];
  /** Vigil's store for the run; default a fresh one in a temporary folder, removed afterwards. */
  database?: string;
  /** Told after each scenario of each system (progress). */
  onOutcome?: (outcome: ScenarioOutcome) => void;
  /** The reasoner Vigil runs with (an LLM reasoner, say); default the built-in one. */
  reasoner?: Reasoner;
  /** Quotas of each scenario's log and intelligence inputs (`--max-…` flags), for every system. */
  limits?: Partial<InputLimits>;
}

export interface SystemResult {
  system: SystemName;
  overall: OverallMetrics;
  scenarios: ScenarioMetrics[];
  outcomes: ScenarioOutcome[];
}

export interface EvaluationReport {
  generatedAt: string;
  scenarios: { id: string; kind: 'attack' | 'benign'; description: string; campaign?: string }[];
  problems: ScenarioProblem[];
  systems: SystemResult[];
}

function failed(loaded: LoadedScenario, system: string, error: unknown): ScenarioOutcome {
  return {
    scenarioId: loaded.scenario.id,
    kind: loaded.scenario.kind,
    system,
    events: 0,
    alerts: 0,
    suppressed: 0,
    incidents: 0,
    techniques: [],
    tactics: [],
    actions: [],
    reuse: { incidents: 0, sources: [] },
    error: toVigilError(error).describe(),
  };
}

async function runVigil(set: ScenarioSet, options: EvaluationOptions, learn: boolean): Promise<ScenarioOutcome[]> {
  const folder = options.database ? undefined : mkdtempSync(join(tmpdir(), 'vigil-eval-'));
  const database = options.database ?? join(folder!, learn ? 'vigil.db' : 'vigil-no-learning.db');
  const stores = await openStores(database);
  const incidentOrigins = new Map<string, string>();
  // Read the ATT&CK procedure examples once for the whole sequence, not once per scenario.
  const procedures = await attackProcedures(options.knowledge);
  // One retrieval index for the sequence: CTI is indexed once, each scenario's incidents are added.
  const retrieval = await openRetrievalStore(':memory:');
  const outcomes: ScenarioOutcome[] = [];
  try {
    for (const loaded of set.scenarios) {
      let outcome: ScenarioOutcome;
      try {
        outcome = await runVigilOnScenario(
          {
            stores,
            knowledge: options.knowledge,
            policy: options.policy,
            incidentOrigins,
            learn,
            procedures,
            retrieval,
            ...(options.limits ? { limits: options.limits } : {}),
          },
          loaded,
        );
      } catch (error) {
        outcome = failed(loaded, learn ? 'vigil' : 'vigil-no-learning', error);
      }
      outcomes.push(outcome);
      options.onOutcome?.(outcome);
    }
  } finally {
    await retrieval.close();
    await stores.close();
    if (folder) rmSync(folder, { recursive: true, force: true });
  }
  return outcomes;
}

async function runBaseline(
  name: BaselineName,
  set: ScenarioSet,
  options: EvaluationOptions,
): Promise<ScenarioOutcome[]> {
  const outcomes: ScenarioOutcome[] = [];
  const context = {
    rules: options.knowledge.rules,
    attack: options.knowledge.attack,
    policy: options.policy,
    ...(options.limits ? { limits: options.limits } : {}),
  };
  for (const loaded of set.scenarios) {
    let outcome: ScenarioOutcome;
    try {
      outcome = await runBaselineOnScenario(name, context, loaded);
    } catch (error) {
      outcome = failed(loaded, name, error);
    }
    outcomes.push(outcome);
    options.onOutcome?.(outcome);
  }
  return outcomes;
}

export async function runEvaluation(set: ScenarioSet, options: EvaluationOptions): Promise<EvaluationReport> {
  const systems: SystemResult[] = [];
  for (const system of options.systems) {
    const outcomes =
      system === 'vigil' || system === 'vigil-no-learning'
        ? await runVigil(set, options, system === 'vigil')
        : await runBaseline(system, set, options);
    const rows = outcomes.map((outcome, index) => scenarioMetrics(set.scenarios[index]!.scenario, outcome));
    systems.push({ system, overall: overallMetrics(system, rows), scenarios: rows, outcomes });
  }
  return {
    generatedAt: new Date().toISOString(),
    scenarios: set.scenarios.map(({ scenario }) => ({
      id: scenario.id,
      kind: scenario.kind,
      description: scenario.description,
      ...(scenario.campaign ? { campaign: scenario.campaign } : {}),
    })),
    problems: set.problems,
    systems,
  };
}
