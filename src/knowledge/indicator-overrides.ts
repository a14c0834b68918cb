/**
 * Analysts' indicator overrides (allow-list a value, mark an indicator a false positive, pin its
 * score), kept as a ledger in the audit chain: each change is one entry under the subject
 * `indicator-overrides`, so the overrides in force are the fold of those entries. They survive
 * restarts on SQLite and PostgreSQL alike, every change names its analyst, and clearing one is a
 * new entry (nothing is ever lost). `applyIndicatorOverrides` hands them to an `IndicatorIndex`.
 */
import { z } from 'zod';
import { type Indicator, observableTypeSchema, UsageError } from '../core/index.js';
import type { IndicatorIndex, IndicatorOverride } from '../intel/index.js';
import type { Store } from '../store/index.js';

export const overrideLedgerId = 'indicator-overrides';

export const overrideTargetSchema = z.union([
  z.strictObject({ indicatorId: z.string().min(1).max(300) }),
  z.strictObject({ type: observableTypeSchema, value: z.string().trim().min(1).max(2048) }),
]);
export type OverrideTarget = z.infer<typeof overrideTargetSchema>;

export const indicatorOverrideSchema = z.discriminatedUnion('kind', [
  z.strictObject({ kind: z.literal('allow'), reason: z.string().trim().min(1).max(2000) }),
  z.strictObject({ kind: z.literal('false-positive'), reason: z.string().trim().min(1).max(2000) }),
  z.strictObject({
    kind: z.literal('pinned-score'),
    score: z.number().min(0).max(100),
    reason: z.string().trim().min(1).max(2000),
  }),
]);

export const storedOverrideSchema = z.object({
  /** `id:<indicator id>` or `value:<type>:<value>` (values lower-case). */
  key: z.string(),
  target: overrideTargetSchema,
  override: indicatorOverrideSchema,
  author: z.string(),
  at: z.string(),
});
export type StoredOverride = z.infer<typeof storedOverrideSchema>;

export function overrideKey(target: OverrideTarget): string {
  return 'indicatorId' in target ? `id:${target.indicatorId}` : `value:${target.type}:${target.value.toLowerCase()}`;
}

/** The overrides in force, oldest first (a later change of the same key replaces the earlier one). */
export async function listIndicatorOverrides(store: Store): Promise<StoredOverride[]> {
  const current = new Map<string, StoredOverride>();
  for (const entry of await store.listAudit({ subjectId: overrideLedgerId })) {
    const key = typeof entry.details.key === 'string' ? entry.details.key : undefined;
    if (!key) continue;
    if (entry.action === 'indicator-override-cleared') {
      current.delete(key);
      continue;
    }
    if (entry.action !== 'indicator-override-set') continue;
    const parsed = storedOverrideSchema.safeParse({ ...entry.details, author: entry.actor, at: entry.timestamp });
    if (parsed.success) {
      current.delete(key);
      current.set(key, parsed.data);
    }
  }
  return [...current.values()];
}

export async function setIndicatorOverride(
  store: Store,
  input: { target: OverrideTarget; override: z.infer<typeof indicatorOverrideSchema>; author: string },
): Promise<StoredOverride> {
  if ('indicatorId' in input.target && input.override.kind === 'allow')
    throw new UsageError(
      'allow-list a value (type and value), not an indicator id: mark an indicator a false positive',
      {
        location: { field: 'override.kind' },
      },
    );
  const key = overrideKey(input.target);
  const target =
    'indicatorId' in input.target ? input.target : { type: input.target.type, value: input.target.value.toLowerCase() };
  const entry = await store.appendAudit({
    actor: input.author,
    action: 'indicator-override-set',
    subject: { kind: 'indicator-override', id: overrideLedgerId },
    details: { key, target, override: input.override },
  });
  return { key, target, override: input.override, author: entry.actor, at: entry.timestamp };
}

/** Clears an override (the indicator scores and matches again); false when none was in force. */
export async function clearIndicatorOverride(store: Store, key: string, author: string): Promise<boolean> {
  const found = (await listIndicatorOverrides(store)).find((item) => item.key === key);
  if (!found) return false;
  await store.appendAudit({
    actor: author,
    action: 'indicator-override-cleared',
    subject: { kind: 'indicator-override', id: overrideLedgerId },
    details: { key, target: found.target, was: found.override.kind },
  });
  return true;
}

/** The override the intel index understands. */
export function toIndexOverride(stored: StoredOverride): IndicatorOverride {
  const { override } = stored;
  return override.kind === 'pinned-score'
    ? { kind: 'pinned-score', score: override.score, reason: override.reason }
    : { kind: override.kind, reason: override.reason };
}

/** The override that applies to one indicator: its own, else one on its value. */
export function overrideFor(
  indicator: Pick<Indicator, 'id' | 'type' | 'value'>,
  byKey: ReadonlyMap<string, StoredOverride>,
): StoredOverride | undefined {
  return (
    byKey.get(`id:${indicator.id}`) ??
    (indicator.type && indicator.value
      ? byKey.get(`value:${indicator.type}:${indicator.value.toLowerCase()}`)
      : undefined)
  );
}

export function applyIndicatorOverrides(index: IndicatorIndex, overrides: readonly StoredOverride[]): void {
  for (const stored of overrides) index.setOverride(stored.target, toIndexOverride(stored));
}
