/**
 * Builds the console (`web/`) with Vite when its build is missing, so `vigil serve` needs no
 * manual step. Vite is loaded only when a build is needed.
 */
import { existsSync } from 'node:fs';
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

/** Where the console is built by default: `dist/console` beside `web/`. */
export const defaultConsoleFolder = (webRoot: string): string => join(webRoot, '..', 'dist', 'console');

/** Builds `webRoot` into `outputFolder` unless it is already built (or `force`). */
export async function ensureConsoleBuilt(
  webRoot: string,
  outputFolder: string = defaultConsoleFolder(webRoot),
  options: { force?: boolean } = {},
): Promise<ConsoleBuild> {
  if (!options.force && consoleIsBuilt(outputFolder)) return { root: outputFolder, built: false, milliseconds: 0 };
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
