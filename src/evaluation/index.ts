/** @module evaluation: the scenario harness (`vigil eval`), its baselines, metrics and reports, and the scenario builder. */
export { type BuildScenariosOptions, type BuiltCorpus, buildScenarios } from './build/build-scenarios.js';
export { type OtrfDataset, readOtrfIndex } from './build/otrf-scenarios.js';
export {
  campaignFirstContact,
  campaignOf,
  campaignReturn,
  officeDay,
  partnerFeed,
} from './build/synthetic-scenarios.js';
export { type ScenarioFiles, writeScenario } from './build/write-scenario.js';
export { loadScenario, loadScenarios, type ScenarioProblem, type ScenarioSet } from './load-scenarios.js';
export {
  compareSets,
  type OverallMetrics,
  overallMetrics,
  percentile,
  type ScenarioMetrics,
  type Scores,
  scenarioMetrics,
  scoresOf,
} from './metrics.js';
export { htmlReport } from './report/html-report.js';
export { markdownReport } from './report/markdown-report.js';
export {
  type EvaluationOptions,
  type EvaluationReport,
  runEvaluation,
  type SystemName,
  type SystemResult,
} from './run-evaluation.js';
export type { EvaluatedAction, ScenarioOutcome } from './scenario-outcome.js';
export {
  type LoadedScenario,
  type Scenario,
  scenarioSchema,
  type TruthAction,
  truthActionSchema,
} from './scenario-schema.js';
export {
  analystDecision,
  analystVerdict,
  falseActionReason,
  matchesTruthAction,
  parentTechnique,
} from './simulated-analyst.js';
export {
  logonSucceeded,
  networkConnection,
  processCreated,
  programHash,
  scheduledTaskRegistered,
} from './synthetic/windows-records.js';
export { beacons, type Connection, type DnsQuery, zeekConnLog, zeekDnsLog } from './synthetic/zeek-records.js';
export { type BaselineName, baselineNames } from './systems/baseline-system.js';
export { vigilDecisionFunction } from './systems/vigil-system.js';
