/**
 * Groups alerts into incidents by shared entities within a time window (union–find).
 * Alerts must be added in time order; the result for a given ordered input is the same
 * whether it is fed at once (batch) or alert by alert (streaming).
 *
 * Fan-out limit: once an entity key has linked more than `maxFanOut` distinct hosts, it is
 * treated as a hub (a domain controller, a proxy, a scanner) and no longer links anything;
 * the reason is kept in `hubs` and shown in incidents' `groupedBy`.
 */
import type { Alert, Event } from '../core/index.js';
import { entityKeysOf, keyText } from './entity-keys.js';

export interface CorrelatorOptions {
  /** Two alerts sharing an entity are linked when at most this far apart (ms). Default 4 h. */
  windowMs?: number;
  /** Distinct hosts an entity key may link before it becomes a hub. Default 5. */
  maxFanOut?: number;
}

export interface AlertGroup {
  alerts: Alert[];
  /** Entity keys through which the alerts were linked. */
  linkedBy: string[];
  /** Every entity key seen on the group's events. */
  keys: string[];
}

interface KeyState {
  lastSeen: number;
  root: number;
  hosts: Set<string>;
  hub: boolean;
}

export class IncidentCorrelator {
  private readonly windowMs: number;
  private readonly maxFanOut: number;
  private readonly alerts: Alert[] = [];
  private readonly alertKeys: string[][] = [];
  private readonly parents: number[] = [];
  private readonly linkKeys = new Map<number, Set<string>>();
  private readonly keyStates = new Map<string, KeyState>();
  private lastTimestamp = Number.NEGATIVE_INFINITY;
  readonly hubs = new Set<string>();

  constructor(options: CorrelatorOptions = {}) {
    this.windowMs = options.windowMs ?? 4 * 60 * 60 * 1000;
    this.maxFanOut = options.maxFanOut ?? 5;
  }

  /** Adds one alert with the events it fired on. */
  add(alert: Alert, events: readonly Event[]): void {
    const time = Date.parse(alert.timestamp);
    if (time < this.lastTimestamp) throw new RangeError('alerts must be added in time order');
    this.lastTimestamp = time;
    const index = this.alerts.length;
    this.alerts.push(alert);
    this.parents.push(index);
    const keys = new Map<string, string | undefined>();
    let host: string | undefined;
    for (const event of events) {
      for (const key of entityKeysOf(event)) {
        if (key.kind === 'host') host = key.value;
        keys.set(keyText(key), undefined);
      }
    }
    this.alertKeys.push([...keys.keys()]);
    for (const key of keys.keys()) this.link(index, key, time, host);
  }

  private link(index: number, key: string, time: number, host: string | undefined): void {
    const state = this.keyStates.get(key);
    if (!state) {
      this.keyStates.set(key, { lastSeen: time, root: index, hosts: new Set(host ? [host] : []), hub: false });
      return;
    }
    if (host) state.hosts.add(host);
    if (!state.hub && state.hosts.size > this.maxFanOut && !key.startsWith('host:')) {
      state.hub = true;
      this.hubs.add(key);
    }
    if (!state.hub && time - state.lastSeen <= this.windowMs) {
      const root = this.union(state.root, index);
      const links = this.linkKeys.get(root) ?? new Set<string>();
      links.add(key);
      this.linkKeys.set(root, links);
    }
    state.lastSeen = time;
    state.root = index;
  }

  private find(index: number): number {
    let root = index;
    while (this.parents[root] !== root) root = this.parents[root]!;
    let current = index;
    while (this.parents[current] !== root) {
      const next = this.parents[current]!;
      this.parents[current] = root;
      current = next;
    }
    return root;
  }

  private union(left: number, right: number): number {
    const leftRoot = this.find(left);
    const rightRoot = this.find(right);
    if (leftRoot === rightRoot) return leftRoot;
    // The earlier alert stays the root, so ids do not depend on feeding order within a batch.
    const [root, child] = leftRoot < rightRoot ? [leftRoot, rightRoot] : [rightRoot, leftRoot];
    this.parents[child] = root;
    const childLinks = this.linkKeys.get(child);
    if (childLinks) {
      const rootLinks = this.linkKeys.get(root) ?? new Set<string>();
      for (const key of childLinks) rootLinks.add(key);
      this.linkKeys.set(root, rootLinks);
      this.linkKeys.delete(child);
    }
    return root;
  }

  /** The current groups, earliest first. */
  groups(): AlertGroup[] {
    const byRoot = new Map<number, { alerts: Alert[]; keys: Set<string> }>();
    this.alerts.forEach((alert, index) => {
      const root = this.find(index);
      const group = byRoot.get(root) ?? { alerts: [], keys: new Set<string>() };
      group.alerts.push(alert);
      for (const key of this.alertKeys[index] ?? []) group.keys.add(key);
      byRoot.set(root, group);
    });
    return [...byRoot.entries()]
      .sort(([left], [right]) => left - right)
      .map(([root, group]) => ({
        alerts: group.alerts,
        linkedBy: [...(this.linkKeys.get(root) ?? [])].sort(),
        keys: [...group.keys].sort(),
      }));
  }
}
