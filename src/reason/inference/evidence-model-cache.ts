/**
 * The evidence-model cache: a trained evidence model (examples, index, calibration) in one entry
 * under the cache folder ($VIGIL_HOME/cache/evidence-model by the CLI), so a short `investigate`
 * does not train it again. Keyed by the training code's fingerprint, the training options and a
 * content hash of everything the model learns from (evidence-model-key.ts: the Atomic Red Team
 * files, the ATT&CK procedures, and the rule documents with their resolved techniques, hashed as
 * they are, so a hit takes no example). Entries are written and checked by
 * the one cache facility (detect's checked-cache: atomic writes, checksum); the body's shape is
 * checked here too, and an entry that fails either is reported and rebuilt, never used.
 */
import { type CacheFolder, type CacheKind, readCacheEntry, writeCacheEntry } from '../../detect/index.js';
import type { EvidenceExample, EvidenceSource } from './evidence-examples.js';
import type { EvidenceIndexState } from './evidence-index.js';
import { type EvidenceModel, type EvidenceModelSnapshot, restoreEvidenceModel } from './evidence-model.js';

export interface EvidenceModelCacheOptions extends CacheFolder {
  /** The training code's fingerprint; evidenceModelFingerprint() by default (tests change it). */
  fingerprint?: string;
}

const format = 1;
/** Entries are tens of megabytes: a few knowledge versions are kept. */
const kind: CacheKind = { name: 'evidence-model cache', rebuilding: 'training the model again', format, kept: 3 };

/** The model stored under `key`, or undefined (none, or unusable: then it is reported and removed). */
export function readEvidenceModelCache(cache: CacheFolder, key: string): EvidenceModel | undefined {
  const snapshot = readCacheEntry(cache, kind, key, (body) => parseSnapshot(body, key));
  return snapshot ? restoreEvidenceModel(snapshot) : undefined;
}

export function writeEvidenceModelCache(cache: CacheFolder, key: string, model: EvidenceModel): void {
  const { examples, calibration, index, heldOutShare, calibrationSources } = model.snapshot();
  writeCacheEntry(
    cache,
    kind,
    key,
    JSON.stringify({
      format,
      key,
      heldOutShare,
      calibrationSources,
      examples: examples.map((example) => [
        example.text,
        example.technique,
        example.source,
        example.group,
        example.label,
      ]),
      calibration: calibration.map((step) => [step.upTo, step.probability, step.count]),
      neighbours: index.neighbours,
      documentFrequency: index.documentFrequency,
      postings: index.postings,
    }),
  );
}

const sources = new Set<string>(['atomic-red-team', 'attack-procedure', 'sigma-rule', 'sigma-filter']);
const isNumber = (value: unknown): value is number => typeof value === 'number' && Number.isFinite(value);
const isCount = (value: unknown, below: number) =>
  Number.isInteger(value) && (value as number) >= 0 && (value as number) < below;

/** The snapshot in a body, or why it is not one (checked in full: a cache entry is never trusted). */
function parseSnapshot(body: string, key: string): EvidenceModelSnapshot | { unusable: string } {
  let value: Record<string, unknown>;
  try {
    value = JSON.parse(body);
  } catch {
    return { unusable: 'the body is not JSON' };
  }
  if (!value || typeof value !== 'object') return { unusable: 'the body is not an object' };
  if (value.format !== format || value.key !== key) return { unusable: 'it belongs to another key' };
  const { heldOutShare, calibrationSources, examples, calibration, neighbours, documentFrequency, postings } = value;
  if (!isNumber(heldOutShare) || heldOutShare < 0 || heldOutShare >= 0.5) return { unusable: 'bad heldOutShare' };
  if (!Array.isArray(calibrationSources) || !calibrationSources.every((source) => sources.has(source)))
    return { unusable: 'bad calibrationSources' };
  if (!Array.isArray(examples) || examples.length === 0) return { unusable: 'no examples' };
  const restored: EvidenceExample[] = [];
  for (const [position, row] of examples.entries()) {
    if (!Array.isArray(row) || row.length !== 5 || !row.every((item) => typeof item === 'string'))
      return { unusable: `bad example ${position}` };
    const [text, technique, source, group, label] = row as [string, string, EvidenceSource, string, string];
    if (!sources.has(source)) return { unusable: `bad example ${position}` };
    restored.push({ text, technique, source, group, label });
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
  if (!Array.isArray(documentFrequency) || !Array.isArray(postings)) return { unusable: 'no index' };
  for (const row of documentFrequency)
    if (!Array.isArray(row) || typeof row[0] !== 'string' || !isCount(row[1], restored.length + 1))
      return { unusable: 'bad document frequency' };
  for (const row of postings) {
    if (!Array.isArray(row) || typeof row[0] !== 'string' || !Array.isArray(row[1]) || !Array.isArray(row[2]))
      return { unusable: 'bad posting list' };
    const ids = row[1] as unknown[];
    const weights = row[2] as unknown[];
    if (ids.length !== weights.length) return { unusable: `posting list of "${row[0]}" is uneven` };
    for (let position = 0; position < ids.length; position++)
      if (!isCount(ids[position], restored.length) || !isNumber(weights[position]))
        return { unusable: `bad posting of "${row[0]}"` };
  }
  const index: EvidenceIndexState = {
    neighbours: neighbours as number,
    documentFrequency: documentFrequency as EvidenceIndexState['documentFrequency'],
    postings: postings as EvidenceIndexState['postings'],
  };
  return {
    examples: restored,
    calibration: steps,
    index,
    heldOutShare,
    calibrationSources: calibrationSources as EvidenceSource[],
  };
}
