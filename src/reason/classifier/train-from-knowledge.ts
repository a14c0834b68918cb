/**
 * Training data for the technique classifier from what is at hand: ATT&CK procedure examples
 * (preferred), technique descriptions split into sentences (when only the catalog is loaded),
 * and the text of analyst-confirmed incidents labelled with their techniques.
 */
import type { AttackCatalog } from '../../detect/index.js';
import type { ProcedureExample } from './read-bundle-procedures.js';
import type { TrainingExample } from './technique-classifier.js';

export interface ConfirmedIncidentText {
  text: string;
  techniques: readonly string[];
}

export function trainingExamples(sources: {
  procedures?: readonly ProcedureExample[];
  attack?: Pick<AttackCatalog, 'techniques'> | undefined;
  confirmedIncidents?: readonly ConfirmedIncidentText[];
}): TrainingExample[] {
  const examples: TrainingExample[] = [];
  for (const procedure of sources.procedures ?? [])
    examples.push({ text: procedure.text, technique: procedure.technique });
  if (examples.length === 0 && sources.attack) {
    for (const technique of sources.attack.techniques()) {
      if (technique.revoked || technique.deprecated) continue;
      examples.push({ text: technique.name, technique: technique.id });
      for (const sentence of (technique.description ?? '').split(/(?<=\.)\s+/).slice(0, 12))
        if (sentence.length > 20) examples.push({ text: sentence, technique: technique.id });
    }
  }
  for (const incident of sources.confirmedIncidents ?? [])
    for (const technique of incident.techniques) examples.push({ text: incident.text, technique });
  return examples;
}
