/** Writes one scenario folder: `scenario.yaml` (validated against the schema first) and its files. */
import { mkdirSync, writeFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { stringify } from 'yaml';
import { type Scenario, scenarioSchema } from '../scenario-schema.js';

export interface ScenarioFiles {
  scenario: Scenario;
  /** Relative path → content (text, or bytes to copy). */
  files: Record<string, string | Uint8Array>;
}

export function writeScenario(root: string, folderName: string, input: ScenarioFiles): string {
  const scenario = scenarioSchema.parse(input.scenario);
  const folder = join(root, folderName);
  mkdirSync(folder, { recursive: true });
  for (const [path, content] of Object.entries(input.files)) {
    mkdirSync(dirname(join(folder, path)), { recursive: true });
    writeFileSync(join(folder, path), content);
  }
  writeFileSync(join(folder, 'scenario.yaml'), stringify(scenario, { lineWidth: 0 }));
  return folder;
}
