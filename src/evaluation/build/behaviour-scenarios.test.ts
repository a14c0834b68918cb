import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { parse } from 'yaml';
import { repositoryRoot } from '../../../test/shared-data.js';
import { scenarioSchema } from '../scenario-schema.js';
import { behaviourScenarios } from './behaviour-scenarios.js';

describe('behaviour scenarios', () => {
  const scenarios = behaviourScenarios(15);

  it('are ten valid scenarios, eight attacks with their truth and two benign days', () => {
    expect(scenarios).toHaveLength(10);
    for (const { files } of scenarios) expect(scenarioSchema.safeParse(files.scenario).success).toBe(true);
    const kinds = scenarios.map(({ files }) => files.scenario.kind);
    expect(kinds.filter((kind) => kind === 'benign')).toHaveLength(2);
    for (const { files } of scenarios)
      if (files.scenario.kind === 'attack') expect(files.scenario.truth.techniques.length).toBeGreaterThan(0);
  });

  it('are what the committed folders hold: the same seed writes the same files', () => {
    for (const { folder, files } of scenarios) {
      const committed = parse(readFileSync(join(repositoryRoot, 'scenarios', folder, 'scenario.yaml'), 'utf8'));
      expect(committed).toEqual(scenarioSchema.parse(files.scenario));
      for (const [path, content] of Object.entries(files.files))
        expect(
          readFileSync(join(repositoryRoot, 'scenarios', folder, path), 'utf8') === content,
          `${folder}/${path}`,
        ).toBe(true);
    }
  });

  it('differ with another seed', () => {
    const other = behaviourScenarios(16);
    expect(other[3]?.files.files['logs/dns.log']).not.toBe(scenarios[3]?.files.files['logs/dns.log']);
  });
});
