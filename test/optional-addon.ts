/**
 * Tests of an optional add-on (today: node-llama-cpp, the GGUF provider's engine, installed with
 * `npm run addon:gguf`) call `describeWithAddon` and are skipped, with a visible message, when it
 * is not installed. CI installs the add-on and sets VIGIL_REQUIRE_GGUF=1, and then an absent
 * add-on fails the run instead of skipping.
 */
import { existsSync } from 'node:fs';
import { join } from 'node:path';
import { describe } from 'vitest';
import { repositoryRoot } from './shared-data.js';

export interface Addon {
  /** The npm package that must be resolvable from the repository. */
  packageName: string;
  /** How a user installs it. */
  installCommand: string;
  /** The environment variable that makes it required (CI). */
  requiredBy: string;
}

export const ggufAddon: Addon = {
  packageName: 'node-llama-cpp',
  installCommand: 'npm run addon:gguf',
  requiredBy: 'VIGIL_REQUIRE_GGUF',
};

export function addonInstalled(addon: Addon): boolean {
  return existsSync(join(repositoryRoot, 'node_modules', addon.packageName, 'package.json'));
}

const warned = new Set<string>();

/** describe() that runs only when the add-on is installed; otherwise skipped with a message. */
export function describeWithAddon(addon: Addon, name: string, body: () => void): void {
  const present = addonInstalled(addon);
  if (!present && process.env[addon.requiredBy] === '1') {
    throw new Error(`${addon.requiredBy}=1 but ${addon.packageName} is not installed (${addon.installCommand})`);
  }
  if (!present && !warned.has(addon.packageName)) {
    warned.add(addon.packageName);
    console.warn(
      `[vigil] the optional add-on ${addon.packageName} is not installed: "${name}" is skipped (install it with ${addon.installCommand})`,
    );
  }
  (present ? describe : describe.skip)(`${name} [add-on ${addon.packageName}]`, body);
}
