import { describe, expect, it } from 'vitest';
import { alertSchema } from '../core/index.js';
import { createDetector } from './detector.js';
import { makeEvent, sysmonEvent, windowsEvent } from './test-support/make-event.js';
import { rulesFromText } from './test-support/rules-from-text.js';

const encodedPowershell = `
title: Encoded PowerShell
id: 11111111-1111-4111-8111-111111111111
level: high
tags: [attack.execution, attack.t1059.001, attack.defense_evasion, cve.2021-44228]
logsource: {product: windows, category: process_creation}
detection:
  selection:
    Image|endswith: '\\powershell.exe'
    CommandLine|contains: ' -enc '
  condition: selection
`;

describe('createDetector', () => {
  it('alerts on a Sysmon process creation with the rule meaning', () => {
    const detector = createDetector(rulesFromText(encodedPowershell));
    const event = sysmonEvent(1, {
      Image: 'C:\\Windows\\System32\\WindowsPowerShell\\v1.0\\PowerShell.EXE',
      CommandLine: 'powershell -ENC SQBFAFgA',
    });
    const alerts = detector.process(event);
    expect(alerts).toHaveLength(1);
    const alert = alertSchema.parse(alerts[0]);
    expect(alert).toMatchObject({
      source: 'sigma',
      ruleId: '11111111-1111-4111-8111-111111111111',
      ruleTitle: 'Encoded PowerShell',
      severity: 'high',
      eventIds: [event.id],
      techniques: ['T1059.001'],
      tactics: ['execution', 'defense-evasion'],
      cves: ['CVE-2021-44228'],
    });
    expect(createDetector(rulesFromText(encodedPowershell)).process(event)[0]?.id).toBe(alert.id);
  });

  it('applies process_creation rules to Security 4688 through field aliases', () => {
    const detector = createDetector(rulesFromText(encodedPowershell));
    const event = windowsEvent('Security', 4688, {
      NewProcessName: 'C:\\Windows\\System32\\WindowsPowerShell\\v1.0\\powershell.exe',
      CommandLine: 'powershell.exe -enc AAAA',
    });
    expect(detector.process(event)).toHaveLength(1);
  });

  it('does not run a rule on events of another log source', () => {
    const detector = createDetector(rulesFromText(encodedPowershell));
    const fields = { Image: 'C:\\x\\powershell.exe', CommandLine: 'powershell -enc AAAA' };
    expect(detector.process(sysmonEvent(3, fields))).toEqual([]);
    expect(detector.process(windowsEvent('Security', 4624, fields))).toEqual([]);
    expect(detector.process(makeEvent({ format: 'syslog', dataset: 'sshd', fields }))).toEqual([]);
  });

  it('runs service rules by channel and keyword rules on any field', () => {
    const rules = rulesFromText(`
title: Log cleared
id: clear-1
level: medium
logsource: {product: windows, service: security}
detection:
  selection: {EventID: 1102}
  condition: selection
---
title: Keyword
id: kw-1
logsource: {product: linux, service: sshd}
detection:
  keywords: ['Failed password']
  condition: keywords
`);
    const detector = createDetector(rules);
    expect(detector.process(windowsEvent('Security', 1102, {}))).toHaveLength(1);
    expect(detector.process(windowsEvent('System', 1102, {}))).toHaveLength(0);
    const ssh = makeEvent({
      format: 'syslog',
      dataset: 'sshd',
      fields: { message: 'Failed password for root from 10.0.0.1' },
    });
    expect(detector.process(ssh).map((alert) => alert.ruleId)).toEqual(['kw-1']);
  });

  it('resolves techniques through a catalog', () => {
    const rules = rulesFromText(`
title: Old tag
id: old-1
tags: [attack.t1086, attack.stealth]
logsource: {product: windows, service: security}
detection: {selection: {EventID: 1}, condition: selection}
`);
    const attack = {
      resolve: (id: string) => (id === 'T1086' ? 'T1059.001' : id),
      tacticsOf: (id: string) => (id === 'T1059.001' ? ['execution'] : []),
      resolveTactic: (name: string) => name,
    };
    const [alert] = createDetector(rules, { attack }).process(windowsEvent('Security', 1, {}));
    expect(alert?.techniques).toEqual(['T1059.001']);
    expect(alert?.tactics).toEqual(['defense-evasion', 'execution']);
  });

  it('applies Sigma filters to the rules they name', () => {
    const rules = rulesFromText(`
title: Any whoami
id: whoami-1
logsource: {product: windows, category: process_creation}
detection: {selection: {Image|endswith: '\\whoami.exe'}, condition: selection}
---
title: Not on admin hosts
logsource: {product: windows, category: process_creation}
filter:
  rules: [whoami-1]
  selection: {Computer|startswith: 'ADM-'}
  condition: not selection
`);
    expect(rules.filters).toHaveLength(1);
    const detector = createDetector(rules);
    expect(detector.process(sysmonEvent(1, { Image: 'C:\\whoami.exe', Computer: 'ADM-01' }))).toHaveLength(0);
    expect(detector.process(sysmonEvent(1, { Image: 'C:\\whoami.exe', Computer: 'WS-01' }))).toHaveLength(1);
  });
  it("'2 of' needs two of the matching selections, and an impossible count fails to load", () => {
    const detector = createDetector(
      rulesFromText(`
title: Two signs
id: two-signs
logsource: {product: windows, category: process_creation}
detection:
  sign_hidden: {CommandLine|contains: ' -w hidden'}
  sign_noprofile: {CommandLine|contains: ' -nop'}
  sign_bypass: {CommandLine|contains: ' -ep bypass'}
  condition: 2 of sign_*
`),
    );
    const run = (commandLine: string) => detector.process(sysmonEvent(1, { CommandLine: commandLine })).length;
    expect(run('powershell -nop -w hidden -c x')).toBe(1);
    expect(run('powershell -nop -c x')).toBe(0);
    const impossible = rulesFromText(`
title: Impossible
logsource: {product: windows, category: process_creation}
detection: {sign_a: {Image: a}, condition: 2 of sign_*}
`);
    expect(impossible.failed[0]?.error).toMatch(/impossible condition/);
  });
  it('reads fields that ingest extracted as observables when the event has no such field', () => {
    const detector = createDetector(
      rulesFromText(`
title: Login from the lab network
logsource: {product: linux, service: sshd}
detection: {selection: {source.ip|cidr: 203.0.113.0/24}, condition: selection}
`),
    );
    const line = (address: string) => ({
      ...makeEvent({
        format: 'syslog',
        dataset: 'sshd',
        fields: { program: 'sshd', message: `Accepted password from ${address}` },
      }),
      observables: [{ type: 'ipv4-addr' as const, value: address, field: 'source.ip' }],
    });
    expect(detector.process(line('203.0.113.9'))).toHaveLength(1);
    expect(detector.process(line('198.51.100.9'))).toHaveLength(0);
  });
});
