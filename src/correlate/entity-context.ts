/**
 * Remembers link facts (logon sessions, process parentage) for a bounded time, and expands
 * an alert's entity keys through them: an alert in a logon session also carries the address
 * and workstation the session came from; an alert in a process tree also carries the tree's
 * ancestors and their logon sessions. Memory is bounded by time (`retentionMs`) and count.
 */
import type { LinkFact, LinkVia } from './link-facts.js';

export interface EntityContextOptions {
  /** Facts older than this (ms, relative to the newest fact seen) are forgotten. Default 24 h. */
  retentionMs?: number;
  /** At most this many facts are kept; the oldest go first. Default 200,000. */
  maxFacts?: number;
  /** How far up a chain (process → parent → logon → source) to follow. Default 6. */
  maxDepth?: number;
}

export interface ExpandedKey {
  key: string;
  via: LinkVia;
  /** The key it was reached from and the event that showed the link. */
  from: string;
  eventId: string;
}

export class EntityContext {
  private readonly facts = new Map<string, LinkFact>();
  private readonly retentionMs: number;
  private readonly maxFacts: number;
  private readonly maxDepth: number;
  private newest = Number.NEGATIVE_INFINITY;
  private lastSweep = Number.NEGATIVE_INFINITY;

  constructor(options: EntityContextOptions = {}) {
    this.retentionMs = options.retentionMs ?? 24 * 60 * 60 * 1000;
    this.maxFacts = options.maxFacts ?? 200_000;
    this.maxDepth = options.maxDepth ?? 6;
  }

  get size(): number {
    return this.facts.size;
  }

  observe(fact: LinkFact): void {
    // Re-inserting moves the key to the end, so the map stays roughly in time order.
    this.facts.delete(fact.key);
    this.facts.set(fact.key, fact);
    if (fact.time > this.newest) this.newest = fact.time;
    if (this.facts.size > this.maxFacts) this.facts.delete(this.facts.keys().next().value!);
    if (this.newest - this.lastSweep > this.retentionMs / 8) this.sweep();
  }

  /** Drops facts older than the retention window. */
  private sweep(): void {
    this.lastSweep = this.newest;
    const horizon = this.newest - this.retentionMs;
    for (const [key, fact] of this.facts) {
      if (fact.time < horizon) this.facts.delete(key);
    }
  }

  /** Keys reachable from `keys` through remembered facts that happened no later than `time`. */
  expand(keys: Iterable<string>, time: number): ExpandedKey[] {
    const seen = new Set(keys);
    const found: ExpandedKey[] = [];
    let frontier = [...seen];
    for (let depth = 0; depth < this.maxDepth && frontier.length > 0; depth++) {
      const next: string[] = [];
      for (const key of frontier) {
        const fact = this.facts.get(key);
        if (!fact || fact.time > time || time - fact.time > this.retentionMs) continue;
        for (const target of fact.leadsTo) {
          if (seen.has(target)) continue;
          seen.add(target);
          next.push(target);
          found.push({ key: target, via: fact.via, from: key, eventId: fact.eventId });
        }
      }
      frontier = next;
    }
    return found;
  }
}
