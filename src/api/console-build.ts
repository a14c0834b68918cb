/**
 * Builds the console (`web/`) with Vite when its build is missing, so `vigil serve` needs no
 * manual step. Vite is loaded only when a build is needed.
 */
import { existsSync, readdirSync, statSync } from 'node:fs';
import { join } from 'node:path';
import { VigilError } from '../core/index.js';

export interface ConsoleBuild {
  /** Folder holding `index.html` and `assets/`. */
  root: string;
  built: boolean;
  milliseconds: number;
}

export function consoleIsBuilt(outputFolder: string): boolean {
  return existsSync(join(outputFolder, 'index.html'));
}

/** Newest modification time of the console's sources (`src/`, `public/`, `index.html`, the Vite config). */
function newestSource(webRoot: string): number {
  let newest = 0;
  const visit = (path: string) => {
    if (!existsSync(path)) return;
    const stats = statSync(path);
    if (stats.isDirectory()) for (const name of readdirSync(path)) visit(join(path, name));
    else newest = Math.max(newest, stats.mtimeMs);
  };
  for (const part of ['src', 'public', 'index.html', 'vite.config.ts']) visit(join(webRoot, part));
  return newest;
}

/** Whether the build is missing or older than a source file (a pull or an edit since the last build). */
export function consoleIsStale(webRoot: string, outputFolder: string): boolean {
  if (!consoleIsBuilt(outputFolder)) return true;
  return newestSource(webRoot) > statSync(join(outputFolder, 'index.html')).mtimeMs;
}

/** Where the console is built by default: `dist/console` beside `web/`. */
export const defaultConsoleFolder = (webRoot: string): string => join(webRoot, '..', 'dist', 'console');

/** Builds `webRoot` into `outputFolder` unless an up-to-date build is there (or `force`). */
export async function ensureConsoleBuilt(
  webRoot: string,
  outputFolder: string = defaultConsoleFolder(webRoot),
  options: { force?: boolean } = {},
): Promise<ConsoleBuild> {
  if (!options.force && !consoleIsStale(webRoot, outputFolder))
    return { root: outputFolder, built: false, milliseconds: 0 };
  const started = Date.now();
  let vite: typeof import('vite');
  try {
    vite = await import('vite');
  } catch (error) {
    throw new VigilError('configuration-missing', 'cannot build the console: vite is not installed (npm install)', {
      cause: error,
    });
  }
  await vite.build({
    configFile: join(webRoot, 'vite.config.ts'),
    root: webRoot,
    logLevel: 'warn',
    build: { outDir: outputFolder, emptyOutDir: true },
  });
  return { root: outputFolder, built: true, milliseconds: Date.now() - started };
}
