/**
 * Behaviour no rule fired on, watched during ingest with bounded memory, and the inference
 * alerts it gives after ingest. Each (host, behaviour text) is counted; only behaviour rare on
 * its host (seen at most `maxOccurrences` times there) is classified, within a budget of
 * distinct texts, and only a confident inference becomes an alert, with its reason. This is how
 * events no rule names still reach correlation, without classifying every event of a large
 * input: the cost is one map update per behaviour text during ingest, and at most `budget`
 * classifications after it.
 */
import { createHash } from 'node:crypto';
import type { Alert, Event, Tactic } from '../../core/index.js';
import { behaviourTexts } from './behaviour-texts.js';
import type { EvidenceModel } from './evidence-model.js';
import { inferenceReason, inferenceThreshold } from './infer-evidence.js';

interface Sighting {
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

  observe(event: Event, covered: boolean): void {
    const texts = behaviourTexts(event);
    if (texts.length === 0) return;
    const host = event.host?.name?.toLowerCase().split('.')[0] ?? '';
    for (const { field, text } of texts) {
      const key = `${host}\n${text}`;
      const sighting = this.sightings.get(key);
      if (sighting) {
        sighting.count += 1;
        sighting.covered ||= covered;
        continue;
      }
      if (this.sightings.size >= this.maxKeys) {
        this.dropped += 1;
        continue;
      }
      this.sightings.set(key, { count: 1, eventId: event.id, timestamp: event.timestamp, field, text, host, covered });
    }
  }

  /** Rare behaviour no rule covered, oldest first, up to `limit`. */
  rare(maxOccurrences: number, limit: number): Sighting[] {
    const rare: Sighting[] = [];
    for (const sighting of this.sightings.values()) {
      if (sighting.covered || sighting.count > maxOccurrences) continue;
      rare.push(sighting);
      if (rare.length >= limit) break;
    }
    return rare;
  }
}

export interface InferenceAlertOptions {
  /** Distinct texts classified. Default 2,000. */
  budget?: number;
  /** Behaviour seen more often than this on its host is its background. Default 2. */
  maxOccurrences?: number;
  /** Calibrated confidence an inference needs to become an alert. Default: `inferenceThreshold` of its field. */
  minConfidence?: number;
  attack?: { technique(id: string): { name: string } | undefined; coreTacticsOf(id: string): Tactic[] };
}

export function inferenceAlerts(
  model: EvidenceModel,
  uncovered: UncoveredBehaviour,
  options: InferenceAlertOptions = {},
): Alert[] {
  const alerts: Alert[] = [];
  for (const sighting of uncovered.rare(options.maxOccurrences ?? 2, options.budget ?? 2_000)) {
    const [best] = model.infer(sighting.text, 1);
    if (!best || best.confidence < (options.minConfidence ?? inferenceThreshold(sighting.field))) continue;
    const name = options.attack?.technique(best.technique)?.name;
    const reason = inferenceReason({ field: sighting.field, value: sighting.text, ...best });
    const ruleId = `inference:${best.technique}`;
    alerts.push({
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
      description: `confidence ${best.confidence.toFixed(2)}, seen ${sighting.count} time(s) on ${sighting.host || 'its host'}: ${reason}`,
    });
  }
  return alerts;
}
