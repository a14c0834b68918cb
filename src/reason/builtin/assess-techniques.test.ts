import { describe, expect, it } from 'vitest';
import type { Alert, Event } from '../../core/index.js';
import type { EvidenceInference } from '../inference/infer-evidence.js';
import type { ReasoningInput } from '../reasoner.js';
import { assessTechniques } from './assess-techniques.js';

const event = (id: string): Event => ({
  id,
  timestamp: '2024-05-01T10:00:00Z',
  origin: { format: 'windows-json' },
  kind: 'event',
  category: ['process'],
  outcome: 'unknown',
  host: { name: 'WS01' },
  observables: [],
  fields: {},
  raw: '{}',
});

const alert = (id: string, severity: Alert['severity'], techniques: string[], ruleId = id): Alert => ({
  id,
  source: 'sigma',
  ruleId,
  ruleTitle: `rule ${ruleId}`,
  severity,
  timestamp: '2024-05-01T10:00:00Z',
  eventIds: ['e1'],
  techniques,
  tactics: [],
  cves: [],
});

const inference = (technique: string, confidence: number, field = 'process.commandLine'): EvidenceInference => ({
  eventId: 'e1',
  technique,
  confidence,
  field,
  value: 'procdump -ma lsass.exe',
  nearest: {
    text: 'procdump.exe -accepteula -ma lsass.exe',
    label: 'Atomic Red Team T1003.001',
    source: 'atomic-red-team',
  },
  sharedTerms: ['lsass', 'procdump'],
});

function input(alerts: Alert[], extra: Partial<ReasoningInput> = {}): ReasoningInput {
  return {
    incident: {} as ReasoningInput['incident'],
    alerts,
    events: new Map([['e1', event('e1')]]),
    indicatorMatches: [],
    ...extra,
  };
}

const resolved = (alerts: Alert[]) => alerts.map((item) => ({ alert: item, techniques: item.techniques, tactics: [] }));

describe('assessTechniques', () => {
  it('reports what a high-level rule claims and keeps a lone low-level claim as context', () => {
    const alerts = [alert('a1', 'high', ['T1003.001']), alert('a2', 'low', ['T1071.001'])];
    const result = assessTechniques(input(alerts), resolved(alerts), []);
    expect(result.find((item) => item.id === 'T1003.001')).toMatchObject({ reported: true, basis: ['rule'] });
    const context = result.find((item) => item.id === 'T1071.001');
    expect(context?.reported).toBe(false);
    expect(context?.reasons.at(-1)).toContain('kept as context');
  });

  it('lets evidence inference on the same events corroborate a weak claim, citing the event', () => {
    const alerts = [alert('a1', 'low', ['T1003.001'])];
    const [result] = assessTechniques(input(alerts), resolved(alerts), [inference('T1003', 0.6)]);
    expect(result).toMatchObject({ id: 'T1003.001', reported: true, basis: ['rule', 'inference'] });
    expect(result?.evidence).toContainEqual({ kind: 'event', id: 'e1' });
    expect(result?.reasons.join(' ')).toContain('nearest to Atomic Red Team T1003.001');
  });

  it('does not let an inference that restates the claiming rule (nearest its own selection) corroborate a weak claim', () => {
    // An informational rule on a console host started in legacy mode; the evidence model, which
    // learned that rule's selection values, finds the same command nearest to them.
    const alerts = [alert('a1', 'informational', ['T1202'], 'conhost')];
    const restating: EvidenceInference = {
      ...inference('T1202', 0.45),
      value: 'conhost.exe 0xffffffff -ForceV1',
      nearest: {
        text: 'conhost.exe 0xffffffff -ForceV1',
        label: 'Sigma rule "rule conhost" (selection selection)',
        source: 'sigma-rule',
      },
    };
    const [result] = assessTechniques(input(alerts), resolved(alerts), [restating]);
    expect(result).toMatchObject({ id: 'T1202', reported: false, basis: ['rule'] });
    expect(result?.reasons.join(' ')).toContain('restating its own match');
    // The same inference nearest another rule's selection (or an attack test) is a second witness.
    const independent = {
      ...restating,
      nearest: { ...restating.nearest, label: 'Sigma rule "rule other" (selection selection)' },
    };
    const [corroborated] = assessTechniques(input(alerts), resolved(alerts), [independent]);
    expect(corroborated).toMatchObject({ id: 'T1202', reported: true, basis: ['rule', 'inference'] });
  });

  it('does not let an inference on an unrelated event of the incident corroborate a weak claim', () => {
    // A low-level WinRM rule on a server, and an SSH login on another host that inference reads as a remote login.
    const winrm = { ...alert('a1', 'low', ['T1021.006']), eventIds: ['e-winrm'] };
    const events = new Map([
      ['e-winrm', { ...event('e-winrm'), host: { name: 'APP01' }, process: { pid: 812, name: 'wsmprovhost.exe' } }],
      ['e-ssh', { ...event('e-ssh'), host: { name: 'db01' }, process: { pid: 4410, name: 'sshd' } }],
    ]);
    const sshLogin = { ...inference('T1021', 0.6), eventId: 'e-ssh' };
    const [alone] = assessTechniques(input([winrm], { events }), resolved([winrm]), [sshLogin]);
    expect(alone).toMatchObject({ id: 'T1021.006', reported: false, basis: ['rule'] });
    // An inference on another event of the same process (its process creation) does corroborate.
    events.set('e-start', {
      ...event('e-start'),
      host: { name: 'app01.corp.example' },
      process: { pid: 812, name: 'wsmprovhost.exe' },
    });
    const sameProcess = { ...inference('T1021', 0.6), eventId: 'e-start' };
    const [agreed] = assessTechniques(input([winrm], { events }), resolved([winrm]), [sshLogin, sameProcess]);
    expect(agreed).toMatchObject({ id: 'T1021.006', reported: true, basis: ['rule', 'inference'] });
    expect(agreed?.evidence).toContainEqual({ kind: 'event', id: 'e-start' });
  });

  it('keeps what one weak correlation claims as context, however often it fired, until a second detection agrees', () => {
    // A low-level count rule (many connections to one service) gets the pattern bonus, 0.5, yet stays context.
    const repeated = [1, 2, 3].map((index) => ({
      ...alert(`c${index}`, 'low', ['T1071'], 'repeated-connections'),
      source: 'sigma-correlation' as const,
    }));
    const [alone] = assessTechniques(input(repeated), resolved(repeated), []);
    expect(alone).toMatchObject({ id: 'T1071', reported: false });
    expect(alone?.reasons.at(-1)).toContain('only one weak');
    const withSecond = [...repeated, alert('d1', 'low', ['T1071'], 'odd-user-agent')];
    const [agreed] = assessTechniques(input(withSecond), resolved(withSecond), []);
    expect(agreed).toMatchObject({ id: 'T1071', reported: true });
  });

  it('counts a rule that is baseline-common on the host at half', () => {
    const alerts = [alert('a1', 'high', ['T1059.001'])];
    const baseline = { isCommon: (host: string, rule: string) => host === 'ws01' && rule === 'a1' };
    const [result] = assessTechniques(input(alerts, { baseline }), resolved(alerts), []);
    expect(result).toMatchObject({ reported: false, confidence: 0.35 });
    expect(result?.reasons.join(' ')).toContain('baseline-common');
  });

  it('takes no second detection from the background: a weak rule beside a shared-service alert stays context', () => {
    // A medium beacon to a destination every host polls (routine: counted at half) and a weak rule
    // on another destination, both tagging T1573: neither is the attack's claim.
    const alerts = [alert('shared', 'medium', ['T1573'], 'beaconing'), alert('weak', 'low', ['T1573'], 'repeated')];
    const baseline = {
      isCommon: () => false,
      routine: (item: Alert) => (item.id === 'shared' ? 'shared infrastructure' : undefined),
    };
    const [result] = assessTechniques(input(alerts, { baseline }), resolved(alerts), []);
    expect(result).toMatchObject({ id: 'T1573', reported: false });
    expect(result?.reasons.at(-1)).toContain('only one weak');
  });

  it('rests a reported claim on its strongest alerts only: background and weak alerts beside it are not carriers', () => {
    const alerts = [
      alert('beacon', 'medium', ['T1071.001', 'T1573'], 'beaconing'),
      alert('shared', 'medium', ['T1071.001', 'T1573'], 'beaconing'),
      alert('weak', 'low', ['T1573'], 'repeated'),
    ];
    const baseline = {
      isCommon: () => false,
      routine: (item: Alert) => (item.id === 'shared' ? 'shared infrastructure' : undefined),
    };
    const assessed = assessTechniques(input(alerts, { baseline }), resolved(alerts), []);
    for (const id of ['T1071.001', 'T1573'])
      expect(assessed.find((item) => item.id === id)).toMatchObject({ reported: true, carriers: ['beacon'] });
    // With no strong claim, the weak rules that corroborate each other carry it together.
    const weak = ['repeated', 'odd-user-agent', 'rare-port'].map((rule) => alert(rule, 'low', ['T1071'], rule));
    expect(assessTechniques(input(weak), resolved(weak), [])[0]).toMatchObject({
      reported: true,
      carriers: ['repeated', 'odd-user-agent', 'rare-port'],
    });
  });

  it('counts an inference alert at its own calibrated confidence, never corroborated by the inference it came from', () => {
    const raised = { ...alert('i1', 'medium', ['T1003.001'], 'inference:T1003.001'), source: 'inference' as const };
    const [alone] = assessTechniques(input([raised]), resolved([raised]), [inference('T1003.001', 0.64)]);
    expect(alone).toMatchObject({ id: 'T1003.001', confidence: 0.64, reported: true, basis: ['inference'] });
    expect(alone?.reasons.join(' ')).not.toContain('corroborates');
    // A rule on the same event is a second witness, and the inference corroborates it.
    const rule = alert('a1', 'medium', ['T1003.001']);
    const [both] = assessTechniques(input([raised, rule]), resolved([raised, rule]), [inference('T1003.001', 0.64)]);
    expect(both).toMatchObject({ reported: true, basis: ['inference', 'rule'] });
    expect(both?.confidence).toBeGreaterThan(0.8);
  });

  it('takes behaviour that recurs through its host record as background: it neither corroborates nor names a technique', () => {
    const loopText = 'Start-Sleep -Seconds 5';
    const baseline = {
      isCommon: () => false,
      recurring: (_event: Event, text: string) => (text === loopText ? `"${text}" recurs 40 times` : undefined),
    };
    const sleep = { ...inference('T1055', 0.64, 'Payload'), value: loopText };
    const onlyInferred = assessTechniques(input([], { baseline }), [], [sleep]);
    expect(onlyInferred[0]).toMatchObject({ id: 'T1055', reported: false });
    expect(onlyInferred[0]?.reasons.at(-1)).toContain('recurs 40 times');
    const raised = { ...alert('i1', 'medium', ['T1055'], 'inference:T1055'), source: 'inference' as const };
    const [fromAlert] = assessTechniques(input([raised], { baseline }), resolved([raised]), [sleep]);
    expect(fromAlert).toMatchObject({ reported: false, confidence: 0.32 });
    const weak = alert('a1', 'low', ['T1055']);
    const [weakClaim] = assessTechniques(input([weak], { baseline }), resolved([weak]), [sleep]);
    expect(weakClaim?.reported).toBe(false);
    // The look-alike: the same inference on behaviour seen once is telling, and corroborates.
    const once = { ...sleep, value: 'Start-Sleep -Seconds 5; Invoke-Injection -ProcessId 4242' };
    const [corroborated] = assessTechniques(input([weak], { baseline }), resolved([weak]), [once]);
    expect(corroborated).toMatchObject({ reported: true, basis: ['rule', 'inference'] });
  });

  it('reports a technique only inference names when its field makes it telling enough', () => {
    const fromCommand = assessTechniques(input([]), [], [inference('T1003.001', 0.7)]);
    expect(fromCommand[0]).toMatchObject({ id: 'T1003.001', reported: true, basis: ['inference'] });
    const fromRegistryPath = assessTechniques(input([]), [], [inference('T1012', 0.7, 'registry.key')]);
    expect(fromRegistryPath[0]?.reported).toBe(false);
  });
});
