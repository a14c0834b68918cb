/** The TypeScript files under `src/`, by path relative to it, with their text: for tests that read the code itself. */
import { readdirSync, readFileSync } from 'node:fs';
import { join, relative, resolve } from 'node:path';

export const sourceRoot = resolve(import.meta.dirname, '../src');

export function sourceFiles(): Map<string, string> {
  const files = new Map<string, string>();
  for (const entry of readdirSync(sourceRoot, { recursive: true, withFileTypes: true })) {
    if (!entry.isFile() || !entry.name.endsWith('.ts')) continue;
    const path = relative(sourceRoot, join(entry.parentPath, entry.name));
    files.set(path, readFileSync(join(sourceRoot, path), 'utf8'));
  }
  return files;
}
