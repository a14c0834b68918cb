/**
 * Groups alerts into incidents by shared entities within a time window (union–find).
 * Alerts must be added in time order; link facts (logons, process creations, from any event)
 * may be observed at any time before the alerts they explain. For a given time-ordered input
 * the result is the same whether it is fed at once (batch) or item by item (streaming).
 *
 * Rules, each recorded in the group's explanation when it merges or keeps apart:
 * - shared entity within `windowMs` links two alerts;
 * - logon-session and process-tree facts extend an alert's entities to where its session came
 *   from and to its process ancestors;
 * - threat-intelligence matches and Sigma correlation results are strong links: they reach back
 *   `strongWindowMs` and their indicator values may fan out to `strongFanOut` hosts;
 * - fan-out limit: an entity seen on more than `maxFanOut` distinct hosts within the strong-link
 *   window becomes a hub (a domain controller, a proxy, a scanner) and links nothing while it stays
 *   one: it stops being a hub once fewer hosts than that have shown it within the window.
 * Everything a key's state holds is bounded by event time: a key not seen for longer than the
 * strong-link window starts afresh (no window, fan-out or hub reaches that far back), so what an
 * alert links to depends only on the alerts of the window before it, never on alerts years older,
 * nor on when the memory was swept (`keyStateAt`). Swept state is exactly that state; link facts
 * are bounded by `EntityContext`.
 */
import type { Alert, CorrelationExplanation, Event, MergeRule } from '../core/index.js';
import { emptyExplanation, maxExplanationEntries, mergeExplanations } from './correlation-explanation.js';
import { EntityContext, type EntityContextOptions } from './entity-context.js';
import { entityKeysOf, keyText } from './entity-keys.js';
import { type LinkFact, linkFactOf } from './link-facts.js';

export interface CorrelatorOptions {
  /** Two alerts sharing an entity are linked when at most this far apart (ms). Default 4 h. */
  windowMs?: number;
  /** Window of strong links (threat-intelligence matches, correlation results). Default 24 h. */
  strongWindowMs?: number;
  /** Distinct hosts an entity key may link before it becomes a hub. Default 5. */
  maxFanOut?: number;
  /** Fan-out limit for indicator values of threat-intelligence matches. Default 20. */
  strongFanOut?: number;
  /** Bounds of the logon-session and process-tree memory. */
  context?: EntityContextOptions;
  /**
   * Which groups become incidents in `correlateWithExplanations`: `corroborated` (default) leaves
   * a single weak detection as alerts (`evidence-strength.ts`); `any` makes every group one.
   */
  evidence?: 'corroborated' | 'any';
  /** Alerts whose evidence is routine (baseline-common): context in a group, never what makes it an incident. */
  routine?: (alert: Alert) => boolean;
}

export interface AlertGroup {
  alerts: Alert[];
  /** Entity keys through which the alerts were linked. */
  linkedBy: string[];
  /** Every entity key seen on the group's events (and reached through link facts). */
  keys: string[];
  /** Why the alerts were merged, and which links were refused. */
  explanation: CorrelationExplanation;
}

interface KeyState {
  lastSeen: number;
  lastAlert: number;
  /** Rule of the strong alert that last touched the key, if it was strong. */
  strongRule: MergeRule | undefined;
  /**
   * The hosts that most recently showed the key, each with its last time, oldest first; at most
   * one more than the largest fan-out limit (enough to tell whether the limit is passed).
   */
  hosts: Map<string, number>;
  /** More hosts than the fan-out limit showed the key within the strong-link window. */
  hub: boolean;
}

/**
 * A key's state as an alert at `time` may use it: none once the key was last seen longer than
 * `horizonMs` ago (beyond every window), so state forgotten by a sweep and state not yet swept
 * give the same result. Hosts seen before the horizon no longer count towards the fan-out.
 */
export function keyStateAt<State extends { lastSeen: number; hosts: Map<string, number> }>(
  state: State | undefined,
  time: number,
  horizonMs: number,
): State | undefined {
  if (!state || time - state.lastSeen > horizonMs) return undefined;
  for (const [host, seen] of state.hosts) {
    if (time - seen <= horizonMs) break;
    state.hosts.delete(host);
  }
  return state;
}

type Strength = { rule: MergeRule; via?: string | undefined; eventId?: string | undefined };

const strongSources = new Set(['indicator', 'stix-pattern']);

export class IncidentCorrelator {
  private readonly windowMs: number;
  private readonly strongWindowMs: number;
  private readonly maxFanOut: number;
  private readonly strongFanOut: number;
  private readonly context: EntityContext;
  private readonly alerts: Alert[] = [];
  private readonly alertKeys: string[][] = [];
  private readonly parents: number[] = [];
  private readonly linkKeys = new Map<number, Set<string>>();
  private readonly explanations = new Map<number, CorrelationExplanation>();
  private readonly keyStates = new Map<string, KeyState>();
  private lastTimestamp = Number.NEGATIVE_INFINITY;
  private lastSweep = Number.NEGATIVE_INFINITY;

  constructor(options: CorrelatorOptions = {}) {
    this.windowMs = options.windowMs ?? 4 * 60 * 60 * 1000;
    this.strongWindowMs = Math.max(options.strongWindowMs ?? 24 * 60 * 60 * 1000, this.windowMs);
    this.maxFanOut = options.maxFanOut ?? 5;
    this.strongFanOut = Math.max(options.strongFanOut ?? 20, this.maxFanOut);
    this.context = new EntityContext({ retentionMs: this.strongWindowMs, ...options.context });
  }

  /** Entity keys currently remembered (bounded by eviction). */
  get trackedKeys(): number {
    return this.keyStates.size;
  }

  /** Link facts currently remembered. */
  get trackedFacts(): number {
    return this.context.size;
  }

  /** Remembers what any event says about logon sessions and process parentage. */
  observe(event: Event): void {
    const fact = linkFactOf(event);
    if (fact) this.context.observe(fact);
  }

  observeFact(fact: LinkFact): void {
    this.context.observe(fact);
  }

  /** Adds one alert with the events it fired on. */
  add(alert: Alert, events: readonly Event[]): void {
    const time = Date.parse(alert.timestamp);
    if (time < this.lastTimestamp) throw new RangeError('alerts must be added in time order');
    this.insert(alert, events, time);
  }

  /** Adds an alert that arrived after later ones were added: it links as if it happened now. */
  addLate(alert: Alert, events: readonly Event[]): void {
    this.insert(alert, events, Math.max(Date.parse(alert.timestamp), this.lastTimestamp));
  }

  private insert(alert: Alert, events: readonly Event[], time: number): void {
    this.lastTimestamp = time;
    const index = this.alerts.length;
    this.alerts.push(alert);
    this.parents.push(index);
    const keys = new Map<string, Strength | undefined>();
    let host: string | undefined;
    for (const event of events) {
      for (const key of entityKeysOf(event)) {
        if (key.kind === 'host') host ??= key.value;
        keys.set(keyText(key), undefined);
      }
    }
    const matched = alert.match?.value.toLowerCase();
    for (const key of keys.keys()) {
      if (strongSources.has(alert.source) && matched !== undefined && key.endsWith(`:${matched}`))
        keys.set(key, { rule: 'threat-intel' });
      else if (alert.source === 'sigma-correlation') keys.set(key, { rule: 'correlation-rule' });
    }
    for (const expanded of this.context.expand(keys.keys(), time)) {
      keys.set(expanded.key, { rule: expanded.via, via: expanded.from, eventId: expanded.eventId });
    }
    this.alertKeys.push([...keys.keys()]);
    for (const [key, strength] of keys) this.link(index, key, time, host, strength);
    if (time - this.lastSweep > this.windowMs / 4) this.sweep(time);
  }

  /** Keys that are hubs now (seen on more hosts than the fan-out limit within the strong-link window). */
  get hubs(): Set<string> {
    return new Set([...this.keyStates].filter(([, state]) => state.hub).map(([key]) => key));
  }

  /** Forgets entity state that no future alert can link to any more (`keyStateAt` already ignores it). */
  private sweep(time: number): void {
    this.lastSweep = time;
    for (const [key, state] of this.keyStates)
      if (keyStateAt(state, time, this.strongWindowMs) === undefined) this.keyStates.delete(key);
  }

  private link(index: number, key: string, time: number, host: string | undefined, strength: Strength | undefined) {
    const strongRule =
      strength?.rule === 'threat-intel' || strength?.rule === 'correlation-rule' ? strength.rule : undefined;
    const state = keyStateAt(this.keyStates.get(key), time, this.strongWindowMs);
    if (!state) {
      this.keyStates.set(key, {
        lastSeen: time,
        lastAlert: index,
        strongRule,
        hosts: new Map(host && !key.startsWith('host:') ? [[host, time]] : []),
        hub: false,
      });
      return;
    }
    const at = this.alerts[index]!.timestamp;
    const alertId = this.alerts[index]!.id;
    if (host && !key.startsWith('host:')) {
      state.hosts.delete(host);
      state.hosts.set(host, time);
      if (state.hosts.size > this.strongFanOut + 1) state.hosts.delete(state.hosts.keys().next().value!);
      const limit =
        strongRule === 'threat-intel' || state.strongRule === 'threat-intel' ? this.strongFanOut : this.maxFanOut;
      // A hub stays one while more hosts than the smaller limit showed it within the window.
      const hub = state.hosts.size > (state.hub ? this.maxFanOut : limit);
      if (hub && !state.hub)
        this.explain(index, {
          kind: 'split',
          entry: {
            rule: 'hub-entity',
            key,
            alertId,
            at,
            reason: `${key} was seen on more than ${limit} hosts: treated as a hub (shared infrastructure) and no longer links`,
          },
        });
      state.hub = hub;
    }
    const rule = strongRule ?? state.strongRule;
    const window = rule ? this.strongWindowMs : this.windowMs;
    const gap = time - state.lastSeen;
    if (state.hub) {
      // explained when the key became a hub
    } else if (gap > window) {
      if (this.find(state.lastAlert) !== this.find(index)) {
        this.explain(index, {
          kind: 'split',
          entry: {
            rule: 'outside-window',
            key,
            alertId,
            at,
            reason: `${key} was last seen ${Math.round(gap / 60000)} min earlier, beyond the ${Math.round(window / 60000)} min window`,
          },
        });
      }
    } else {
      const previous = state.lastAlert;
      const joined = this.find(previous) !== this.find(index);
      const root = this.union(previous, index);
      const links = this.linkKeys.get(root) ?? new Set<string>();
      links.add(key);
      this.linkKeys.set(root, links);
      if (joined) {
        const mergeRule: MergeRule = rule ?? strength?.rule ?? 'shared-entity';
        this.explain(index, {
          kind: 'merge',
          entry: {
            rule: mergeRule,
            key,
            alertId,
            joinedAlertId: this.alerts[previous]!.id,
            at,
            ...(strength?.eventId ? { eventId: strength.eventId } : {}),
            reason: reasonFor(mergeRule, key, strength?.via),
          },
        });
      }
    }
    state.lastSeen = time;
    state.lastAlert = index;
    state.strongRule = strongRule;
  }

  private explain(
    index: number,
    item:
      | { kind: 'merge'; entry: CorrelationExplanation['merges'][number] }
      | { kind: 'split'; entry: CorrelationExplanation['splits'][number] },
  ): void {
    const root = this.find(index);
    const explanation = this.explanations.get(root) ?? emptyExplanation();
    const list: unknown[] = item.kind === 'merge' ? explanation.merges : explanation.splits;
    if (list.length < maxExplanationEntries) list.push(item.entry);
    else explanation.omitted += 1;
    this.explanations.set(root, explanation);
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
    const childExplanation = this.explanations.get(child);
    if (childExplanation) {
      const rootExplanation = this.explanations.get(root) ?? emptyExplanation();
      mergeExplanations(rootExplanation, childExplanation);
      this.explanations.set(root, rootExplanation);
      this.explanations.delete(child);
    }
    return root;
  }

  /** The current group of one alert (by id), or undefined when the alert is unknown. */
  groupOf(alertId: string): AlertGroup | undefined {
    const index = this.alerts.findIndex((alert) => alert.id === alertId);
    if (index === -1) return undefined;
    const root = this.find(index);
    const alerts: Alert[] = [];
    const keys = new Set<string>();
    this.alerts.forEach((alert, other) => {
      if (this.find(other) !== root) return;
      alerts.push(alert);
      for (const key of this.alertKeys[other] ?? []) keys.add(key);
    });
    return {
      alerts,
      linkedBy: [...(this.linkKeys.get(root) ?? [])].sort(),
      keys: [...keys].sort(),
      explanation: structuredClone(this.explanations.get(root) ?? emptyExplanation()),
    };
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
        explanation: structuredClone(this.explanations.get(root) ?? emptyExplanation()),
      }));
  }
}

function reasonFor(rule: MergeRule, key: string, via: string | undefined): string {
  switch (rule) {
    case 'logon-session':
      return `the alert's logon session (${via}) came from ${key}, which the other alert involves`;
    case 'process-tree':
      return `the alert's process tree (${via}) leads to ${key}, which the other alert involves`;
    case 'threat-intel':
      return `both involve the threat-intelligence indicator value ${key} (strong link)`;
    case 'correlation-rule':
      return `a Sigma correlation result groups activity of ${key} (strong link)`;
    default:
      return `both alerts' events involve ${key} within the window`;
  }
}
