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
import { behaviourTexts } from './behaviour-texts.js';
import type { EvidenceModel } from './evidence-model.js';
import { inferenceReason, inferenceThreshold } from './infer-evidence.js';

export interface Sighting {
  count: number;
  eventId: string;
  timestamp: string;
  field: string;
  text: string;
  host: string;
  /** Whether a rule fired on one of the events that showed it. */
  covered: boolean;
}

export interface UncoveredBehaviourOptions {
  /** Distinct (host, text) pairs remembered; further new pairs are not tracked. Default 100,000. */
  maxKeys?: number;
}

export class UncoveredBehaviour {
  private readonly sightings = new Map<string, Sighting>();
  private readonly maxKeys: number;
  /** New pairs not tracked because the map was full. */
  dropped = 0;

  constructor(options: UncoveredBehaviourOptions = {}) {
    this.maxKeys = options.maxKeys ?? 100_000;
  }

  get size(): number {
    return this.sightings.size;
  }

  /** Counts the event's behaviour; returns the sightings that are new on their host and not covered by a rule. */
  observe(event: Event, covered: boolean): Sighting[] {
    const texts = behaviourTexts(event);
    const fresh: Sighting[] = [];
    if (texts.length === 0) return fresh;
    const host = event.host?.name?.toLowerCase().split('.')[0] ?? '';
    for (const { field, text } of texts) {
      const key = `${host}\n${text}`;
      const known = this.sightings.get(key);
      if (known) {
        known.count += 1;
        known.covered ||= covered;
        continue;
      }
      if (this.sightings.size >= this.maxKeys) {
        this.dropped += 1;
        continue;
      }
      const sighting: Sighting = {
        count: 1,
        eventId: event.id,
        timestamp: event.timestamp,
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
}

export interface InferenceAlertOptions {
  /** Calibrated confidence an inference needs to become an alert. Default: `inferenceThreshold` of its field. */
  minConfidence?: number;
  attack?: { technique(id: string): { name: string } | undefined; coreTacticsOf(id: string): Tactic[] };
}

/** The inference alert for one sighting, or none when the model is not confident enough. */
export function inferenceAlert(
  model: EvidenceModel,
  sighting: Sighting,
  options: InferenceAlertOptions = {},
): Alert | undefined {
  const [best] = model.infer(sighting.text, 1);
  if (!best || best.confidence < (options.minConfidence ?? inferenceThreshold(sighting.field))) return undefined;
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
    description: `confidence ${best.confidence.toFixed(2)}, first seen on ${sighting.host || 'its host'}: ${reason}`,
  };
}
