/**
 * The values a model may use in its answer, drawn from the evidence: evidence keys
 * (`event:<id>`, `alert:<id>`…), host and user names, technique ids, response targets.
 * They become enums in the output schema, so a grammar-constrained model cannot name
 * anything else, and every other model is checked against them afterwards.
 */

import type { AttackSequence, ResponsePlan } from '../../../core/index.js';
import { tacticOrder } from '../../../core/index.js';
import type { ReasoningInput } from '../../reasoner.js';
import type { EvidenceDigest } from './evidence-digest.js';

/** Resolves technique ids through ATT&CK (revoked → replacement); structurally an AttackCatalog. */
export interface TechniqueResolver {
  resolve(id: string): string;
  technique(id: string): object | undefined;
}

export type TargetKind = 'ip' | 'domain' | 'url' | 'host' | 'user' | 'process' | 'file' | 'hash' | 'incident';

export interface AllowedValues {
  evidenceKeys: string[];
  hosts: string[];
  users: string[];
  techniques: string[];
  /** `kind:value` keys of response targets. */
  targets: string[];
  /** Lower-cased values an observable may have (entities, indicator values, event fields). */
  observableValues: Set<string>;
  /** Evidence key → timestamp, for the times of attack steps. */
  timestamps: Map<string, string>;
}

export function allowedValues(
  input: ReasoningInput,
  digest: EvidenceDigest,
  baseline: { sequence?: AttackSequence; plan?: ResponsePlan } = {},
): AllowedValues {
  const timestamps = new Map<string, string>();
  for (const event of digest.events)
    if (event.id && event.timestamp) timestamps.set(`event:${event.id}`, event.timestamp);
  for (const alert of input.alerts) timestamps.set(`alert:${alert.id}`, alert.timestamp);
  const evidenceKeys = [
    `incident:${input.incident.id}`,
    ...digest.alerts.map((alert) => `alert:${alert.id}`),
    ...digest.events.map((event) => `event:${event.id}`),
    ...new Set(digest.indicatorHits.map((hit) => `indicator:${hit.indicatorId}`)),
    ...new Set((input.patternMatches ?? []).map((match) => `indicator:${match.indicatorId}`)),
    ...digest.retrieved.map((item) => item.key),
  ];
  const techniques = new Set<string>([
    ...input.incident.techniques,
    ...input.alerts.flatMap((alert) => alert.techniques),
    ...(baseline.sequence?.steps.flatMap((step) => step.techniques) ?? []),
  ]);
  for (const technique of [...techniques]) if (technique.includes('.')) techniques.add(technique.split('.')[0]!);
  const entities = input.incident.entities;
  // Network and file targets only where the rules or threat intelligence put them, never
  // because a value appeared in free text (a command line saying "block 8.8.8.8").
  const matched = new Set(input.indicatorMatches.map((match) => match.value.toLowerCase()));
  const backed = (value: string) => matched.has(value.toLowerCase());
  const targets = new Set<string>([
    `incident:${input.incident.id}`,
    ...entities.ips.filter(backed).map((value) => `ip:${value}`),
    ...entities.domains.filter(backed).map((value) => `domain:${value}`),
    ...entities.hashes.filter(backed).map((value) => `hash:${value}`),
    ...entities.hosts.map((value) => `host:${value}`),
    ...entities.users.map((value) => `user:${value}`),
    ...(baseline.plan?.actions.map((action) => `${action.target.kind}:${action.target.value}`) ?? []),
  ]);
  const observableValues = new Set<string>();
  for (const list of Object.values(entities)) for (const value of list) observableValues.add(value.toLowerCase());
  for (const hit of digest.indicatorHits) observableValues.add(hit.value.toLowerCase());
  for (const event of input.events.values()) {
    for (const observable of event.observables) observableValues.add(observable.value.toLowerCase());
    for (const value of [
      event.destination?.ip,
      event.source?.ip,
      event.dns?.question?.name,
      event.url?.full,
      event.url?.domain,
    ]) {
      if (value) observableValues.add(value.toLowerCase());
    }
  }
  return {
    evidenceKeys,
    hosts: [...new Set(entities.hosts)],
    users: [...new Set(entities.users)],
    techniques: [...techniques].sort(),
    targets: [...targets].filter((target) => !target.startsWith('cidr:') && !target.startsWith('other:')),
    observableValues,
    timestamps,
  };
}

export const allTactics = [...tacticOrder, 'other', 'unknown'] as const;
