import { describe, expect, it } from 'vitest';
import type { Alert, Event, Tactic } from '../../core/index.js';
import { ValidationError } from '../../core/index.js';
import { correlateAlerts } from '../../correlate/index.js';
import { trainTechniqueClassifier } from '../classifier/technique-classifier.js';
import { countKnowledgeReuse } from '../knowledge/knowledge-reuse.js';
import type { AttackKnowledge, Reasoner, ReasoningInput, RetrievedItem } from '../reasoner.js';
import { runReasoning } from '../run-reasoning.js';
import { createBuiltinReasoner } from './builtin-reasoner.js';

const at = (minute: number) => new Date(Date.UTC(2024, 4, 1, 10, minute)).toISOString();

function event(id: string, minute: number, commandLine?: string): Event {
  return {
    id,
    timestamp: at(minute),
    origin: { format: 'windows-json' },
    kind: 'event',
    category: ['process'],
    outcome: 'unknown',
    host: { name: 'WS01' },
    user: { name: 'alice', domain: 'CORP' },
    ...(commandLine ? { process: { pid: 10, executable: 'C:\\x.exe', commandLine } } : {}),
    observables: [],
    fields: {},
    raw: '{}',
  };
}

function alert(id: string, eventId: string, minute: number, tactics: Tactic[], techniques: string[]): Alert {
  return {
    id,
    source: 'sigma',
    ruleId: id,
    ruleTitle: `Detection ${id}`,
    severity: 'high',
    timestamp: at(minute),
    eventIds: [eventId],
    techniques,
    tactics,
    cves: [],
  };
}

/** A three-technique catalog: T1086 revoked by T1059.001. */
const catalog: AttackKnowledge = {
  technique: (id) =>
    (
      ({
        'T1059.001': { id: 'T1059.001', name: 'PowerShell', revoked: false },
        'T1003.001': { id: 'T1003.001', name: 'LSASS Memory', revoked: false },
        T1086: { id: 'T1086', name: 'PowerShell', revoked: true },
        T1087: { id: 'T1087', name: 'Account Discovery', revoked: false },
      }) as Record<string, unknown>
    )[id] as ReturnType<AttackKnowledge['technique']>,
  resolve: (id) => (id.toUpperCase() === 'T1086' ? 'T1059.001' : id.toUpperCase()),
  coreTacticsOf: (id) =>
    (
      ({ 'T1059.001': ['execution'], 'T1003.001': ['credential-access'], T1087: ['discovery'] }) as Record<
        string,
        Tactic[]
      >
    )[id] ?? [],
};

/** `consistent`: alerts whose tags agree with ATT&CK and whose ids are all known. */
function scenario(extra: Partial<ReasoningInput> = {}, consistent = false): ReasoningInput {
  const events = new Map<string, Event>([
    ['e1', event('e1', 0, 'powershell.exe -enc SQBFAFgA')],
    ['e2', event('e2', 5, 'procdump.exe -ma lsass.exe out.dmp')],
    ['e3', event('e3', 6)],
  ]);
  const alerts = [
    alert('a1', 'e1', 0, [], ['T1086']),
    alert('a2', 'e2', 5, [consistent ? 'credential-access' : 'impact'], ['T1003.001']),
    alert('a3', 'e3', 6, ['discovery'], [consistent ? 'T1087' : 'T9999']),
  ];
  const [incident] = correlateAlerts(alerts, events);
  return { incident: incident!, alerts, events, indicatorMatches: [], attack: catalog, ...extra };
}

const pastIncident: RetrievedItem = {
  id: 'incident--past',
  kind: 'incident',
  source: 'incident',
  title: 'Credential theft then exfiltration on ws09',
  techniques: ['T1003.001'],
  tactics: ['credential-access', 'exfiltration'],
  verdict: 'true-positive',
  snippet: 'procdump lsass',
  score: 3.2,
};
const lsassDocument: RetrievedItem = {
  id: 'attack-technique--T1003.001',
  kind: 'document',
  source: 'attack-technique',
  title: 'T1003.001 LSASS Memory',
  techniques: ['T1003.001'],
  tactics: ['credential-access'],
  snippet: 'Adversaries may attempt to access credential material stored in LSASS',
  score: 0,
};

describe('built-in attack sequence with ATT&CK, retrieval and the classifier', () => {
  it('resolves revoked ids, flags unknown ones, and lowers confidence for conflicts with reasons', async () => {
    const { sequence } = await runReasoning(createBuiltinReasoner(), scenario());
    const checks = Object.fromEntries((sequence.techniques ?? []).map((check) => [check.id, check]));
    expect(checks['T1059.001']).toMatchObject({
      status: 'replaced',
      replaces: 'T1086',
      name: 'PowerShell',
      tactics: ['execution'],
    });
    expect(checks.T9999?.status).toBe('unknown');
    // the revoked technique's alert had no tactic: ATT&CK supplies it
    expect(sequence.steps.map((step) => step.tactic)).toEqual(['execution', 'discovery', 'impact']);
    expect(sequence.confidenceReasons.join('\n')).toMatch(/conflicting evidence: alert "Detection a2" tags impact/);
    expect(sequence.confidenceReasons.join('\n')).toMatch(/unknown technique id\(s\) not in ATT&CK: T9999/);
    expect(sequence.confidenceReasons).toContain('revoked T1086 read as T1059.001');
    const clean = await runReasoning(createBuiltinReasoner(), scenario({}, true));
    expect(clean.sequence.confidenceReasons.join('\n')).not.toMatch(/conflicting|unknown technique/);
    expect(sequence.confidence).toBeCloseTo(clean.sequence.confidence - 0.1, 5);
    expect(sequence.firstSeen).toBe(at(0));
    expect(sequence.lastSeen).toBe(at(6));
  });

  it('cites retrieved past incidents and CTI documents, which count as knowledge reuse', async () => {
    const result = await runReasoning(
      createBuiltinReasoner(),
      scenario({ retrieved: [pastIncident, lsassDocument] }, true),
    );
    expect(result.sequence.related?.map((item) => item.kind)).toEqual(['past-incident', 'cti']);
    const lsass = result.sequence.techniques?.find((check) => check.id === 'T1003.001');
    expect(lsass?.evidence).toContainEqual({ kind: 'document', id: 'attack-technique--T1003.001' });
    expect(result.sequence.likelyNext[0]).toMatchObject({
      tactic: 'exfiltration',
      evidence: [{ kind: 'incident', id: 'incident--past' }],
    });
    expect(result.sequence.confidenceReasons.join('\n')).toMatch(/confirmed true positives/);
    const reuse = countKnowledgeReuse(result, result.sequence.incidentId);
    expect(reuse.incidentCitations).toBeGreaterThanOrEqual(2);
    expect(reuse.documentCitations).toBeGreaterThanOrEqual(2);
    expect(reuse.distinctItems).toBe(2);
  });

  it('lowers confidence when similar past incidents were dismissed', async () => {
    const base = await runReasoning(createBuiltinReasoner(), scenario());
    const dismissed = await runReasoning(
      createBuiltinReasoner(),
      scenario({ retrieved: [{ ...pastIncident, verdict: 'false-positive' }] }),
    );
    expect(dismissed.sequence.confidence).toBeLessThan(base.sequence.confidence);
    expect(dismissed.sequence.confidenceReasons.join('\n')).toMatch(/judged false-positive \(incident--past\)/);
  });

  it('rejects a citation of a document that retrieval did not return', async () => {
    const builtin = createBuiltinReasoner();
    const inventing: Reasoner = {
      ...builtin,
      correlate: async (input, context) => {
        const sequence = await builtin.correlate(input, context);
        sequence.steps[0]!.evidence.push({ kind: 'document', id: 'attack-technique--T1486' });
        return sequence;
      },
    };
    const error = await runReasoning(inventing, scenario({ retrieved: [lsassDocument] })).catch(
      (caught: unknown) => caught,
    );
    expect(error).toBeInstanceOf(ValidationError);
    expect((error as ValidationError).issues[0]).toMatch(/document:attack-technique--T1486 does not exist/);
  });

  it('adds classifier suggestions with the events they came from, as a corroborating signal only', async () => {
    const classifier = trainTechniqueClassifier(
      [
        { text: 'dumped lsass memory with procdump', technique: 'T1003.001' },
        { text: 'procdump of the lsass process to steal credentials', technique: 'T1003.001' },
        { text: 'powershell encoded command enc', technique: 'T1059.001' },
        { text: 'ran powershell with -enc to hide the script', technique: 'T1059.001' },
      ],
      { minDocumentFrequency: 1 },
    );
    const { sequence } = await runReasoning(createBuiltinReasoner(), scenario({ classifier }));
    const lsass = sequence.classifierSignals?.find((signal) => signal.technique === 'T1003.001');
    expect(lsass).toMatchObject({ corroborates: true });
    expect(lsass?.evidence).toContainEqual({ kind: 'event', id: 'e2' });
    // suggestions never become steps on their own
    expect(sequence.steps.flatMap((step) => step.techniques)).not.toContain('T1055');
  });
});
