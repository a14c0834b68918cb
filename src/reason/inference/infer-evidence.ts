/**
 * Evidence inference over events: each event's behaviour texts (per command, per statement)
 * go to the evidence model, and the candidates at or above a confidence floor come back with
 * their reason: the field and value that matched and the nearest known procedure or command.
 * Bounded: at most `maxTexts` distinct texts are classified per call, identical texts once.
 */
import type { Event } from '../../core/index.js';
import { behaviourTexts } from './behaviour-texts.js';
import { buildingBlock } from './building-block.js';
import type { CalibratedCandidate, EvidenceModel } from './evidence-model.js';
import { pipelineField, ShellPipelines } from './shell-pipeline.js';

export interface EvidenceInference {
  eventId: string;
  technique: string;
  /** Calibrated probability (held-out) that the behaviour shows this parent technique. */
  confidence: number;
  field: string;
  value: string;
  nearest: CalibratedCandidate['nearest'];
  sharedTerms: string[];
  /** The known examples containing the whole text, when any do (`EvidenceCandidate.containedIn`). */
  containedIn?: CalibratedCandidate['containedIn'];
}

export interface InferenceOptions {
  /** Distinct texts classified. Default 400. */
  maxTexts?: number;
  /** Candidates below this calibrated confidence are dropped. Default 0.3. */
  minConfidence?: number;
  /** Results by text, shared between calls of one run so a text is classified once. */
  cache?: Map<string, CalibratedCandidate[]>;
}

/**
 * Fields that record an action (a command run, a script, a service or task installed, a WMI
 * subscription): behaviour that resembles a known attack command is itself telling. Other
 * fields record a location or a context (a registry key, a file path, a logon type, a port, a
 * DNS name), shared by attacks and the background alike, and need far more resemblance.
 */
const actionFields = new Set([
  'process.commandLine',
  pipelineField,
  'ScriptBlockText',
  'Payload',
  'ContextInfo',
  'ServiceName',
  'TaskContent',
  'Query',
  'Consumer',
  'Destination',
  'Operation',
  'message',
]);

/** Calibrated confidence an inference needs to name a technique on its own, by the field it came from. */
export function inferenceThreshold(field: string): number {
  return actionFields.has(field) ? 0.6 : 0.85;
}

/** The reason for an inference, in words a person can check against the event. */
export function inferenceReason(
  inference: Pick<EvidenceInference, 'field' | 'value' | 'nearest' | 'sharedTerms' | 'containedIn'>,
): string {
  const value = inference.value.length > 160 ? `${inference.value.slice(0, 157)}...` : inference.value;
  const nearest =
    inference.nearest.text.length > 120 ? `${inference.nearest.text.slice(0, 117)}...` : inference.nearest.text;
  const block = buildingBlock(inference.containedIn);
  const part = block ? `; ${block.reason}` : '';
  return `${inference.field} "${value}" is nearest to ${inference.nearest.label}: "${nearest}"${inference.sharedTerms.length > 0 ? ` (shared: ${inference.sharedTerms.join(', ')})` : ''}${part}`;
}

export function inferEvidence(
  model: EvidenceModel,
  events: Iterable<Event>,
  options: InferenceOptions = {},
): EvidenceInference[] {
  const maxTexts = options.maxTexts ?? 400;
  const minConfidence = options.minConfidence ?? 0.3;
  const cache = options.cache ?? new Map<string, CalibratedCandidate[]>();
  const inferences: EvidenceInference[] = [];
  let classified = 0;
  const pipelines = new ShellPipelines();
  for (const event of events) {
    const texts = behaviourTexts(event);
    const pipeline = pipelines.observe(event);
    if (pipeline !== undefined) texts.push({ field: pipelineField, text: pipeline });
    for (const { field, text } of texts) {
      let candidates = cache.get(text);
      if (!candidates) {
        if (classified >= maxTexts) continue;
        classified += 1;
        candidates = model.infer(text, 2);
        if (cache.size < 50_000) cache.set(text, candidates);
      }
      for (const candidate of candidates) {
        if (candidate.confidence < minConfidence) continue;
        inferences.push({
          eventId: event.id,
          technique: candidate.technique,
          confidence: candidate.confidence,
          field,
          value: text,
          nearest: candidate.nearest,
          sharedTerms: candidate.sharedTerms,
          ...(candidate.containedIn ? { containedIn: candidate.containedIn } : {}),
        });
      }
    }
  }
  return inferences;
}
