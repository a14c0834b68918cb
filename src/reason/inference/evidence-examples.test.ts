import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { repositoryRoot } from '../../../test/shared-data.js';
import { loadRules } from '../../detect/index.js';
import { atomicExamples, sigmaExamples, sigmaRuleSources } from './evidence-examples.js';

const cacheFolder = mkdtempSync(join(tmpdir(), 'vigil-examples-'));
afterAll(() => rmSync(cacheFolder, { recursive: true, force: true }));

describe('sigmaExamples', () => {
  // The loader keeps each rule's parsed document (from YAML, or from the rule cache's JSON): the
  // examples taken from it must be those of reading the rule files again.
  it('takes the same examples from the loaded documents as from the rule files', async () => {
    const folder = join(repositoryRoot, 'rules');
    const fromFiles = await sigmaExamples(
      sigmaRuleSources((await loadRules([folder])).rules).map(({ document: _document, ...rule }) => rule),
    );
    expect(fromFiles.length).toBeGreaterThan(100);
    expect(await sigmaExamples(sigmaRuleSources((await loadRules([folder])).rules))).toEqual(fromFiles);
    const cache = { folder: cacheFolder, warn: (message: string) => expect.fail(message) };
    await loadRules([folder], { cache });
    const cached = await loadRules([folder], { cache });
    expect(cached.fromCache).toBe(true);
    expect(await sigmaExamples(sigmaRuleSources(cached.rules))).toEqual(fromFiles);
  }, 60_000);
});

describe('atomicExamples', () => {
  it('learns each command of a test, but not the literals its set-up assigns to variables', () => {
    const examples = atomicExamples([
      {
        guid: 'g1',
        technique: 'T1546.012',
        name: 'Debugger set through Image File Execution Options',
        command: [
          '$Name = "GlobalFlag"',
          "$Value = 'cmd.exe /c calc.exe'",
          '$Count = 512',
          '$env:COMPLUS_Version = "v4.0"',
          'New-ItemProperty -Path "HKLM:\\SOFTWARE\\Microsoft\\Windows NT\\CurrentVersion\\Image File Execution Options\\notepad.exe" -Name $Name -Value $Value',
        ].join('\n'),
        platforms: ['windows'],
        executor: 'powershell',
      },
    ]);
    expect(examples.map((example) => example.text)).toEqual([
      '$env:COMPLUS_Version = "v4.0"',
      'New-ItemProperty -Path "HKLM:\\SOFTWARE\\Microsoft\\Windows NT\\CurrentVersion\\Image File Execution Options\\notepad.exe" -Name $Name -Value $Value',
    ]);
  });
});
