import type { LoadedScenario } from '../scenario-schema.js';

/** The one log format forced for a scenario: its logs' format when they all name the same one, else sniffed. */
export function forcedFormat(loaded: LoadedScenario): string | undefined {
  const formats = new Set(loaded.logPaths.map((entry) => entry.format));
  const [only] = formats;
  return formats.size === 1 && only !== undefined && only !== 'auto' ? only : undefined;
}
