/**
 * Small knowledge to train an evidence model on in tests (own examples, written from the
 * techniques' descriptions): an Atomic Red Team JSON-lines export in a temporary folder, ATT&CK
 * procedure sentences, and Sigma rules with their documents, so no shared data is needed.
 */
import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { EvidenceKnowledge } from '../build-evidence-model.js';

const commands: Array<[technique: string, command: string]> = [
  ['T1003.001', 'procdump.exe -accepteula -ma lsass.exe C:\\Windows\\Temp\\out{n}.dmp'],
  ['T1003.001', 'rundll32.exe C:\\Windows\\System32\\comsvcs.dll, MiniDump {n} C:\\temp\\lsass{n}.dmp full'],
  ['T1003.002', 'reg save HKLM\\sam C:\\temp\\sam{n}.save'],
  ['T1053.005', 'schtasks /create /tn "Updater{n}" /tr C:\\Users\\Public\\task{n}.exe /sc onlogon'],
  ['T1087.002', 'net group "Domain Admins" /domain && net user /domain user{n}'],
  ['T1490', 'vssadmin.exe delete shadows /all /quiet && wmic shadowcopy delete {n}'],
  ['T1059.001', 'powershell.exe -nop -w hidden -enc SQBFAFgA{n} IEX downloadstring'],
  ['T1136.001', 'net user backdoor{n} P@ssw0rd{n} /add && net localgroup administrators backdoor{n} /add'],
];

/** Atomic Red Team tests as a JSON-lines export, `variants` tests per command. */
export function atomicExport(variants = 5, folder = mkdtempSync(join(tmpdir(), 'vigil-atomics-'))): string {
  const lines: string[] = [];
  commands.forEach(([technique, command], position) => {
    for (let n = 0; n < variants; n++)
      lines.push(
        JSON.stringify({
          technique,
          guid: `guid-${position}-${n}`,
          name: `test ${position}.${n}`,
          executor: 'command_prompt',
          command: command.replaceAll('{n}', String(n + 100 * position)),
        }),
      );
  });
  const file = join(folder, 'commands.jsonl');
  writeFileSync(file, `${lines.join('\n')}\n`);
  return file;
}

export function smallKnowledge(atomicRedTeam = atomicExport()): EvidenceKnowledge & { atomicRedTeam: string } {
  const rule = (id: string, technique: string, values: string[], filter?: string[]) => {
    const document = {
      id,
      title: `Rule ${id}`,
      detection: {
        selection: { CommandLine: values },
        ...(filter ? { filter_admin: { CommandLine: filter } } : {}),
        condition: filter ? 'selection and not filter_admin' : 'selection',
      },
    };
    return {
      id,
      title: document.title,
      file: `${id}.yml`,
      tags: [`attack.${technique.toLowerCase()}`],
      document: () => document,
    };
  };
  return {
    atomicRedTeam,
    procedures: Array.from({ length: 12 }, (_, index) => ({
      technique: index % 2 === 0 ? 'T1003.001' : 'T1053.005',
      actorId: `G00${10 + (index % 6)}`,
      text:
        index % 2 === 0
          ? `The group dumped LSASS memory with procdump to collect credentials on host ${index}.`
          : `The group created a scheduled task with schtasks to run its payload at logon ${index}.`,
    })),
    rules: [
      rule('r1', 'T1003.001', ['lsass', 'MiniDump comsvcs']),
      rule('r2', 'T1490', ['delete shadows', 'shadowcopy delete'], ['vssadmin list shadows']),
      rule('r3', 'T1053.005', ['schtasks /create'], ['schtasks /query']),
    ],
  };
}

/** Behaviour texts to compare predictions on (none of them an example). */
export const probeTexts = [
  'C:\\tools\\procdump64.exe -ma lsass.exe C:\\Users\\Public\\x.dmp',
  'reg.exe save HKLM\\SAM C:\\Windows\\Temp\\s.hiv',
  'schtasks.exe /create /tn evil /tr c:\\users\\public\\a.exe /sc onlogon',
  'vssadmin delete shadows /all',
  'net user helpdesk Winter2024 /add',
  'notepad.exe C:\\docs\\readme.txt',
];
