/**
 * Access to the public corpus in ../shared for tests. Tests that need it call
 * `describeWithShared` and are skipped, with a visible message, when it is absent.
 * CI sets VIGIL_REQUIRE_SHARED=1, and then an absent corpus fails the run.
 */
import { existsSync } from 'node:fs';
import { dirname, join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { describe } from 'vitest';

const repositoryRoot = resolve(dirname(fileURLToPath(import.meta.url)), '..');

/** Absolute path of ../shared/data, or undefined when the corpus is not there. */
export function sharedDataRoot(): string | undefined {
  const root = process.env.VIGIL_SHARED_DATA ?? join(repositoryRoot, '..', 'shared', 'data');
  return existsSync(root) ? root : undefined;
}

/** Path inside ../shared/data; only call it inside describeWithShared. */
export function sharedPath(...parts: string[]): string {
  const root = sharedDataRoot();
  if (!root) throw new Error('../shared/data is not present');
  return join(root, ...parts);
}

export const sharedIsRequired = process.env.VIGIL_REQUIRE_SHARED === '1';

let warned = false;

/** describe() that runs only when ../shared/data exists; otherwise skipped with a message. */
export function describeWithShared(name: string, body: () => void): void {
  const present = sharedDataRoot() !== undefined;
  if (!present && sharedIsRequired) {
    throw new Error(`VIGIL_REQUIRE_SHARED=1 but ../shared/data is missing (needed by "${name}")`);
  }
  if (!present && !warned) {
    warned = true;
    console.warn('[vigil] ../shared/data not found: corpus tests are skipped');
  }
  (present ? describe : describe.skip)(`${name} [corpus]`, body);
}

export { repositoryRoot };
