/**
 * Behaviour no rule fired on, watched as events stream past with bounded memory, and the
 * inference alerts it gives. Each (host, behaviour text) is counted; the first time a host shows
 * a behaviour no rule covered, it is classified (within a budget of classifications per
 * detection), and only a confident inference, by the threshold its field asks, becomes an alert
 * with its reason. First-seen on its host is the rarity signal here: a streaming deployment cannot
 * wait to learn how often a behaviour will recur. The cost on the ingest path is one map update
 * per behaviour text, and at most `budget` classifications in all.
 */
import { createHash } from 'node:crypto';
import type { Alert, Event, Tactic } from '../../core/index.js';
import { isWeakAlert } from '../../correlate/index.js';
import { behaviourTexts } from './behaviour-texts.js';
import type { CalibratedCandidate, EvidenceModel } from './evidence-model.js';
import { inferenceReason, inferenceThreshold } from './infer-evidence.js';
import { restatesRule } from './restates-rule.js';
import { pipelineField, ShellPipelines } from './shell-pipeline.js';

export interface Sighting {
  count: number;
  eventId: string;
  /** When it was first sighted (the first event to show it, in arrival order). */
  timestamp: string;
  /** Earliest and latest event time it was seen at (ms). */
  earliest: number;
  latest: number;
  field: string;
  text: string;
  host: string;
  /** Whether a rule fired on one of the events that showed it. */
  covered: boolean;
}

export interface UncoveredBehaviourOptions {
  /** Distinct (host, text) pairs remembered; further new pairs are not tracked. Default 100,000. */
  maxKeys?: number;
  /** Hosts whose recorded span is kept. Default 10,000. */
  maxHosts?: number;
  /** Sightings a behaviour needs before it can recur through its host's record (`recurring`). Default 5. */
  minRepeats?: number;
  /** Share of its host's recorded span a recurring behaviour's sightings must cover. Default 0.5. */
  minShare?: number;
}

export class UncoveredBehaviour {
  private readonly sightings = new Map<string, Sighting>();
  private readonly hostSpans = new Map<string, { first: number; last: number }>();
  /** Commands a shell started together (pipelines), rebuilt from their processes. */
  private readonly pipelines = new ShellPipelines();
  private readonly options: Required<UncoveredBehaviourOptions>;
  /** New pairs not tracked because the map was full. */
  dropped = 0;

  constructor(options: UncoveredBehaviourOptions = {}) {
    this.options = { maxKeys: 100_000, maxHosts: 10_000, minRepeats: 5, minShare: 0.5, ...options };
  }

  get size(): number {
    return this.sightings.size;
  }

  /** Counts the event's behaviour; returns the sightings that are new on their host and not covered by a rule. */
  observe(event: Event, covered: boolean): Sighting[] {
    const host = hostOf(event);
    const time = Date.parse(event.timestamp);
    if (Number.isFinite(time)) this.observeSpan(host, time);
    const texts = behaviourTexts(event);
    const pipeline = this.pipelines.observe(event);
    if (pipeline !== undefined) texts.push({ field: pipelineField, text: pipeline });
    const fresh: Sighting[] = [];
    if (texts.length === 0) return fresh;
    for (const { field, text } of texts) {
      const key = `${host}\n${text}`;
      const known = this.sightings.get(key);
      if (known) {
        known.count += 1;
        known.covered ||= covered;
        if (time < known.earliest) known.earliest = time;
        if (time > known.latest) known.latest = time;
        continue;
      }
      if (this.sightings.size >= this.options.maxKeys) {
        this.dropped += 1;
        continue;
      }
      const sighting: Sighting = {
        count: 1,
        eventId: event.id,
        timestamp: event.timestamp,
        earliest: Number.isFinite(time) ? time : Number.POSITIVE_INFINITY,
        latest: Number.isFinite(time) ? time : Number.NEGATIVE_INFINITY,
        field,
        text,
        host,
        covered,
      };
      this.sightings.set(key, sighting);
      if (!covered) fresh.push(sighting);
    }
    return fresh;
  }

  /**
   * Why a behaviour recurs through its host's record, when it does: seen at least `minRepeats`
   * times, from first to last sighting over at least `minShare` of the time recorded of that host.
   * An attack step is done once or a few times; the same text again and again from the start of
   * the record to its end is a running program's loop (an agent's sleep between check-ins) or the
   * host's background. Undefined when it does not recur, or was not tracked.
   */
  recurring(event: Event, text: string): string | undefined {
    const host = hostOf(event);
    const sighting = this.sightings.get(`${host}\n${text}`);
    const span = this.hostSpans.get(host);
    if (!sighting || !span || sighting.count < this.options.minRepeats) return undefined;
    const recorded = span.last - span.first;
    if (recorded <= 0 || sighting.latest - sighting.earliest < this.options.minShare * recorded) return undefined;
    return `"${text.length > 80 ? `${text.slice(0, 77)}...` : text}" recurs ${sighting.count} times through ${host || 'its host'}'s record (${Math.round((100 * (sighting.latest - sighting.earliest)) / recorded)}% of the time recorded): a running program's loop or the host's background, not one step`;
  }

  private observeSpan(host: string, time: number): void {
    const span = this.hostSpans.get(host);
    if (span) {
      if (time < span.first) span.first = time;
      if (time > span.last) span.last = time;
    } else if (this.hostSpans.size < this.options.maxHosts) this.hostSpans.set(host, { first: time, last: time });
  }
}

/**
 * Whether an event's detections cover its behaviour: a rule or analytic alert that makes an
 * incident on its own (not weak). A weak (low or informational) detection alone stays a set of
 * alerts until something corroborates it (`evidenceStrength`), so the behaviour it fired on is
 * still watched: an inference naming a technique there is that corroboration, the second witness
 * a weak claim needs. A strong detection's events are reasoned about with inference anyway.
 */
export function coversBehaviour(alerts: readonly Alert[]): boolean {
  return alerts.some((alert) => (alert.source === 'sigma' || alert.source === 'analytic') && !isWeakAlert(alert));
}

const hostOf = (event: Event) => event.host?.name?.toLowerCase().split('.')[0] ?? '';

export interface InferenceAlertOptions {
  /** Calibrated confidence an inference needs to become an alert. Default: `inferenceThreshold` of its field. */
  minConfidence?: number;
  attack?: { technique(id: string): { name: string } | undefined; coreTacticsOf(id: string): Tactic[] };
  /**
   * The weak (low or informational) detections on the sighting's event, when any: what they claim
   * is half a claim already, and an inference naming it is its second witness (`secondWitness`).
   */
  weakAlerts?: readonly Alert[];
}

/**
 * Calibrated confidence an inference needs to be the second witness of a weak detection on the
 * same event that claims the same (parent) technique: more likely than not. On its own it needs
 * `inferenceThreshold`; beside a rule that already names the technique it only has to agree.
 */
export const secondWitnessConfidence = 0.5;

const parentOf = (technique: string) => technique.split('.')[0]!;

/**
 * The candidate that is the second witness of a weak detection on the event: it names a technique
 * (parent) a weak detection there claims, at `secondWitnessConfidence`, and is not that rule's own
 * detection value learned back (`restatesRule`: the rule saying its match again).
 */
function secondWitness(candidates: readonly CalibratedCandidate[], weakAlerts: readonly Alert[]) {
  if (weakAlerts.length === 0) return undefined;
  const claimed = new Set(weakAlerts.flatMap((alert) => alert.techniques.map(parentOf)));
  const titles = new Set(weakAlerts.map((alert) => alert.ruleTitle));
  return candidates.find(
    (candidate) =>
      candidate.confidence >= secondWitnessConfidence &&
      claimed.has(parentOf(candidate.technique)) &&
      !restatesRule(candidate, titles),
  );
}

/**
 * The inference alert for one sighting, or none when the model is not confident enough: a
 * confident inference by its field's threshold, else the second witness of a weak detection on
 * the same event.
 */
export function inferenceAlert(
  model: EvidenceModel,
  sighting: Sighting,
  options: InferenceAlertOptions = {},
): Alert | undefined {
  const candidates = model.infer(sighting.text, 2);
  const [first] = candidates;
  const confident =
    first && first.confidence >= (options.minConfidence ?? inferenceThreshold(sighting.field)) ? first : undefined;
  const best = confident ?? secondWitness(candidates, options.weakAlerts ?? []);
  if (!best) return undefined;
  const name = options.attack?.technique(best.technique)?.name;
  const reason = inferenceReason({ field: sighting.field, value: sighting.text, ...best });
  const ruleId = `inference:${best.technique}`;
  return {
    id: `alert-inference-${createHash('sha256').update(`${ruleId}\n${sighting.eventId}\n${sighting.field}`).digest('hex').slice(0, 32)}`,
    source: 'inference',
    ruleId,
    ruleTitle: `Behaviour resembling ${best.technique}${name ? ` ${name}` : ''}`,
    severity: best.confidence >= 0.95 ? 'high' : 'medium',
    timestamp: sighting.timestamp,
    eventIds: [sighting.eventId],
    techniques: [best.technique],
    tactics: options.attack?.coreTacticsOf(best.technique) ?? [],
    cves: [],
    description: `confidence ${best.confidence.toFixed(2)}, first seen on ${sighting.host || 'its host'}${confident ? '' : ', the second witness of a weak detection there naming it'}: ${reason}`,
  };
}
