/**
 * Behaviour analytics: streaming detectors for what no rule names (beaconing, DNS tunnelling,
 * exfiltration, guessed passwords followed by persistence, spraying, Kerberoasting, lateral
 * movement, first-seen behaviour). Each one is a small object with the detector's interface:
 *
 * - `process(event)` → the alerts this event completes (most events: none);
 * - `flush()` → alerts held until the end of input (none for most analytics), and clears state.
 *
 * Every analytic keeps bounded state: at most `limits.keys` keys (host, source, account, domain…)
 * per table, least recently seen forgotten first, and a fixed-size record per key, so memory does
 * not grow with the number of distinct values an attacker can make up. Alerts are ordinary Alerts
 * (`source: 'analytic'`) with ATT&CK techniques, a confidence and a reason naming the evidence.
 */
import type { Alert, Event, Severity, Tactic } from '../../core/index.js';
import { alertId } from '../alert-factory.js';
import { interpretTags, type TagResolver } from '../rule-meaning.js';
import type { SharedDestinations } from './shared-destinations.js';

export interface BehaviourAnalytic {
  /** Stable id, used as the alerts' `ruleId` (`analytic:<name>`). */
  readonly id: string;
  process(event: Event): Alert[];
  flush(): Alert[];
  /** Keys held now in all its state tables (at most `limits.keys` per table, `× 5` for per-path tables). */
  stateKeys(): number;
}

export interface AnalyticLimits {
  /** Most keys per state table (default 20,000). */
  keys: number;
  /** Most event ids cited per alert (default 20). */
  evidence: number;
}

export interface AnalyticOptions {
  attack?: TagResolver | undefined;
  limits?: Partial<AnalyticLimits>;
  /**
   * Where the beaconing analytic records which destinations are shared infrastructure, for the
   * caller to ask once the record has ended (`SharedDestinations.verdict`).
   */
  sharedDestinations?: SharedDestinations | undefined;
}

export const defaultLimits: AnalyticLimits = { keys: 20_000, evidence: 20 };

export function limitsOf(options: AnalyticOptions): AnalyticLimits {
  return { ...defaultLimits, ...options.limits };
}

/** What an analytic found, before it becomes an Alert. */
export interface Finding {
  analytic: string;
  title: string;
  severity: Severity;
  /** 0..1. */
  confidence: number;
  techniques: readonly string[];
  /** Tactics beyond those of the techniques (for example when no ATT&CK catalogue is loaded). */
  tactics?: readonly Tactic[];
  timestamp: string;
  eventIds: readonly string[];
  /**
   * What makes this the same finding whatever order the events arrived in (for example the
   * channel a beacon uses), for analytics that report a key once; the alert id is made from it.
   * Default: the evidence ids, which can differ when the same events arrive in another order.
   */
  identity?: readonly string[];
  /** Why, in words, naming the values and counts that decided. */
  reason: string;
}

export function findingAlert(finding: Finding, attack: TagResolver | undefined): Alert {
  const tags = [
    ...finding.techniques.map((technique) => `attack.${technique.toLowerCase()}`),
    ...(finding.tactics ?? []).map((tactic) => `attack.${tactic}`),
  ];
  const meaning = interpretTags(tags, attack);
  const eventIds = [...new Set(finding.eventIds)];
  return {
    id: alertId(finding.analytic, finding.identity ?? eventIds),
    source: 'analytic',
    ruleId: finding.analytic,
    ruleTitle: finding.title,
    severity: finding.severity,
    timestamp: finding.timestamp,
    eventIds,
    techniques: meaning.techniques,
    tactics: meaning.tactics,
    cves: [],
    description: finding.reason,
    confidence: Math.round(Math.min(1, Math.max(0, finding.confidence)) * 100) / 100,
  };
}

/** A fixed-size sample of event ids: the first few and the latest ones. */
export class EvidenceSample {
  private readonly first: string[] = [];
  private readonly recent: string[] = [];
  constructor(private readonly limit: number) {}

  add(id: string): void {
    const head = Math.ceil(this.limit / 2);
    if (this.first.length < head) {
      this.first.push(id);
      return;
    }
    this.recent.push(id);
    if (this.recent.length > this.limit - head) this.recent.shift();
  }

  ids(): string[] {
    return [...this.first, ...this.recent];
  }
}

/** A set that stops growing at `limit` members; `size` then stays at the limit. */
export class CappedSet {
  private readonly members = new Set<string>();
  constructor(private readonly limit: number) {}
  add(value: string): void {
    if (this.members.size < this.limit) this.members.add(value);
  }
  has(value: string): boolean {
    return this.members.has(value);
  }
  get size(): number {
    return this.members.size;
  }
  values(): string[] {
    return [...this.members];
  }
}

export function timeOf(event: Event): number {
  return Date.parse(event.timestamp);
}

/** The host an event is about: its host name, else the source address of a network record. */
/**
 * A record field's value as text: a string other than empty or `-` (how Windows writes "none"),
 * or a number; undefined otherwise.
 */
export function fieldText(value: unknown): string | undefined {
  if (typeof value === 'string' && value !== '' && value !== '-') return value;
  if (typeof value === 'number') return String(value);
  return undefined;
}

export function hostOf(event: Event): string | undefined {
  return event.host?.name?.toLowerCase() ?? event.source?.ip;
}

export const minute = 60_000;
export const hour = 60 * minute;
