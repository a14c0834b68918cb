/**
 * Link stage: the second correlation pass, across partitions. Correlation state lives per host
 * partition, so two incidents on hosts of different partitions are never merged, even when they
 * share an address or an account. The correlate stage sends every incident's non-host entities
 * (addresses, accounts, domains, hashes) to one topic under one key; the one link worker that
 * owns it keeps an index entity → incidents and sends, for the reason stage to record in each
 * incident's artifacts, `related`: the incidents of *other* partitions that share an entity
 * within `windowMs` (the reason stage is the one writer of artifacts after correlation, so the
 * two never overwrite each other's work).
 * Incidents are linked, not merged (their partitions own them); an entity shared by more than
 * `maxFanOut` incidents is a hub (a DNS server, a scanner) and links nothing. Incidents older
 * than `horizonMs` behind the newest leave the index, so its memory is bounded.
 */

import type { Incident } from '../../core/index.js';
import { isLinkableIp } from '../../correlate/index.js';
import { type EntitySummary, entitySummarySchema, type RelatedMessage, topics } from '../topics.js';
import type { Stage, StageContext } from './stage.js';

export interface LinkStageOptions {
  /** Two incidents sharing an entity are related when their times come this close. Default 24 h. */
  windowMs?: number;
  /** Default 5. */
  maxFanOut?: number;
  /** Default 25 h. */
  horizonMs?: number;
}

export interface RelatedIncident {
  incidentId: string;
  /** The shared entities, `kind:value`. */
  via: string[];
}

const hour = 3_600_000;

/** Accounts and addresses that every machine has: never a link. */
const commonUsers = new Set(['system', 'local service', 'network service', 'anonymous logon', 'root', '-']);

/** The keys of an incident that may relate it to incidents elsewhere. */
export function shareableKeysOf(incident: Incident): string[] {
  const { entities } = incident;
  const users = entities.users
    .map((user) => user.toLowerCase())
    .filter((user) => !commonUsers.has(user.split('\\').pop() ?? user));
  return [
    ...entities.ips.filter(isLinkableIp).map((ip) => `ip:${ip.toLowerCase()}`),
    ...users.map((user) => `user:${user}`),
    ...entities.domains.map((domain) => `domain:${domain.toLowerCase()}`),
    ...entities.hashes.map((hash) => `hash:${hash.toLowerCase()}`),
  ].sort();
}

interface Indexed {
  partition: number;
  keys: string[];
  first: number;
  last: number;
}

/** The cross-partition index; pure, so it can be tested and rebuilt from history. */
export class IncidentLinkIndex {
  private readonly incidents = new Map<string, Indexed>();
  private readonly byKey = new Map<string, Set<string>>();
  private newest = Number.NEGATIVE_INFINITY;

  constructor(private readonly options: Required<LinkStageOptions>) {}

  /** Takes a summary; returns the incidents whose relations may have changed. */
  absorb(summary: EntitySummary): Set<string> {
    const affected = new Set<string>([summary.incidentId]);
    const previous = this.incidents.get(summary.incidentId);
    for (const key of previous?.keys ?? []) {
      for (const id of this.byKey.get(key) ?? []) affected.add(id);
      this.byKey.get(key)?.delete(summary.incidentId);
      if (this.byKey.get(key)?.size === 0) this.byKey.delete(key);
    }
    if (summary.keys.length === 0) this.incidents.delete(summary.incidentId);
    else {
      const indexed = {
        partition: summary.partition,
        keys: summary.keys,
        first: Date.parse(summary.firstSeen),
        last: Date.parse(summary.lastSeen),
      };
      this.incidents.set(summary.incidentId, indexed);
      this.newest = Math.max(this.newest, indexed.last);
      for (const key of summary.keys) {
        const holders = this.byKey.get(key) ?? new Set<string>();
        holders.add(summary.incidentId);
        this.byKey.set(key, holders);
        for (const id of holders) affected.add(id);
      }
    }
    return affected;
  }

  /** Incidents of other partitions sharing a non-hub entity within the window, by id. */
  related(incidentId: string): RelatedIncident[] {
    const self = this.incidents.get(incidentId);
    if (!self) return [];
    const via = new Map<string, string[]>();
    for (const key of self.keys) {
      const holders = this.byKey.get(key);
      if (!holders || holders.size > this.options.maxFanOut) continue;
      for (const id of holders) {
        const other = this.incidents.get(id);
        if (!other || id === incidentId || other.partition === self.partition) continue;
        const gap = Math.max(other.first - self.last, self.first - other.last, 0);
        if (gap > this.options.windowMs) continue;
        via.set(id, [...(via.get(id) ?? []), key]);
      }
    }
    return [...via]
      .sort(([left], [right]) => left.localeCompare(right))
      .map(([id, keys]) => ({ incidentId: id, via: keys }));
  }

  /** Forgets incidents that ended more than the horizon before the newest (their recorded links stay); returns their ids. */
  evict(): string[] {
    const cutoff = this.newest - this.options.horizonMs;
    const evicted: string[] = [];
    for (const [id, indexed] of this.incidents) {
      if (indexed.last >= cutoff) continue;
      this.absorb({ incidentId: id, partition: indexed.partition, keys: [], firstSeen: '', lastSeen: '' });
      evicted.push(id);
    }
    return evicted;
  }

  get size(): number {
    return this.incidents.size;
  }
}

export function createLinkStage(context: StageContext, options: LinkStageOptions = {}): Stage {
  const settings: Required<LinkStageOptions> = {
    windowMs: options.windowMs ?? 24 * hour,
    maxFanOut: options.maxFanOut ?? 5,
    horizonMs: options.horizonMs ?? 25 * hour,
  };
  let index = new IncidentLinkIndex(settings);
  /** What this worker last wrote per incident, to write only changes. */
  const written = new Map<string, string>();

  /** Sends changed relations on the incidents topic; the reason stage writes them into the artifacts. */
  const send = async (affected: Iterable<string>) => {
    const outgoing: { key: string; payload: RelatedMessage }[] = [];
    for (const id of affected) {
      const related = index.related(id);
      const body = JSON.stringify(related);
      if ((written.get(id) ?? '[]') === body) continue;
      outgoing.push({ key: id, payload: { type: 'related', incidentId: id, related } });
      written.set(id, body);
    }
    if (outgoing.length > 0) await context.bus.publish(topics.incidents, outgoing);
  };

  return {
    name: 'link',
    topic: topics.entities,
    group: 'link',
    handler: {
      async assigned(_partition, history) {
        index = new IncidentLinkIndex(settings);
        written.clear();
        for await (const delivery of history) {
          const summary = entitySummarySchema.safeParse(delivery.payload);
          if (summary.success) index.absorb(summary.data);
        }
        index.evict();
      },
      async handle(_partition, deliveries) {
        const affected = new Set<string>();
        for (const delivery of deliveries) {
          const summary = entitySummarySchema.safeParse(delivery.payload);
          if (!summary.success) {
            context.log(`link: refused message ${delivery.id}`);
            continue;
          }
          for (const id of index.absorb(summary.data)) affected.add(id);
        }
        await send(affected);
        for (const id of index.evict()) written.delete(id);
      },
    },
  };
}
