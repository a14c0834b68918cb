import type { Indicator, ObservableType } from '../../core/index.js';

/** An analyst's decision about a value or an indicator; it outlives feed updates. */
export type IndicatorOverride =
  | { kind: 'allow'; reason?: string }
  | { kind: 'false-positive'; reason?: string }
  | { kind: 'pinned-score'; score: number; reason?: string };

/** Half-life in days of an indicator's score, per observable type (`pattern` for pattern-only). */
export type DecayHalfLives = Partial<Record<ObservableType | 'pattern', number>>;

/** Defaults: addresses go stale fast, hashes barely at all. */
export const defaultDecayHalfLives: DecayHalfLives = {
  'ipv4-addr': 30,
  'ipv6-addr': 30,
  'domain-name': 90,
  hostname: 90,
  url: 60,
  'email-addr': 180,
  md5: 3650,
  sha1: 3650,
  sha256: 3650,
  sha512: 3650,
  ja3: 365,
  ja4: 365,
  'user-agent': 180,
  pattern: 365,
};

/** What the index remembers about an indicator besides the indicator itself. */
export interface IndicatorState {
  /** Milliseconds since epoch when the indicator was last (re)loaded. */
  loadedAt: number;
  lastSightingAt?: number;
  sightings: number;
}

const dayInMilliseconds = 86_400_000;

/**
 * Current score 0–100: confidence halved every half-life since the indicator was
 * last fresh (valid_from, load time or last sighting, whichever is latest); each
 * sighting adds 5 points, up to 100. A pinned override replaces the result.
 */
export function scoreIndicator(
  indicator: Indicator,
  state: IndicatorState,
  at: number,
  halfLives: DecayHalfLives,
  override?: IndicatorOverride,
): number {
  if (override?.kind === 'pinned-score') return override.score;
  if (override) return 0;
  const validFrom = indicator.validFrom ? Date.parse(indicator.validFrom) : Number.NaN;
  const freshSince = Math.max(Number.isNaN(validFrom) ? state.loadedAt : validFrom, state.lastSightingAt ?? 0);
  const halfLife = halfLives[indicator.type ?? 'pattern'];
  const ageDays = Math.max(0, at - freshSince) / dayInMilliseconds;
  const decayed = halfLife ? indicator.confidence * 0.5 ** (ageDays / halfLife) : indicator.confidence;
  return Math.min(100, Math.round((decayed + 5 * state.sightings) * 10) / 10);
}

/** True when the indicator applies at this time: not revoked and inside valid_from/valid_until. */
export function isIndicatorActive(indicator: Indicator, at: number): boolean {
  if (indicator.revoked) return false;
  if (indicator.validFrom && Date.parse(indicator.validFrom) > at) return false;
  if (indicator.validUntil && Date.parse(indicator.validUntil) <= at) return false;
  return true;
}
