/**
 * Event search criteria beyond what the store filters on (time window, host): an entity
 * (`user:alice`, `ip:10.0.0.5`, `domain:evil.example`, `hash:…`, `process:…`, `host:…`), one field
 * by its dotted path (equal to a value, or merely present), and full text over the raw record and
 * the message. Comparisons ignore case. Pure functions: the route scans a bounded window.
 */
import { type Event, UsageError } from '../../core/index.js';

export const entityKinds = ['host', 'user', 'ip', 'domain', 'hash', 'process', 'file'] as const;
export type EntityKind = (typeof entityKinds)[number];

export interface EventCriteria {
  entity?: { kind: EntityKind; value: string };
  field?: { path: string; value?: string };
  text?: string;
}

export function parseEntity(text: string): { kind: EntityKind; value: string } {
  const separator = text.indexOf(':');
  const kind = text.slice(0, Math.max(0, separator)).toLowerCase();
  const value = text.slice(separator + 1).trim();
  if (separator <= 0 || !(entityKinds as readonly string[]).includes(kind) || value === '')
    throw new UsageError(`an entity is kind:value with kind one of ${entityKinds.join(', ')} (got "${text}")`, {
      location: { field: 'entity' },
    });
  return { kind: kind as EntityKind, value: value.toLowerCase() };
}

const lower = (value: unknown): string | undefined =>
  typeof value === 'string' || typeof value === 'number' || typeof value === 'boolean'
    ? String(value).toLowerCase()
    : undefined;

/** Observable types that name an entity of each kind (observables extracted from free text count too). */
const observableTypesByKind: Partial<Record<EntityKind, readonly string[]>> = {
  ip: ['ipv4-addr', 'ipv6-addr'],
  domain: ['domain-name', 'hostname'],
  hash: ['md5', 'sha1', 'sha256', 'sha512'],
};

function entityValues(event: Event, kind: EntityKind): string[] {
  const types = observableTypesByKind[kind] ?? [];
  const values: unknown[] = event.observables
    .filter((observable) => types.includes(observable.type))
    .map((observable) => observable.value);
  switch (kind) {
    case 'host':
      values.push(event.host?.name, event.host?.name?.split('.')[0], ...(event.host?.ip ?? []));
      break;
    case 'user':
      for (const user of [event.user, event.targetUser]) {
        if (!user?.name) continue;
        values.push(user.name, user.domain ? `${user.domain}\\${user.name}` : undefined);
      }
      break;
    case 'ip':
      values.push(event.source?.ip, event.destination?.ip, ...(event.host?.ip ?? []), ...(event.dns?.answers ?? []));
      break;
    case 'domain':
      values.push(event.dns?.question?.name, event.url?.domain, event.destination?.domain);
      break;
    case 'hash':
      values.push(...Object.values(event.file?.hashes ?? {}), ...Object.values(event.process?.hashes ?? {}));
      break;
    case 'process':
      values.push(event.process?.executable, event.process?.name, event.process?.commandLine);
      break;
    case 'file':
      values.push(event.file?.path, event.file?.name);
      break;
  }
  return values.flatMap((value) => lower(value) ?? []);
}

/** The values at a dotted path: in the event's own structure, else a flat key of `fields`. */
export function valuesAtPath(event: Event, path: string): string[] {
  let current: unknown[] = [event];
  for (const part of path.split('.')) {
    current = current.flatMap((value) => {
      if (value === null || typeof value !== 'object') return [];
      const next = (value as Record<string, unknown>)[part];
      return Array.isArray(next) ? next : next === undefined ? [] : [next];
    });
  }
  const found = current.flatMap((value) => lower(value) ?? []);
  if (found.length > 0) return found;
  const flat = lower(event.fields[path] ?? event.fields[path.replace(/^fields\./, '')]);
  return flat === undefined ? [] : [flat];
}

export function eventMatches(event: Event, criteria: EventCriteria): boolean {
  if (criteria.entity) {
    const { kind, value } = criteria.entity;
    const values = entityValues(event, kind);
    if (
      !values.some((candidate) =>
        kind === 'process' || kind === 'file' ? candidate.includes(value) : candidate === value,
      )
    )
      return false;
  }
  if (criteria.field) {
    const values = valuesAtPath(event, criteria.field.path);
    const wanted = criteria.field.value?.toLowerCase();
    if (values.length === 0 || (wanted !== undefined && !values.includes(wanted))) return false;
  }
  if (criteria.text) {
    const needle = criteria.text.toLowerCase();
    const haystack = [event.raw, event.message]
      .filter((part) => part !== undefined)
      .join('\n')
      .toLowerCase();
    if (!haystack.includes(needle)) return false;
  }
  return true;
}
