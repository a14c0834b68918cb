/**
 * Benign-pattern suppression: an analyst marks a rule (optionally on one host, user, address or
 * program) as benign; the next alerts of that pattern are dropped before correlation, counted on
 * the suppression, and the suppression stays listed and can be revoked (never deleted).
 */

import type { Alert, Event } from '../core/index.js';
import { NotFoundError, UsageError } from '../core/index.js';
import type { Suppression } from '../store/index.js';
import type { FeedbackStores } from './record-feedback.js';
import { stableId } from './stable-id.js';

const entityKinds = ['host', 'user', 'ip', 'process'] as const;

const shortName = (name: string) => name.toLowerCase().split('.')[0] ?? name.toLowerCase();

/** Entity keys (`host:ws-01`, `user:j.doe`, `ip:10.0.0.5`, `process:c:\\x.exe`) an alert's events involve. */
export function entityKeysOf(events: readonly Event[]): Set<string> {
  const keys = new Set<string>();
  const add = (kind: string, value: string | undefined) => {
    if (value) keys.add(`${kind}:${value.toLowerCase()}`);
  };
  for (const event of events) {
    if (event.host?.name) {
      add('host', event.host.name);
      add('host', shortName(event.host.name));
    }
    for (const user of [event.user, event.targetUser]) {
      if (!user?.name) continue;
      add('user', user.name);
      const bare = user.name.includes('\\') ? user.name.split('\\').pop() : undefined;
      add('user', bare);
      if (user.domain) add('user', `${user.domain}\\${user.name}`);
    }
    add('ip', event.source?.ip);
    add('ip', event.destination?.ip);
    add('process', event.process?.executable);
  }
  return keys;
}

/** Normalises an entity key typed by a user (`host:WS-01.corp` → `host:ws-01.corp`), refusing unknown kinds. */
export function parseEntityKey(text: string): string {
  const separator = text.indexOf(':');
  const kind = separator > 0 ? text.slice(0, separator).toLowerCase() : '';
  const value = separator > 0 ? text.slice(separator + 1).trim() : '';
  if (!(entityKinds as readonly string[]).includes(kind) || value.length === 0)
    throw new UsageError(`an entity is written kind:value with kind one of ${entityKinds.join(', ')} (got "${text}")`);
  return `${kind}:${value.toLowerCase()}`;
}

export type SuppressionMatcher = (alert: Alert, events: readonly Event[]) => Suppression | undefined;

/** Matches alerts against active suppressions: same rule id, and the entity (when given) among the alert's events. */
export function createSuppressionMatcher(suppressions: readonly Suppression[]): SuppressionMatcher {
  const byRule = new Map<string, Suppression[]>();
  for (const suppression of suppressions) {
    if (suppression.revokedAt) continue;
    byRule.set(suppression.ruleId, [...(byRule.get(suppression.ruleId) ?? []), suppression]);
  }
  return (alert, events) => {
    const candidates = byRule.get(alert.ruleId);
    if (!candidates) return undefined;
    const keys = candidates.some((candidate) => candidate.entity) ? entityKeysOf(events) : new Set<string>();
    return candidates.find((candidate) => !candidate.entity || keys.has(candidate.entity));
  };
}

export interface SuppressInput {
  ruleId: string;
  entity?: string | undefined;
  reason: string;
  author: string;
  incidentId?: string | undefined;
}

export async function suppressPattern(stores: FeedbackStores, input: SuppressInput): Promise<Suppression> {
  if (input.reason.trim().length === 0) throw new UsageError('say why the pattern is benign (--reason)');
  const createdAt = (stores.now?.() ?? new Date()).toISOString();
  const entity = input.entity ? parseEntityKey(input.entity) : undefined;
  const suppression: Suppression = {
    id: stableId('suppression', input.ruleId, entity ?? '*', createdAt),
    ruleId: input.ruleId,
    ...(entity ? { entity } : {}),
    reason: input.reason,
    author: input.author,
    createdAt,
    ...(input.incidentId ? { incidentId: input.incidentId } : {}),
    hits: 0,
  };
  await stores.knowledge.saveSuppression(suppression);
  await stores.store.appendAudit({
    actor: input.author,
    action: 'suppression-created',
    subject: { kind: 'suppression', id: suppression.id },
    details: {
      rule: suppression.ruleId,
      entity: entity ?? null,
      reason: input.reason,
      incident: input.incidentId ?? null,
    },
  });
  return suppression;
}

export async function revokeSuppression(stores: FeedbackStores, id: string, author: string): Promise<Suppression> {
  const found = await stores.knowledge.getSuppression(id);
  if (!found) throw new NotFoundError(`no suppression ${id}`, { location: { objectId: id } });
  if (found.revokedAt) return found;
  const revoked: Suppression = { ...found, revokedAt: (stores.now?.() ?? new Date()).toISOString(), revokedBy: author };
  await stores.knowledge.saveSuppression(revoked);
  await stores.store.appendAudit({
    actor: author,
    action: 'suppression-revoked',
    subject: { kind: 'suppression', id },
    details: { rule: found.ruleId, entity: found.entity ?? null, hits: found.hits },
  });
  return revoked;
}

/** Adds hit counts (by suppression id) to the stored suppressions. */
export async function recordSuppressionHits(stores: FeedbackStores, hits: ReadonlyMap<string, number>): Promise<void> {
  const at = (stores.now?.() ?? new Date()).toISOString();
  for (const [id, count] of hits) {
    const found = await stores.knowledge.getSuppression(id);
    if (found) await stores.knowledge.saveSuppression({ ...found, hits: found.hits + count, lastHitAt: at });
  }
}
