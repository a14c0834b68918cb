/**
 * The evidence-model cache: a trained evidence model (examples, index, calibration) in one entry
 * under the cache folder ($VIGIL_HOME/cache/evidence-model by the CLI), so a short `investigate`
 * does not train it again. Keyed by the training code's fingerprint, the training options and a
 * content hash of everything the model learns from (evidence-model-key.ts: the Atomic Red Team
 * files, the ATT&CK procedures, and the rule documents with their resolved techniques, hashed as
 * they are, so a hit takes no example). Entries are written and checked by
 * the one cache facility (detect's checked-cache: atomic writes, checksum); the body's shape is
 * checked here too, and an entry that fails either is reported and rebuilt, never used.
 *
 * The body is binary (evidence-model-cache-body.ts): the index's packed arrays as they lie in
 * memory and the texts in two blocks, read back without parsing a value per posting (parsing it
 * as JSON was most of the time a cached model took to load).
 */
import { type CacheFolder, type CacheKind, readCacheEntryBytes, writeCacheEntry } from '../../detect/index.js';
import type { EvidenceExample, EvidenceSource } from './evidence-examples.js';
import { type EvidenceModel, type EvidenceModelSnapshot, restoreEvidenceModel } from './evidence-model.js';
import { decodeModelBody, encodeModelBody, type ModelBody } from './evidence-model-cache-body.js';

export interface EvidenceModelCacheOptions extends CacheFolder {
  /** The training code's fingerprint; evidenceModelFingerprint() by default (tests change it). */
  fingerprint?: string;
}

const format = 2;
/** Entries are tens of megabytes: a few knowledge versions are kept. */
const kind: CacheKind = {
  name: 'evidence-model cache',
  rebuilding: 'training the model again',
  format,
  kept: 3,
  extension: 'bin',
  replaces: 'json',
};

/** The model stored under `key`, or undefined (none, or unusable: then it is reported and removed). */
export function readEvidenceModelCache(cache: CacheFolder, key: string): EvidenceModel | undefined {
  const snapshot = readCacheEntryBytes(cache, kind, key, (body) => parseSnapshot(body, key));
  return snapshot ? restoreEvidenceModel(snapshot) : undefined;
}

export function writeEvidenceModelCache(cache: CacheFolder, key: string, model: EvidenceModel): void {
  const { examples, calibration, index, heldOutShare, calibrationSources } = model.snapshot();
  const texts: string[] = [];
  for (const example of examples)
    texts.push(example.text, example.technique, example.source, example.group, example.label);
  texts.push(...index.features);
  writeCacheEntry(
    cache,
    kind,
    key,
    encodeModelBody({
      meta: {
        format,
        key,
        heldOutShare,
        calibrationSources,
        calibration: calibration.map((step) => [step.upTo, step.probability, step.count]),
        neighbours: index.neighbours,
        examples: examples.length,
      },
      texts,
      frequency: index.frequency,
      postingEnds: index.postingEnds,
      postingExamples: index.examples,
      weights: index.weights,
    }),
  );
}

const sources = new Set<string>(['atomic-red-team', 'attack-procedure', 'sigma-rule', 'sigma-filter']);
const isNumber = (value: unknown): value is number => typeof value === 'number' && Number.isFinite(value);
const isCount = (value: unknown, below: number) =>
  Number.isInteger(value) && (value as number) >= 0 && (value as number) < below;

/** The snapshot in a body, or why it is not one (checked in full: a cache entry is never trusted). */
function parseSnapshot(bytes: Buffer, key: string): EvidenceModelSnapshot | { unusable: string } {
  const body = decodeModelBody(bytes);
  if ('unusable' in body) return body;
  const { meta } = body;
  if (meta.format !== format || meta.key !== key) return { unusable: 'it belongs to another key' };
  const { heldOutShare, calibrationSources, calibration, neighbours, examples: exampleCount } = meta;
  if (!isNumber(heldOutShare) || heldOutShare < 0 || heldOutShare >= 0.5) return { unusable: 'bad heldOutShare' };
  if (!Array.isArray(calibrationSources) || !calibrationSources.every((source) => sources.has(source)))
    return { unusable: 'bad calibrationSources' };
  if (!Number.isInteger(exampleCount) || (exampleCount as number) < 1) return { unusable: 'no examples' };
  const count = exampleCount as number;
  if (body.texts.length < count * 5) return { unusable: 'fewer texts than examples' };
  const restored: EvidenceExample[] = new Array(count);
  const { texts } = body;
  for (let position = 0; position < count; position++) {
    const source = texts[position * 5 + 2]!;
    if (!sources.has(source)) return { unusable: `bad example ${position}` };
    restored[position] = {
      text: texts[position * 5]!,
      technique: texts[position * 5 + 1]!,
      source: source as EvidenceSource,
      group: texts[position * 5 + 3]!,
      label: texts[position * 5 + 4]!,
    };
  }
  if (!Array.isArray(calibration)) return { unusable: 'bad calibration' };
  const steps: EvidenceModelSnapshot['calibration'] = [];
  for (const row of calibration) {
    if (!Array.isArray(row) || !isNumber(row[0]) || !isNumber(row[1]) || !Number.isInteger(row[2]))
      return { unusable: 'bad calibration step' };
    if (row[1] < 0 || row[1] > 1 || (steps.length > 0 && row[0] < steps[steps.length - 1]!.upTo))
      return { unusable: 'calibration steps out of order' };
    steps.push({ upTo: row[0], probability: row[1], count: row[2] });
  }
  if (!Number.isInteger(neighbours) || (neighbours as number) < 1) return { unusable: 'bad neighbours' };
  const index = checkedIndex(body, count, neighbours as number);
  if ('unusable' in index) return index;
  return {
    examples: restored,
    calibration: steps,
    index,
    heldOutShare,
    calibrationSources: calibrationSources as EvidenceSource[],
  };
}

/** The index state in a body: every count, posting and weight checked against the examples. */
function checkedIndex(
  body: ModelBody,
  examples: number,
  neighbours: number,
): EvidenceModelSnapshot['index'] | { unusable: string } {
  const features = body.texts.slice(examples * 5);
  const { frequency, postingEnds, postingExamples, weights } = body;
  if (frequency.length !== features.length || postingEnds.length !== features.length) return { unusable: 'no index' };
  if (postingExamples.length !== weights.length) return { unusable: 'the postings are uneven' };
  let start = 0;
  for (let number = 0; number < features.length; number++) {
    if (!isCount(frequency[number], examples + 1)) return { unusable: 'bad document frequency' };
    const end = postingEnds[number]!;
    if (end < start || end > postingExamples.length)
      return { unusable: `posting list of "${features[number]}" is out of place` };
    for (let position = start; position < end; position++)
      if (
        !isCount(postingExamples[position], examples) ||
        (position > start && postingExamples[position]! <= postingExamples[position - 1]!) ||
        !isNumber(weights[position])
      )
        return { unusable: `bad posting of "${features[number]}"` };
    start = end;
  }
  if (start !== postingExamples.length) return { unusable: 'postings past the last feature' };
  return { neighbours, features, frequency, postingEnds, examples: postingExamples, weights };
}
