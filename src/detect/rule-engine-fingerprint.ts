/**
 * Identifies the code that turns knowledge into what Vigil caches, so a cache is invalidated by
 * any change of that code: the rule engine (every source file of src/detect, tests excepted)
 * for the compiled-rule cache; evidence inference (src/reason/inference and the tokenizer it
 * reads text with, the citation stripper procedure examples are cut with and the guarded regex
 * engine it runs on) for the evidence-model cache; the store with the retrieval seeding for the
 * retrieval-index image cache; the bundle and procedure readers for the ATT&CK cache. Each also
 * covers package-lock.json (the parsers' and SQLite's versions). The build (scripts/build.mjs)
 * runs fingerprintRuleEngine(), fingerprintEvidenceModel(), fingerprintRetrievalIndex() and
 * fingerprintAttackBundle() from this very file and writes the values into the compiled code,
 * which has no src/ beside it; under tsx they are computed from the sources on first use.
 *
 * This file imports only Node built-ins: the build compiles and runs it on its own.
 */
import { createHash } from 'node:crypto';
import { readdirSync, readFileSync, statSync } from 'node:fs';
import { dirname, join, relative } from 'node:path';
import { fileURLToPath } from 'node:url';

declare const __VIGIL_RULE_ENGINE__: string | undefined;
declare const __VIGIL_EVIDENCE_MODEL__: string | undefined;
declare const __VIGIL_RETRIEVAL_INDEX__: string | undefined;
declare const __VIGIL_ATTACK_BUNDLE__: string | undefined;

const fromSources = new Map<string, string>();
const checkout = () => join(dirname(fileURLToPath(import.meta.url)), '..', '..');

export function ruleEngineFingerprint(): string {
  if (typeof __VIGIL_RULE_ENGINE__ === 'string') return __VIGIL_RULE_ENGINE__;
  return fromSources.get('rules') ?? fromSources.set('rules', fingerprintRuleEngine(checkout())).get('rules')!;
}

export function evidenceModelFingerprint(): string {
  if (typeof __VIGIL_EVIDENCE_MODEL__ === 'string') return __VIGIL_EVIDENCE_MODEL__;
  return fromSources.get('model') ?? fromSources.set('model', fingerprintEvidenceModel(checkout())).get('model')!;
}

export function retrievalIndexFingerprint(): string {
  if (typeof __VIGIL_RETRIEVAL_INDEX__ === 'string') return __VIGIL_RETRIEVAL_INDEX__;
  return (
    fromSources.get('retrieval') ??
    fromSources.set('retrieval', fingerprintRetrievalIndex(checkout())).get('retrieval')!
  );
}

export function attackBundleFingerprint(): string {
  if (typeof __VIGIL_ATTACK_BUNDLE__ === 'string') return __VIGIL_ATTACK_BUNDLE__;
  return fromSources.get('attack') ?? fromSources.set('attack', fingerprintAttackBundle(checkout())).get('attack')!;
}

/** The fingerprint of the rule engine in a checkout (the build calls this too). */
export function fingerprintRuleEngine(root: string): string {
  return fingerprintCode(root, ['src/detect']);
}

/** The fingerprint of evidence inference's training code in a checkout (the build calls this too). */
export function fingerprintEvidenceModel(root: string): string {
  return fingerprintCode(root, [
    'src/reason/inference',
    'src/reason/classifier/tokenize-text.ts',
    'src/reason/classifier/cti-markup.ts',
    'src/guard',
  ]);
}

/**
 * The fingerprint of the code that writes the retrieval index a cached image holds (the build calls
 * this too): the store (its schema, migrations and retrieval writes) and the seeding order.
 */
export function fingerprintRetrievalIndex(root: string): string {
  return fingerprintCode(root, [
    'src/store',
    'src/reason/knowledge/seed-retrieval.ts',
    'src/reason/knowledge/retrieval-cache.ts',
  ]);
}

/**
 * The fingerprint of the code that reads an ATT&CK bundle into what the ATT&CK cache keeps (the
 * build calls this too): the bundle's schemas and reader, the procedure examples' reader, the cache.
 */
export function fingerprintAttackBundle(root: string): string {
  return fingerprintCode(root, [
    'src/detect/attack/stix-bundle.ts',
    'src/reason/classifier/read-bundle-procedures.ts',
    'src/pipeline/attack-bundle-cache.ts',
  ]);
}

/** A hash of the named source files and folders (their .ts files, tests excepted) and package-lock.json. */
function fingerprintCode(root: string, paths: readonly string[]): string {
  const files = paths
    .flatMap((path) =>
      statSync(join(root, path)).isDirectory()
        ? readdirSync(join(root, path), { recursive: true, withFileTypes: true })
            .filter((entry) => entry.isFile() && entry.name.endsWith('.ts') && !entry.name.endsWith('.test.ts'))
            .map((entry) => relative(root, join(entry.parentPath, entry.name)).split('\\').join('/'))
        : [path],
    )
    .sort();
  const hash = createHash('sha256');
  for (const file of [...files, 'package-lock.json']) {
    hash.update(`${file}\n`);
    hash.update(readFileSync(join(root, file)));
    hash.update('\n');
  }
  return hash.digest('hex').slice(0, 32);
}
