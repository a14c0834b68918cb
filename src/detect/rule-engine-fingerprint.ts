/**
 * Identifies the code that turns rule files into compiled rules, so the compiled-rule cache is
 * invalidated by any change of it: a hash of every source file of src/detect (tests excepted)
 * and of package-lock.json (the YAML parsers' versions). The build (scripts/build.mjs) runs
 * fingerprintRuleEngine() from this very file and writes the value into the compiled code, which
 * has no src/ beside it; under tsx it is computed from the sources on first use.
 *
 * This file imports only Node built-ins: the build compiles and runs it on its own.
 */
import { createHash } from 'node:crypto';
import { readdirSync, readFileSync } from 'node:fs';
import { dirname, join, relative } from 'node:path';
import { fileURLToPath } from 'node:url';

declare const __VIGIL_RULE_ENGINE__: string | undefined;

let fromSources: string | undefined;

export function ruleEngineFingerprint(): string {
  if (typeof __VIGIL_RULE_ENGINE__ === 'string') return __VIGIL_RULE_ENGINE__;
  fromSources ??= fingerprintRuleEngine(join(dirname(fileURLToPath(import.meta.url)), '..', '..'));
  return fromSources;
}

/** The fingerprint of the rule engine in a checkout (the build calls this too). */
export function fingerprintRuleEngine(root: string): string {
  const folder = join(root, 'src', 'detect');
  const files = readdirSync(folder, { recursive: true, withFileTypes: true })
    .filter((entry) => entry.isFile() && entry.name.endsWith('.ts') && !entry.name.endsWith('.test.ts'))
    .map((entry) => join(entry.parentPath, entry.name))
    .map((file) => relative(root, file).split('\\').join('/'))
    .sort();
  const hash = createHash('sha256');
  for (const file of [...files, 'package-lock.json']) {
    hash.update(`${file}\n`);
    hash.update(readFileSync(join(root, file)));
    hash.update('\n');
  }
  return hash.digest('hex').slice(0, 32);
}
