/**
 * Routine evidence: a detection whose evidence is the same behaviour repeated through the
 * recording, before and after, is that host's (or that account's) background, not an attack step:
 * a monitoring agent's command every five minutes, an administrator's same remote-management
 * command on server after server all day. Computed on the data itself, as it streams past:
 *
 * - the evidence of a single-event detection is its trigger event's behaviour, masked of what
 *   varies between repetitions (digits, so process ids, times, ports and serials): the program,
 *   its parent and its command line, or the message;
 * - for each (host, rule, evidence) and each (account, rule, evidence), the first and last time it
 *   fired and in how many distinct minutes;
 * - routine when it fired in at least `minMinutes` distinct minutes spread over at least
 *   `minShare` of the time recorded (the host's own span for a host key, all records' span for an
 *   account, which moves between hosts).
 *
 * Never routine: detections of a pattern over many events (correlation rules, behaviour
 * analytics: repetition is what they judge), threat-intelligence matches, and critical rules
 * (their authors' word that the behaviour is never background). Varied evidence under one rule
 * (an attacker's different commands) is not routine however often the rule fires.
 *
 * State: at most `maxHosts` host spans and `maxKeys` keys of four numbers each (default 10,000 and
 * 100,000: about 10 MB at most); keys beyond the bound are not tracked (never routine).
 */
import { createHash } from 'node:crypto';
import type { Alert, Event } from '../../core/index.js';

export interface RoutineEvidenceOptions {
  maxHosts?: number;
  maxKeys?: number;
  /** Distinct minutes the same evidence must fire in. Default 4. */
  minMinutes?: number;
  /** Share of the recorded span its firings must cover. Default 0.5. */
  minShare?: number;
}

interface Firing {
  first: number;
  last: number;
  minutes: number;
  lastMinute: number;
}

const repetitionSources = new Set<Alert['source']>(['sigma-correlation', 'analytic', 'indicator', 'stix-pattern']);
const hostKey = (name: string) => name.toLowerCase().split('.')[0]!;

/** Whether an alert is of a kind that can be routine at all. */
export function canBeRoutine(alert: Pick<Alert, 'source' | 'severity'>): boolean {
  return !repetitionSources.has(alert.source) && alert.severity !== 'critical';
}

/** The account an event's behaviour runs as, when it names one. */
export function actorOf(event: Event): string | undefined {
  const name = event.user?.name?.toLowerCase();
  if (!name) return undefined;
  return event.user?.domain ? `${event.user.domain.toLowerCase()}\\${name}` : name;
}

/** The behaviour an event shows, without what varies between repetitions of it. */
export function evidenceSignature(event: Event): string {
  const parts = [
    event.code ?? '',
    event.process?.parent?.name ?? event.process?.parent?.executable ?? '',
    event.process?.executable ?? event.process?.name ?? '',
    event.process?.commandLine ?? event.registry?.key ?? event.file?.path ?? event.message ?? '',
  ];
  const masked = parts
    .join('\n')
    .toLowerCase()
    .slice(0, 2_000)
    .replace(/[0-9]+/g, '0');
  return createHash('sha256').update(masked).digest('hex').slice(0, 24);
}

export class RoutineEvidence {
  private readonly hostSpans = new Map<string, { first: number; last: number }>();
  private readonly firings = new Map<string, Firing>();
  private readonly signatures = new WeakMap<Event, string>();
  private first = Number.POSITIVE_INFINITY;
  private last = Number.NEGATIVE_INFINITY;
  private readonly options: Required<RoutineEvidenceOptions>;

  constructor(options: RoutineEvidenceOptions = {}) {
    this.options = { maxHosts: 10_000, maxKeys: 100_000, minMinutes: 4, minShare: 0.5, ...options };
  }

  get size(): number {
    return this.firings.size;
  }

  observeEvent(event: Event): void {
    const time = Date.parse(event.timestamp);
    if (!Number.isFinite(time)) return;
    if (time < this.first) this.first = time;
    if (time > this.last) this.last = time;
    const host = event.host?.name;
    if (!host) return;
    const key = hostKey(host);
    const span = this.hostSpans.get(key);
    if (span) {
      if (time < span.first) span.first = time;
      if (time > span.last) span.last = time;
    } else if (this.hostSpans.size < this.options.maxHosts) this.hostSpans.set(key, { first: time, last: time });
  }

  /** Records a detection on the event that triggered it. */
  observeAlert(alert: Alert, event: Event): void {
    if (!canBeRoutine(alert)) return;
    const time = Date.parse(alert.timestamp);
    if (!Number.isFinite(time)) return;
    for (const key of this.keysOf(alert, event)) if (key) this.fired(key, time);
  }

  /** Why the alert's evidence is routine, or undefined when it is not. */
  routine(alert: Alert, event: Event | undefined): string | undefined {
    if (!event || !canBeRoutine(alert)) return undefined;
    const [hostKeyName, actorKeyName] = this.keysOf(alert, event, true);
    const host = event.host?.name ? this.hostSpans.get(hostKey(event.host.name)) : undefined;
    if (hostKeyName && host && this.spread(this.firings.get(hostKeyName), host.last - host.first))
      return `the same evidence fired "${alert.ruleTitle}" through ${event.host!.name}'s recorded history (${this.firings.get(hostKeyName)!.minutes} distinct minutes): routine there`;
    if (actorKeyName && this.spread(this.firings.get(actorKeyName), this.last - this.first))
      return `${actorOf(event)} did the same thing ("${alert.ruleTitle}") throughout the recording (${this.firings.get(actorKeyName)!.minutes} distinct minutes): routine for that account`;
    return undefined;
  }

  private spread(firing: Firing | undefined, span: number): boolean {
    if (!firing || span <= 0) return false;
    return firing.minutes >= this.options.minMinutes && firing.last - firing.first >= this.options.minShare * span;
  }

  private keysOf(alert: Alert, event: Event, positional = false): Array<string | undefined> {
    // An event's signature is asked again each time its alerts are judged (the workers judge as the record grows).
    let signature = this.signatures.get(event);
    if (signature === undefined) {
      signature = evidenceSignature(event);
      this.signatures.set(event, signature);
    }
    const host = event.host?.name ? `h\n${hostKey(event.host.name)}\n${alert.ruleId}\n${signature}` : undefined;
    const actor = actorOf(event);
    const account = actor ? `a\n${actor}\n${alert.ruleId}\n${signature}` : undefined;
    return positional ? [host, account] : [host, account].filter((key): key is string => key !== undefined);
  }

  private fired(key: string, time: number): void {
    const minute = Math.floor(time / 60_000);
    const firing = this.firings.get(key);
    if (!firing) {
      if (this.firings.size >= this.options.maxKeys) return;
      this.firings.set(key, { first: time, last: time, minutes: 1, lastMinute: minute });
      return;
    }
    if (time < firing.first) firing.first = time;
    if (time > firing.last) firing.last = time;
    if (minute !== firing.lastMinute) {
      firing.minutes += 1;
      firing.lastMinute = minute;
    }
  }
}
