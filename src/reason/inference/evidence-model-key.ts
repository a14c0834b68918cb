/**
 * The key of an evidence-model cache entry: a hash of everything the model is trained from, taken
 * from what the examples are made of rather than from the examples themselves, so a hit derives
 * no example. The examples are a function of exactly these inputs and of the training code
 * (evidenceModelFingerprint: src/reason/inference, the tokenizer, the citation stripper and the
 * guarded regex engine it runs on, the parsers' versions):
 * - each rule file as `sigmaFileExamples` reads it (`SigmaRuleFile`): its path, every rule's id,
 *   title and resolved techniques, and every document's identity (below);
 * - each ATT&CK procedure's text, technique and actor, which `procedureExamples` reads;
 * - the Atomic Red Team files' content hash, and the training options.
 * Equal keys therefore mean equal examples and an equal model (evidence-model-key.test.ts checks
 * that the examples taken from what the key hashes are the examples taken from the knowledge).
 */
import { createHash } from 'node:crypto';
import type { ProcedureExample } from '../classifier/read-bundle-procedures.js';
import type { EvidenceSource, SigmaRuleFile } from './evidence-examples.js';

/** The version of the key's text: a change of what is hashed is a different key. */
const keyVersion = 2;

/**
 * The identity text of a rule document: its JSON text as the rule loader (and its cache) writes it
 * when JSON carries the document exactly; otherwise (non-finite numbers, which JSON writes as
 * null) a NUL, which starts no JSON text, then JSON with those numbers, and strings that begin with
 * a NUL, escaped. Undefined when the document holds what neither carries (not YAML's plain data):
 * such knowledge is not cached.
 */
export function documentIdentity(document: unknown): string | undefined {
  let finite = true;
  const plain = (value: unknown): boolean => {
    if (value === null || typeof value === 'string' || typeof value === 'boolean') return true;
    if (typeof value === 'number') {
      finite &&= Number.isFinite(value);
      return true;
    }
    if (Array.isArray(value)) return value.every(plain);
    if (typeof value !== 'object') return false;
    const prototype = Object.getPrototypeOf(value);
    return (prototype === Object.prototype || prototype === null) && Object.values(value).every(plain);
  };
  if (!plain(document)) return undefined;
  if (finite) return JSON.stringify(document);
  return `\0${JSON.stringify(document, (_key, value: unknown) =>
    typeof value === 'number' && !Number.isFinite(value)
      ? `\0${String(value)}`
      : typeof value === 'string' && value.startsWith('\0')
        ? `\0${value}`
        : value,
  )}`;
}

export interface EvidenceModelKeyParts {
  /** The training code's fingerprint. */
  fingerprint: string;
  options: { heldOutShare: number; calibrationSources: readonly EvidenceSource[] };
  /** The Atomic Red Team files' content hash, when they are learned from. */
  atomicRedTeam: string | undefined;
  ruleFiles: readonly SigmaRuleFile[];
  procedures: readonly ProcedureExample[];
}

/** The key of a model trained from these parts, or undefined when a document cannot be identified (then nothing is cached). */
export function evidenceModelKey(parts: EvidenceModelKeyParts): string | undefined {
  const hash = createHash('sha256');
  // One JSON value per line: no text of one part can pass for another.
  const line = (value: unknown) => hash.update(`${JSON.stringify(value)}\n`);
  line(['vigil-evidence-model key', keyVersion, parts.fingerprint, parts.options, parts.atomicRedTeam ?? null]);
  for (const file of parts.ruleFiles) {
    line(['rule file', file.file, file.rules.length, file.documents.length]);
    for (const rule of file.rules) line([rule.id, rule.title, rule.techniques]);
    for (const document of file.documents) {
      const identity = document.text?.() ?? documentIdentity(document.document());
      if (identity === undefined) return undefined;
      // Long texts are hashed as they are, after their length (UTF-16 code units, hashed as such).
      line(['document', identity.length]);
      hash.update(identity, 'utf16le');
    }
  }
  line(['procedures', parts.procedures.length]);
  for (const procedure of parts.procedures) line([procedure.text, procedure.technique, procedure.actorId]);
  return hash.digest('hex').slice(0, 40);
}
