import { describe, expect, it } from 'vitest';
import type { Alert, Event } from '../../core/index.js';
import { buildAttackCatalog } from '../../detect/index.js';
import type { EvidenceInference } from '../inference/infer-evidence.js';
import { assessTechniques } from './assess-techniques.js';
import { logWords, unsupportedTags } from './tag-support.js';

const reference = (id: string) => [{ source_name: 'mitre-attack', external_id: id }];

/**
 * A catalogue whose techniques are seen in the logs given (one detection strategy each, with a
 * Windows analytic, and a Linux analytic for the sources marked `@linux`).
 */
function catalogue(seenIn: Record<string, string[]>) {
  const ids = Object.keys(seenIn);
  const platforms = [
    { suffix: '', platform: 'Windows', of: (source: string) => !source.endsWith('@linux') },
    { suffix: '-linux', platform: 'Linux', of: (source: string) => source.endsWith('@linux') },
  ];
  return buildAttackCatalog([
    {
      techniques: ids.map((id) => ({
        id: `attack-pattern--${id}`,
        type: 'attack-pattern' as const,
        name: `technique ${id}`,
        external_references: reference(id),
      })),
      tactics: [],
      relationships: ids.map((id) => ({
        id: `relationship--${id}`,
        type: 'relationship' as const,
        relationship_type: 'detects',
        source_ref: `x-mitre-detection-strategy--${id}`,
        target_ref: `attack-pattern--${id}`,
      })),
      analytics: new Map(
        ids.flatMap((id) =>
          platforms.map(({ suffix, platform, of }) => [
            `x-mitre-analytic--${id}${suffix}`,
            {
              id: `x-mitre-analytic--${id}${suffix}`,
              type: 'x-mitre-analytic' as const,
              x_mitre_platforms: [platform],
              x_mitre_log_source_references: seenIn[id]!.filter(of).map((source) => {
                const [name, channel, component] = source.replace('@linux', '').split('|');
                return {
                  name: name!,
                  channel: channel ?? 'EventCode=1',
                  ...(component ? { x_mitre_data_component_ref: `dc--${component}` } : {}),
                };
              }),
            },
          ]),
        ),
      ),
      detectionStrategies: new Map(
        ids.map((id) => [
          `x-mitre-detection-strategy--${id}`,
          {
            id: `x-mitre-detection-strategy--${id}`,
            type: 'x-mitre-detection-strategy' as const,
            x_mitre_analytic_refs: [`x-mitre-analytic--${id}`, `x-mitre-analytic--${id}-linux`],
          },
        ]),
      ),
      // ATT&CK's own mapping: a Security 4688 and a Sysmon 1 are both a process creation.
      dataComponents: new Map([
        [
          'dc--script',
          {
            id: 'dc--script',
            type: 'x-mitre-data-component' as const,
            name: 'Script Execution',
            x_mitre_log_sources: [{ name: 'WinEventLog:PowerShell', channel: 'EventCode=4104' }],
          },
        ],
        [
          'dc--command',
          {
            id: 'dc--command',
            type: 'x-mitre-data-component' as const,
            name: 'Command Execution',
            x_mitre_log_sources: [{ name: 'WinEventLog:PowerShell', channel: 'EventCode=4104' }],
          },
        ],
        [
          'dc--process',
          {
            id: 'dc--process',
            type: 'x-mitre-data-component' as const,
            name: 'Process Creation',
            x_mitre_log_sources: [
              { name: 'WinEventLog:Security', channel: 'EventCode=4688' },
              { name: 'WinEventLog:Sysmon', channel: 'EventCode=1' },
            ],
          },
        ],
      ]),
      named: new Map([
        ['dc--process', { id: 'dc--process', type: 'x-mitre-data-component', name: 'Process Creation' }],
        ['dc--script', { id: 'dc--script', type: 'x-mitre-data-component', name: 'Script Execution' }],
        ['dc--command', { id: 'dc--command', type: 'x-mitre-data-component', name: 'Command Execution' }],
      ]),
      version: '18.1',
      invalid: 0,
    },
  ]);
}

const attack = catalogue({
  'T1059.001': ['WinEventLog:PowerShell|EventCode=4103, 4104', 'WinEventLog:Sysmon|EventCode=1|process'],
  T1027: ['WinEventLog:Security|EventCode=4688|process', 'WinEventLog:Sysmon|EventCode=1|process'],
  T1068: ['WinEventLog:Security|EventCode=4672', 'WinEventLog:Sysmon|EventCode=6'],
  T1210: ['NSM:Flow|Inbound connections to 445', 'WinEventLog:Sysmon|EventCode=3, 22'],
  T1620: ['WinEventLog:Sysmon', 'etw:Microsoft-Windows-DotNETRuntime'],
  'T1620.001': ['WinEventLog:Sysmon|EventCode=7', 'etw:Microsoft-Antimalware-Scan-Interface|Script content|script'],
  T1105: ['WinEventLog:Sysmon'],
  T1070: ['WinEventLog:Security'],
  T1071: ['NSM:Flow'],
  T1003: ['WinEventLog:Security|EventCode=4662', 'WinEventLog:Security|EventCode=4663, 4656'],
  T1555: ['WinEventLog:Security|EventCode=4663, 4656', 'WinEventLog:Sysmon|EventCode=10'],
  // As ATT&CK 18.1 sees them: remote services by logons, service execution by the service
  // installed, a scheduled task by the task registered (each also by Sysmon process starts).
  'T1021.002': ['WinEventLog:Security|EventCode=4624, 4648', 'WinEventLog:Sysmon|EventCode=1|process'],
  'T1569.002': ['WinEventLog:Security|EventCode=4697', 'WinEventLog:Sysmon|EventCode=1|process'],
  'T1053.005': ['WinEventLog:Security|EventCode=4698, 4702', 'WinEventLog:Sysmon|EventCode=1|process'],
  // Decoding is seen on Windows by process and file events, on Linux by the shell's command audit.
  T1140: [
    'WinEventLog:Sysmon|EventCode=1|process',
    'WinEventLog:Sysmon|EventCode=11',
    'auditd:SYSCALL|execve|command@linux',
  ],
});

const event = (
  id: string,
  channel: string,
  code: string,
  format: Event['origin']['format'] = 'windows-json',
  host = 'WS01',
): Event => ({
  id,
  timestamp: '2024-05-01T10:00:00Z',
  origin: { format, dataset: channel },
  code,
  kind: 'event',
  category: ['process'],
  outcome: 'unknown',
  host: { name: host },
  observables: [],
  fields: {},
  raw: '{}',
});

const scriptBlock = event('e1', 'Microsoft-Windows-PowerShell/Operational', '4104');
const processStart = event('e2', 'Microsoft-Windows-Sysmon/Operational', '1');

const alert = (eventId: string, techniques: string[]): Alert => ({
  id: `alert-${eventId}`,
  source: 'sigma',
  ruleId: 'obfuscated-code',
  ruleTitle: 'Obfuscated Or Reflectively Loaded Code',
  severity: 'high',
  timestamp: '2024-05-01T10:00:00Z',
  eventIds: [eventId],
  techniques,
  tactics: [],
  cves: [],
});

const events = new Map([scriptBlock, processStart].map((item) => [item.id, item]));
const tags = ['T1059.001', 'T1027', 'T1620'];

describe('unsupportedTags', () => {
  it('names the Windows log the same way from a channel and from an ATT&CK log source', () => {
    expect(logWords('Microsoft-Windows-Sysmon/Operational')).toEqual(logWords('WinEventLog:Sysmon'));
    expect(logWords('Windows PowerShell')).toEqual(['powershell']);
    expect(logWords('Microsoft-Windows-WMI-Activity/Operational')).toEqual(['wmi', 'activity']);
  });

  it('keeps of a multi-technique rule the tags its matched event is a log of, and says why for the others', () => {
    const result = unsupportedTags(alert('e1', tags), tags, events, [], attack);
    expect(result.map((item) => item.technique)).toEqual(['T1027', 'T1620']);
    expect(result[0]?.reason).toContain('powershell log');
    expect(result[0]?.reason).toContain('this match does not show it');
    // The look-alike: the same rule on a process start (a log ATT&CK sees all three in) keeps them all.
    expect(unsupportedTags(alert('e2', tags), tags, events, [], attack)).toEqual([]);
  });

  it("keeps a tag ATT&CK sees in the same log by other events when the host's record holds one of them", () => {
    // A directory-object read (4662) is exactly what T1003 is seen by; T1555 is seen in the
    // Security log by file-access events (4663, 4656), which this incident does not hold.
    const directoryAccess = new Map([['d1', event('d1', 'Security', '4662')]]);
    const both = ['T1555', 'T1003'];
    const alone = unsupportedTags(alert('d1', both), both, directoryAccess, [], attack);
    expect(alone.map((item) => item.technique)).toEqual(['T1555']);
    expect(alone[0]?.reason).toContain('in this log only by other events');
    // The look-alike: the same host's Security log also records a credential file opened.
    const withFileAccess = new Map([...directoryAccess, ['f1', event('f1', 'Security', '4663')]]);
    expect(unsupportedTags(alert('d1', both), both, withFileAccess, [], attack)).toEqual([]);
    // Another host's file access shows nothing of this one.
    const elsewhere = new Map([...directoryAccess, ['f2', event('f2', 'Security', '4663', 'windows-json', 'WS02')]]);
    expect(unsupportedTags(alert('d1', both), both, elsewhere, [], attack).map((item) => item.technique)).toEqual([
      'T1555',
    ]);
    // A match no tag is seen by exactly (a computer account changed: T1068 is seen in this log by
    // other events, T1210 in other logs) gives nothing to choose by.
    const accountChanged = new Map([['c1', event('c1', 'Security', '4742')]]);
    const exploit = ['T1210', 'T1068'];
    expect(unsupportedTags(alert('c1', exploit), exploit, accountChanged, [], attack)).toEqual([]);
  });

  it('chooses the tags of a share-access match by what else the host recorded: reaching the service manager is not a service run', () => {
    // Another host opens the svcctl or atsvc pipe over IPC$ (Security 5145). No tag is seen by a
    // 5145 exactly; each is seen in the Security log by other events.
    const remote = ['T1021.002', 'T1569.002', 'T1053.005'];
    const pipe = event('s1', 'Security', '5145', 'windows-json', 'DC01.corp.example');
    const logon = event('l1', 'Security', '4624', 'windows-json', 'dc01');
    // Only the network logon is recorded (a remote `sc query`): the service and task tags are context.
    const queried = unsupportedTags(
      alert('s1', remote),
      remote,
      new Map([pipe, logon].map((item) => [item.id, item])),
      [],
      attack,
    );
    expect(queried.map((item) => item.technique)).toEqual(['T1569.002', 'T1053.005']);
    expect(queried[0]?.reason).toContain('T1021.002');
    // A service installed on that host (4697, as PsExec-like tools do) shows service execution.
    const installed = event('i1', 'Security', '4697', 'windows-json', 'DC01');
    const withService = new Map([pipe, logon, installed].map((item) => [item.id, item]));
    expect(unsupportedTags(alert('s1', remote), remote, withService, [], attack).map((item) => item.technique)).toEqual(
      ['T1053.005'],
    );
    // A record that shows none of them (the logon not in the incident) gives nothing to choose by.
    expect(unsupportedTags(alert('s1', remote), remote, new Map([[pipe.id, pipe]]), [], attack)).toEqual([]);
  });

  it('takes the same data component in another log as exactly what a technique is seen by', () => {
    // An encoded PowerShell start in the Security log: T1059.001 is seen by Sysmon's process
    // creation, which is the same data component as a Security 4688.
    const securityStart = new Map([['p1', event('p1', 'Security', '4688')]]);
    const encoded = ['T1059.001', 'T1027'];
    expect(unsupportedTags(alert('p1', encoded), encoded, securityStart, [], attack)).toEqual([]);
    // A script block is a script execution, whichever log ATT&CK names for seeing reflective loading so.
    const loading = ['T1059.001', 'T1620.001', 'T1105'];
    expect(unsupportedTags(alert('e1', loading), loading, events, [], attack).map((item) => item.technique)).toEqual([
      'T1105',
    ]);
  });

  it("compares a Windows event's data component only with what Windows analytics read", () => {
    // A script block gives Command Execution, as a Linux shell's audit record does; ATT&CK's
    // Windows analytics see decoding by process and file events only: the block does not show it.
    const decoding = ['T1059.001', 'T1140'];
    const result = unsupportedTags(alert('e1', decoding), decoding, events, [], attack);
    expect(result.map((item) => item.technique)).toEqual(['T1140']);
    // The look-alike: a process start is what the Windows analytic reads, so it is kept.
    expect(unsupportedTags(alert('e2', decoding), decoding, events, [], attack)).toEqual([]);
  });

  it('lets inference on the matched event support a tag the log alone does not', () => {
    const inferred: EvidenceInference = {
      eventId: 'e1',
      technique: 'T1027.010',
      confidence: 0.5,
      field: 'ScriptBlockText',
      value: "iex ([char]73+[char]69+'X')",
      nearest: { text: 'obfuscated command', label: 'Atomic Red Team T1027.010', source: 'atomic-red-team' },
      sharedTerms: ['char'],
    };
    const result = unsupportedTags(alert('e1', tags), tags, events, [inferred], attack);
    expect(result.map((item) => item.technique)).toEqual(['T1620']);
  });

  it('judges nothing it has no ground for: one family, events not from a Windows log, no Windows log named, or no tag shown', () => {
    expect(unsupportedTags(alert('e1', ['T1059.001']), ['T1059.001'], events, [], attack)).toEqual([]);
    const zeek = new Map([['z1', event('z1', 'conn', '1', 'zeek-json')]]);
    expect(unsupportedTags(alert('z1', ['T1059.001', 'T1105']), ['T1059.001', 'T1105'], zeek, [], attack)).toEqual([]);
    expect(unsupportedTags(alert('e1', ['T1059.001', 'T1071']), ['T1059.001', 'T1071'], events, [], attack)).toEqual(
      [],
    );
    expect(unsupportedTags(alert('e1', ['T1105', 'T1070']), ['T1105', 'T1070'], events, [], attack)).toEqual([]);
    expect(unsupportedTags(alert('e1', tags), tags, events, [], undefined)).toEqual([]);
    // A pattern over many events (a spray, then the logon it won) shows each tag by different events.
    const pattern = { ...alert('e1', tags), source: 'sigma-correlation' as const };
    expect(unsupportedTags(pattern, tags, events, [], attack)).toEqual([]);
  });

  it('makes an unsupported tag context in the assessment, cited with its reason, while the supported one is reported', () => {
    const matched = alert('e1', tags);
    const input = { incident: {} as never, alerts: [matched], events, indicatorMatches: [], attack };
    const result = assessTechniques(input, [{ alert: matched, techniques: tags, tactics: [] }], []);
    expect(result.find((item) => item.id === 'T1059.001')).toMatchObject({ reported: true, confidence: 0.7 });
    const context = result.find((item) => item.id === 'T1620');
    expect(context).toMatchObject({ reported: false, evidence: [{ kind: 'alert', id: 'alert-e1' }] });
    expect(context?.reasons.join(' ')).toContain('this match does not show it');
  });
});
