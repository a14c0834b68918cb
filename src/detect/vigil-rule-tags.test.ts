/**
 * Vigil's own rules claim the techniques their match shows. Where one kind of command can mean
 * different techniques (netsh opening the firewall or forwarding a port), each kind is its own
 * rule with its own tags, so an alert never claims what its event did not do. A service that
 * runs a shell is service execution; whether it was made from another host is not in that event
 * (a local `sc config` starts the same way): the remote part is claimed by what sees it (the
 * service manager reached over SMB from another address).
 */
import { join } from 'node:path';
import { beforeAll, describe, expect, it } from 'vitest';
import { repositoryRoot } from '../../test/shared-data.js';
import type { Event } from '../core/index.js';
import { createDetector } from './detector.js';
import { loadRules, type RuleSet } from './load-rules.js';
import { processStart, security, system32 } from './test-support/rule-case.js';

const parentOf = (id: string) => id.split('.')[0]!;

const cases: Array<{ name: string; event: () => Event; shows: string[]; never: string[] }> = [
  {
    name: 'a service started only to run one command on this host',
    event: () =>
      processStart(system32('cmd.exe'), 'C:\\Windows\\system32\\cmd.exe /c C:\\Users\\Public\\run.bat', {
        ParentImage: system32('services.exe'),
      }),
    shows: ['T1569.002'],
    never: ['T1021'],
  },
  {
    name: 'the service manager reached over SMB from another host',
    event: () =>
      security(5145, {
        ShareName: '\\\\*\\IPC$',
        RelativeTargetName: 'svcctl',
        IpAddress: '10.0.0.8',
        SubjectUserName: 'eve',
      }),
    shows: ['T1021.002'],
    never: [],
  },
  {
    name: 'a port forwarded through the host',
    event: () =>
      processStart(
        system32('netsh.exe'),
        'netsh interface portproxy add v4tov4 listenport=8080 connectaddress=10.0.0.9 connectport=3389',
      ),
    shows: ['T1090.001'],
    never: ['T1562'],
  },
  {
    name: 'the firewall turned off',
    event: () => processStart(system32('netsh.exe'), 'netsh advfirewall set allprofiles state off'),
    shows: ['T1562.004'],
    never: ['T1090'],
  },
];

describe("Vigil's own rules claim only what the matched command does", () => {
  let rules: RuleSet;
  beforeAll(async () => {
    rules = await loadRules([join(repositoryRoot, 'rules')]);
  });
  for (const testCase of cases)
    it(testCase.name, () => {
      const claimed = createDetector(rules)
        .process(testCase.event())
        .flatMap((alert) => alert.techniques);
      for (const id of testCase.shows) expect(claimed, id).toContain(id);
      for (const id of testCase.never)
        expect(
          claimed.filter((claim) => (id.includes('.') ? claim === id : parentOf(claim) === id)),
          id,
        ).toEqual([]);
    });
});
