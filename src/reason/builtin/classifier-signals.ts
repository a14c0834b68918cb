/**
 * Runs the learned technique classifier over the incident's event text (command lines, script
 * blocks) and alert titles, and keeps confident suggestions with the events they came from.
 * Bounded: at most `maxTexts` distinct texts are classified, so large incidents stay fast.
 */
import type { AttackSequence, EvidenceRef } from '../../core/index.js';
import type { ReasoningInput } from '../reasoner.js';

type Signal = NonNullable<AttackSequence['classifierSignals']>[number];

const maxTexts = 300;
const minimumProbability = 0.35;
const maxSignals = 5;

function textOf(fields: Record<string, unknown>, name: string): string | undefined {
  const value = fields[name];
  return typeof value === 'string' ? value : undefined;
}

/** Classifier suggestions; `claimed` are the techniques the detections already claim. */
export function classifierSignals(input: ReasoningInput, claimed: ReadonlySet<string>): Signal[] {
  const classifier = input.classifier;
  if (!classifier) return [];
  const texts = new Map<string, EvidenceRef[]>();
  const add = (text: string | undefined, reference: EvidenceRef) => {
    if (!text || text.trim().length < 8) return;
    const key = text.trim().slice(0, 2_000);
    const references = texts.get(key);
    if (references) {
      if (references.length < 5) references.push(reference);
    } else if (texts.size < maxTexts) texts.set(key, [reference]);
  };
  for (const event of input.events.values()) {
    const reference: EvidenceRef = { kind: 'event', id: event.id };
    add(event.process?.commandLine, reference);
    add(textOf(event.fields, 'ScriptBlockText'), reference);
  }
  for (const alert of input.alerts.slice(0, 200)) {
    add([alert.ruleTitle, alert.description].filter(Boolean).join('. '), { kind: 'alert', id: alert.id });
  }
  const best = new Map<string, Signal>();
  for (const [text, references] of texts) {
    for (const prediction of classifier.predict(text, 3)) {
      if (prediction.probability < minimumProbability) continue;
      const existing = best.get(prediction.technique);
      if (existing) {
        existing.probability = Math.max(existing.probability, prediction.probability);
        for (const reference of references)
          if (existing.evidence.length < 5 && !existing.evidence.some((known) => known.id === reference.id))
            existing.evidence.push(reference);
        continue;
      }
      const parent = prediction.technique.split('.')[0]!;
      best.set(prediction.technique, {
        technique: prediction.technique,
        probability: prediction.probability,
        corroborates: claimed.has(prediction.technique) || [...claimed].some((id) => id.split('.')[0] === parent),
        evidence: [...references],
      });
    }
  }
  return [...best.values()]
    .sort((left, right) => right.probability - left.probability || left.technique.localeCompare(right.technique))
    .slice(0, maxSignals)
    .map((signal) => ({ ...signal, probability: Number(signal.probability.toFixed(2)) }));
}
