/** The dashboard's figures, computed from what the API serves (runs, decisions, `/metrics`); nothing is estimated. */
import type { ProposalView, RunView } from '../api-types';

/** Steps that ran: how many the policy ran by itself, how many after an analyst approved. */
export function automationRate(runs: readonly RunView[]): { automatic: number; approved: number; rate?: number } {
  let automatic = 0;
  let approved = 0;
  for (const run of runs)
    for (const step of run.steps) {
      if (!['succeeded', 'failed', 'rolled-back'].includes(step.status)) continue;
      if (step.decision.outcome === 'auto') automatic += 1;
      else if (step.decision.outcome === 'approval') approved += 1;
    }
  const total = automatic + approved;
  return { automatic, approved, ...(total > 0 ? { rate: automatic / total } : {}) };
}

/** Mean minutes from a run's start (the plan was ready) to its end, over finished runs. */
export function meanTimeToRespond(runs: readonly RunView[]): { minutes?: number; runs: number } {
  const durations = runs
    .filter((run) => run.finished && run.status === 'succeeded')
    .map((run) => (Date.parse(run.updatedAt) - Date.parse(run.createdAt)) / 60_000)
    .filter((minutes) => Number.isFinite(minutes) && minutes >= 0);
  if (durations.length === 0) return { runs: 0 };
  return { minutes: durations.reduce((sum, value) => sum + value, 0) / durations.length, runs: durations.length };
}

/** Share of analyst decisions that rejected a proposed action (the false-action signal). */
export function falseActionRate(
  approved: readonly ProposalView[],
  rejected: readonly ProposalView[],
): number | undefined {
  const total = approved.length + rejected.length;
  return total === 0 ? undefined : rejected.length / total;
}

/** Sum of a metric's samples in Prometheus text (all label sets), or undefined when absent. */
export function metricValue(text: string, name: string): number | undefined {
  let found = false;
  let sum = 0;
  for (const line of text.split('\n')) {
    if (!line.startsWith(name) || line.startsWith('#')) continue;
    const rest = line.slice(name.length);
    if (rest[0] !== ' ' && rest[0] !== '{') continue;
    const value = Number(line.slice(line.lastIndexOf(' ') + 1));
    if (Number.isFinite(value)) {
      found = true;
      sum += value;
    }
  }
  return found ? sum : undefined;
}

export interface IngestSample {
  at: number;
  stored: number;
  received: number;
}

/** Events per minute between the first and last sample (stored in the store, received over HEC and replays). */
export function ingestRate(samples: readonly IngestSample[]): { stored?: number; received?: number } {
  const first = samples[0];
  const last = samples.at(-1);
  if (!first || !last || last.at - first.at < 1000) return {};
  const minutes = (last.at - first.at) / 60_000;
  return { stored: (last.stored - first.stored) / minutes, received: (last.received - first.received) / minutes };
}
