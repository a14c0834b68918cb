/**
 * Child process for the evidence-model cache concurrency test: builds the small test knowledge's
 * model (Atomic Red Team export argv[3]) with the cache in argv[2] (fingerprint argv[4]) and
 * prints its predictions on the probe texts, its origin and the cache's warnings as one JSON line.
 */
import { buildEvidenceModel } from '../build-evidence-model.js';
import { probeTexts, smallKnowledge } from './evidence-knowledge.js';

const [folder, atomics, fingerprint] = process.argv.slice(2) as [string, string, string];
const warnings: string[] = [];
const model = await buildEvidenceModel(smallKnowledge(atomics), {
  cache: { folder, fingerprint, warn: (message) => warnings.push(message) },
});
process.stdout.write(
  `${JSON.stringify({ origin: model?.origin, predictions: probeTexts.map((text) => model?.infer(text)), warnings })}\n`,
);
