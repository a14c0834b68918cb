import { mkdirSync, mkdtempSync, realpathSync, symlinkSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, relative } from 'node:path';
import { describe, expect, it } from 'vitest';
import { readRuleSources } from './rule-sources.js';

describe('readRuleSources', () => {
  it('gives each file of a folder its real path, however the folder is spelled', async () => {
    const folder = mkdtempSync(join(tmpdir(), 'vigil-rule-sources-'));
    mkdirSync(join(folder, 'windows', 'process'), { recursive: true });
    for (const name of ['a.yml', 'windows/b.yaml', 'windows/process/c.yml'])
      writeFileSync(join(folder, name), 'title: x\n');
    const link = join(mkdtempSync(join(tmpdir(), 'vigil-rule-sources-link-')), 'rules');
    symlinkSync(folder, link);
    const real = realpathSync(folder);
    const expected = ['a.yml', 'windows/b.yaml', 'windows/process/c.yml'].map((name) => join(real, name));
    const relativeSpelling = relative(process.cwd(), folder);
    for (const spelling of [folder, `${folder}/`, `${folder}//`, relativeSpelling, `./${relativeSpelling}`, link]) {
      const { sources, failed } = await readRuleSources([spelling]);
      expect(failed).toEqual([]);
      expect(
        sources.map((source) => source.realFile),
        spelling,
      ).toEqual(expected);
      // Named as given.
      expect(
        sources.every((source) => source.file.startsWith(join(spelling))),
        spelling,
      ).toBe(true);
    }
  });
});
