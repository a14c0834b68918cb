/** The dashboard's figures, computed from what the API serves (runs, decisions, `/metrics`); nothing is estimated. */
import type { ProposalView, RunView } from '../api-types';

export interface DecisionCounts {
  automatic: number;
  approved: number;
  rejected: number;
  pending: number;
  refused: number;
  /** Timed out or withdrawn before anyone decided. */
  lapsed: number;
  proposed: number;
  /** automatic / proposed: every proposed action counts, pending ones as not (yet) automatic. */
  automationRate?: number;
  /** approved + automatic over everything decided. */
  decided: number;
}

/** What happened to every proposed action, from the decisions the API serves (pending stays pending). */
export function decisionCounts(byStatus: Readonly<Record<string, readonly ProposalView[]>>): DecisionCounts {
  const count = (status: string) => byStatus[status]?.length ?? 0;
  const automatic = count('automatic');
  const approved = count('approved');
  const rejected = count('rejected');
  const pending = count('pending');
  const refused = count('refused');
  const lapsed = count('timed-out') + count('withdrawn');
  const proposed = automatic + approved + rejected + pending + refused + lapsed;
  return {
    automatic,
    approved,
    rejected,
    pending,
    refused,
    lapsed,
    proposed,
    decided: automatic + approved + rejected + refused,
    ...(proposed > 0 ? { automationRate: automatic / proposed } : {}),
  };
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
