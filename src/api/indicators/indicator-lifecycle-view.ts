/**
 * What the console shows beside an indicator: its decayed score, whether it is in force, its
 * sightings and the override that applies. The score follows the intel index's rule (confidence
 * halved every half-life of its type since it was last fresh, +5 per sighting up to 100, a
 * pinned override replaces it, any other override makes it 0); intel does not export that
 * function, so it is restated here over intel's exported half-lives.
 */
import { z } from 'zod';
import type { Indicator } from '../../core/index.js';
import { defaultDecayHalfLives } from '../../intel/index.js';
import { overrideFor, type StoredOverride, storedOverrideSchema } from '../../knowledge/index.js';

const dayInMilliseconds = 86_400_000;

export const indicatorLifecycleSchema = z.object({
  /** 0–100 now, after decay, sightings and overrides. */
  score: z.number(),
  /** Not revoked, not expired, not yet due, and not overridden away. */
  active: z.boolean(),
  expired: z.boolean(),
  sightings: z.number().int(),
  lastSeen: z.string().optional(),
  override: storedOverrideSchema.optional(),
});
export type IndicatorLifecycle = z.infer<typeof indicatorLifecycleSchema>;

export function indicatorLifecycle(
  indicator: Indicator,
  at: Date,
  overrides: ReadonlyMap<string, StoredOverride>,
  sightings: ReadonlyMap<string, { count: number; lastSeen: string }>,
): IndicatorLifecycle {
  const now = at.getTime();
  const override = overrideFor(indicator, overrides);
  const seen = sightings.get(indicator.id);
  const expired = indicator.validUntil !== undefined && Date.parse(indicator.validUntil) <= now;
  const due = indicator.validFrom === undefined || Date.parse(indicator.validFrom) <= now;
  let score: number;
  if (override?.override.kind === 'pinned-score') score = override.override.score;
  else if (override) score = 0;
  else {
    const validFrom = indicator.validFrom ? Date.parse(indicator.validFrom) : now;
    const freshSince = Math.max(validFrom, seen ? Date.parse(seen.lastSeen) : 0);
    const halfLife = defaultDecayHalfLives[indicator.type ?? 'pattern'];
    const ageDays = Math.max(0, now - freshSince) / dayInMilliseconds;
    const decayed = halfLife ? indicator.confidence * 0.5 ** (ageDays / halfLife) : indicator.confidence;
    score = Math.min(100, Math.round((decayed + 5 * Math.min(seen?.count ?? 0, 20)) * 10) / 10);
  }
  return {
    score,
    active:
      !indicator.revoked &&
      !expired &&
      due &&
      override?.override.kind !== 'allow' &&
      override?.override.kind !== 'false-positive',
    expired,
    sightings: seen?.count ?? 0,
    ...(seen ? { lastSeen: seen.lastSeen } : {}),
    ...(override ? { override } : {}),
  };
}
