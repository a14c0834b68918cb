/** Shared formatting of metrics for the Markdown and HTML reports. */
import type { OverallMetrics } from '../metrics.js';

export const percent = (value: number | undefined): string =>
  value === undefined ? '–' : `${(100 * value).toFixed(1)}%`;
export const milliseconds = (value: number | undefined): string =>
  value === undefined ? '–' : value >= 1000 ? `${(value / 1000).toFixed(2)} s` : `${value.toFixed(1)} ms`;

/** Precision beside recall, the way every per-scenario row shows detection: `P / R`. */
export const precisionRecall = (scores: { precision: number | undefined; recall: number | undefined }): string =>
  `${percent(scores.precision)} / ${percent(scores.recall)}`;

export interface MetricRow {
  label: string;
  value: (overall: OverallMetrics) => string;
  /** The raw value for charts (0–1 rates, or milliseconds). */
  raw: (overall: OverallMetrics) => number | undefined;
  limit: string;
}

/** The side-by-side table's rows, each with what limits it. */
export const metricRows: readonly MetricRow[] = [
  {
    label: 'Detection accuracy (tactic recall)',
    value: (overall) => percent(overall.tactics.recall),
    raw: (overall) => overall.tactics.recall,
    limit: 'ATT&CK tactics named by the rules that fired; truth labels are per data set, not per event',
  },
  {
    label: 'Tactic precision',
    value: (overall) => percent(overall.tactics.precision),
    raw: (overall) => overall.tactics.precision,
    limit: 'background activity in the recordings raises tactics the labels do not list',
  },
  {
    label: 'Technique P / R / F1 (exact)',
    value: (overall) =>
      `${percent(overall.techniques.precision)} / ${percent(overall.techniques.recall)} / ${percent(overall.techniques.f1)}`,
    raw: (overall) => overall.techniques.f1,
    limit: 'bounded by rule coverage; sub-technique labels are stricter than rule tags',
  },
  {
    label: 'Technique P / R / F1 (parent)',
    value: (overall) =>
      `${percent(overall.parentTechniques.precision)} / ${percent(overall.parentTechniques.recall)} / ${percent(overall.parentTechniques.f1)}`,
    raw: (overall) => overall.parentTechniques.f1,
    limit: 'as above, with T1003.001 and T1003 counted the same',
  },
  {
    label: 'False-incident rate (benign)',
    value: (overall) => percent(overall.falseIncidentRate),
    raw: (overall) => overall.falseIncidentRate,
    limit: 'few benign scenarios; each counts once however many incidents it raised',
  },
  {
    label: 'Response latency p50',
    value: (overall) => milliseconds(overall.latencyMs.p50),
    raw: (overall) => overall.latencyMs.p50,
    limit:
      'machine time from the last event ingested to the final plan and policy decisions; analyst waiting time not modelled',
  },
  {
    label: 'Response latency p95',
    value: (overall) => milliseconds(overall.latencyMs.p95),
    raw: (overall) => overall.latencyMs.p95,
    limit: 'as above; one sample per scenario with a plan',
  },
  {
    label: 'Automation rate',
    value: (overall) => percent(overall.automationRate),
    raw: (overall) => overall.automationRate,
    limit: 'decided by the same policy file for every system; baselines use the rule level as confidence',
  },
  {
    label: 'False action rate',
    value: (overall) => percent(overall.falseActionRate),
    raw: (overall) => overall.falseActionRate,
    limit:
      'executed actions that are forbidden, not acceptable, or taken in a benign scenario; the analyst only approves acceptable ones',
  },
  {
    label: 'Knowledge reuse',
    value: (overall) => percent(overall.knowledgeReuse),
    raw: (overall) => overall.knowledgeReuse,
    limit:
      'incidents citing a past incident, matching a learned indicator, or decided with analyst feedback from an earlier scenario',
  },
];
