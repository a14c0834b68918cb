import { mkdir, mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { describeWithShared, sharedPath } from '../../../test/shared-data.js';
import { InputUnreadableError } from '../../core/index.js';
import { readAtomicRedTeam } from './read-atomic-red-team.js';

// The upstream layout: atomics/<technique>/<technique>.yaml, #{argument} placeholders with defaults.
const yaml = `attack_technique: T1003.001
display_name: "OS Credential Dumping: LSASS Memory"
atomic_tests:
- name: Dump LSASS.exe Memory using ProcDump
  auto_generated_guid: 0be2230c-9ab3-4ac2-8826-3199b9a0ebf8
  supported_platforms:
  - windows
  input_arguments:
    output_file:
      description: Path where resulting dump should be placed
      type: path
      default: C:\\Windows\\Temp\\lsass_dump.dmp
  executor:
    command: |
      procdump.exe -accepteula -ma lsass.exe #{output_file}
    name: command_prompt
- name: A manual test
  auto_generated_guid: 11111111-2222-3333-4444-555555555555
  supported_platforms:
  - windows
  executor:
    steps: open the tool and click
    name: manual
`;

describe('readAtomicRedTeam', () => {
  let folder = '';
  beforeAll(async () => {
    folder = await mkdtemp(join(tmpdir(), 'vigil-atomics-'));
    await mkdir(join(folder, 'atomics', 'T1003.001'), { recursive: true });
    await writeFile(join(folder, 'atomics', 'T1003.001', 'T1003.001.yaml'), yaml);
    await mkdir(join(folder, 'atomics', 'Indexes'));
    await writeFile(
      join(folder, 'tests.jsonl'),
      `${JSON.stringify({ technique: 'T1053.005', guid: 'g1', test_name: 'Task', command: 'schtasks /create /tn a' })}\nnot json\n`,
    );
  });
  afterAll(async () => {
    await rm(folder, { recursive: true, force: true });
  });

  it('reads the repository layout, substituting input arguments, and counts manual tests as skipped', async () => {
    const read = await readAtomicRedTeam(folder);
    expect(read.tests).toEqual([
      {
        technique: 'T1003.001',
        name: 'Dump LSASS.exe Memory using ProcDump',
        guid: '0be2230c-9ab3-4ac2-8826-3199b9a0ebf8',
        platforms: ['windows'],
        executor: 'command_prompt',
        command: 'procdump.exe -accepteula -ma lsass.exe C:\\Windows\\Temp\\lsass_dump.dmp\n',
      },
    ]);
    expect(read.skipped).toHaveLength(1);
  });

  it('reads a JSON-lines export and names the bad line', async () => {
    const read = await readAtomicRedTeam(join(folder, 'tests.jsonl'));
    expect(read.tests.map((test) => test.technique)).toEqual(['T1053.005']);
    expect(read.skipped[0]?.file).toBe(`${join(folder, 'tests.jsonl')}:2`);
  });

  it('says which path it could not read', async () => {
    await expect(readAtomicRedTeam(join(folder, 'absent'))).rejects.toBeInstanceOf(InputUnreadableError);
  });
});

describeWithShared('Atomic Red Team in ../shared', () => {
  it('reads the same tests from the repository layout and from the export', async () => {
    const fromYaml = await readAtomicRedTeam(sharedPath('atomic-red-team', 'atomics'));
    const fromExport = await readAtomicRedTeam(sharedPath('atomic-red-team', 'commands.jsonl'));
    expect(fromYaml.tests.length).toBeGreaterThan(1_700);
    expect(Math.abs(fromYaml.tests.length - fromExport.tests.length)).toBeLessThan(50);
  }, 60_000);
});
