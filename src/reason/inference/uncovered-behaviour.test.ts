import { describe, expect, it } from 'vitest';
import { type Alert, type Event, eventSchema } from '../../core/index.js';
import type { EvidenceExample } from './evidence-examples.js';
import { trainEvidenceModel } from './evidence-model.js';
import { coversBehaviour, inferenceAlert, secondWitnessConfidence, UncoveredBehaviour } from './uncovered-behaviour.js';

const event = (id: string, host: string, commandLine: string): Event =>
  eventSchema.parse({
    id,
    timestamp: '2024-05-01T10:00:00Z',
    origin: { format: 'windows-json' },
    host: { name: host },
    process: { commandLine },
    raw: '{}',
    fields: {},
  });

// Many groups, so the held-out calibration has data: variants of two techniques' commands among
// unrelated ones.
const examples: EvidenceExample[] = Array.from({ length: 400 }, (_, index) => {
  const kind = index % 20;
  return {
    text:
      kind === 0
        ? `procdump${index}.exe -accepteula -ma lsass.exe C:\\temp\\dump${index}.dmp`
        : kind === 1
          ? `vssadmin delete shadows /all /quiet /for=c${index}:`
          : `net use \\\\host${index}\\share${index} /user:svc${index}`,
    technique: kind === 0 ? 'T1003.001' : kind === 1 ? 'T1490' : 'T1021.002',
    source: 'atomic-red-team',
    group: `test-${index}`,
    label: `test ${index}`,
  };
});

describe('UncoveredBehaviour', () => {
  it('alerts on behaviour new on its host that no rule covered, with its reason', async () => {
    const model = await trainEvidenceModel(examples);
    const uncovered = new UncoveredBehaviour();
    const fresh = [
      ...uncovered.observe(event('e1', 'ws01', 'procdump.exe -accepteula -ma lsass.exe C:\\temp\\out.dmp'), false),
    ];
    for (let index = 0; index < 5; index++)
      fresh.push(...uncovered.observe(event(`b${index}`, 'ws02', 'net use \\\\host7\\share7 /user:svc7'), false));
    fresh.push(...uncovered.observe(event('c1', 'ws03', 'vssadmin delete shadows /all /quiet'), true));
    // First seen on its host only, and never what a rule covered.
    expect(fresh.map((sighting) => sighting.eventId)).toEqual(['e1', 'b0']);
    const alerts = fresh.flatMap((sighting) => inferenceAlert(model, sighting, { minConfidence: 0.5 }) ?? []);
    expect(alerts.map((alert) => [alert.source, alert.techniques, alert.eventIds])).toEqual([
      ['inference', ['T1003.001'], ['e1']],
      ['inference', ['T1021.002'], ['b0']],
    ]);
    expect(alerts[0]?.description).toContain('is nearest to test');
  });

  it('keeps at most maxKeys behaviours however many distinct ones it sees', () => {
    const uncovered = new UncoveredBehaviour({ maxKeys: 1_000 });
    const base = event('e', 'ws01', 'x');
    for (let index = 0; index < 1_000_000; index++)
      uncovered.observe({ ...base, id: `e${index}`, process: { commandLine: `tool.exe --run job${index}` } }, false);
    expect(uncovered.size).toBe(1_000);
    expect(uncovered.dropped).toBe(999_000);
  }, 120_000);

  const at = (id: string, host: string, commandLine: string, minute: number): Event => ({
    ...event(id, host, commandLine),
    timestamp: new Date(Date.parse('2024-05-01T10:00:00Z') + minute * 60_000).toISOString(),
  });

  it('says a behaviour recurs when it is seen again and again from the start of its host record to its end', () => {
    const uncovered = new UncoveredBehaviour();
    // An agent's sleep between check-ins: every 3 minutes for an hour; an operator's one command in between.
    for (let minute = 0; minute <= 60; minute += 3)
      uncovered.observe(at(`s${minute}`, 'ws01', 'timeout /t 5 /nobreak', minute), false);
    uncovered.observe(at('op', 'ws01', 'reg add HKLM\\System\\x /v y /d 1', 31), false);
    const loop = at('s-last', 'ws01', 'timeout /t 5 /nobreak', 60);
    expect(uncovered.recurring(loop, 'timeout /t 5 /nobreak')).toContain('recurs 21 times through ws01');
    expect(uncovered.recurring(at('op', 'ws01', '', 31), 'reg add HKLM\\System\\x /v y /d 1')).toBeUndefined();
    // The same text on another host is that host's own matter.
    expect(uncovered.recurring(at('o', 'ws02', 'timeout /t 5 /nobreak', 0), 'timeout /t 5 /nobreak')).toBeUndefined();
  });

  it('does not call a burst recurring: a script run twenty times in one minute of a long record is one step', () => {
    const uncovered = new UncoveredBehaviour();
    uncovered.observe(at('first', 'ws01', 'ipconfig /all', 0), false);
    for (let index = 0; index < 20; index++)
      uncovered.observe(at(`b${index}`, 'ws01', 'net user admin /domain', 30), false);
    uncovered.observe(at('last', 'ws01', 'ipconfig /all', 60), false);
    expect(uncovered.recurring(at('b0', 'ws01', '', 30), 'net user admin /domain')).toBeUndefined();
    // Seen at both ends but only twice: not a loop either.
    expect(uncovered.recurring(at('last', 'ws01', '', 60), 'ipconfig /all')).toBeUndefined();
  });
});

describe('inferenceAlert beside a weak detection', () => {
  const weak = (techniques: string[], ruleTitle = 'Dump tool named on a command line'): Alert => ({
    id: `weak-${techniques.join('-')}`,
    source: 'sigma',
    ruleId: 'weak-rule',
    ruleTitle,
    severity: 'low',
    timestamp: '2024-05-01T10:00:00Z',
    eventIds: ['e1'],
    techniques,
    tactics: [],
    cves: [],
    description: '',
  });
  const dump = () => {
    const uncovered = new UncoveredBehaviour();
    return uncovered.observe(
      event('e1', 'ws01', 'procdump.exe -accepteula -ma lsass.exe C:\\temp\\out.dmp'),
      false,
    )[0]!;
  };

  it('is the second witness of a weak rule naming the same technique, below the bar for naming it alone', async () => {
    const model = await trainEvidenceModel(examples);
    const sighting = dump();
    const [best] = model.infer(sighting.text, 1);
    expect(best!.confidence).toBeGreaterThanOrEqual(secondWitnessConfidence);
    // Alone, an inference this confident is not enough when its field asks for more.
    const minConfidence = Math.min(1, best!.confidence + 0.01);
    expect(inferenceAlert(model, sighting, { minConfidence })).toBeUndefined();
    const alert = inferenceAlert(model, sighting, { minConfidence, weakAlerts: [weak(['T1003'])] });
    expect(alert?.techniques).toEqual(['T1003.001']);
    expect(alert?.description).toContain('the second witness of a weak detection');
  });

  it('is no witness for a weak rule claiming another technique, nor for a rule restating its own value', async () => {
    const model = await trainEvidenceModel(examples);
    const sighting = dump();
    const [best] = model.infer(sighting.text, 1);
    const minConfidence = Math.min(1, best!.confidence + 0.01);
    // A weak shadow-copy rule on the same event does not make a dump inference its witness.
    expect(inferenceAlert(model, sighting, { minConfidence, weakAlerts: [weak(['T1490'])] })).toBeUndefined();
    // The evidence model learns rules' own values: nearest to the weak rule's selection is that rule again.
    const ruled = await trainEvidenceModel(
      examples.map((example) =>
        example.technique === 'T1003.001'
          ? { ...example, source: 'sigma-rule', label: 'Sigma rule "Dump tool named on a command line" (selection a)' }
          : example,
      ),
    );
    const [own] = ruled.infer(sighting.text, 1);
    expect(own!.nearest.source).toBe('sigma-rule');
    const ownBar = Math.min(1, own!.confidence + 0.01);
    expect(
      inferenceAlert(ruled, sighting, { minConfidence: ownBar, weakAlerts: [weak(['T1003.001'])] }),
    ).toBeUndefined();
    // Another weak rule naming it is still witnessed.
    expect(own!.confidence).toBeGreaterThanOrEqual(secondWitnessConfidence);
    expect(
      inferenceAlert(ruled, sighting, { minConfidence: ownBar, weakAlerts: [weak(['T1003.001'], 'Another rule')] })
        ?.techniques,
    ).toEqual(['T1003.001']);
  });
});

describe('coversBehaviour', () => {
  const alert = (source: Alert['source'], severity: Alert['severity']): Alert => ({
    id: `a-${source}-${severity}`,
    source,
    ruleId: 'r',
    ruleTitle: 'rule',
    severity,
    timestamp: '2024-05-01T10:00:00Z',
    eventIds: ['e1'],
    techniques: ['T1482'],
    tactics: [],
    cves: [],
    description: '',
  });
  it('a strong rule or analytic covers its event; a weak rule alone leaves it watched for inference', () => {
    expect(coversBehaviour([alert('sigma', 'medium')])).toBe(true);
    expect(coversBehaviour([alert('analytic', 'high')])).toBe(true);
    expect(coversBehaviour([alert('sigma', 'low'), alert('sigma', 'informational')])).toBe(false);
    expect(coversBehaviour([alert('inference', 'high')])).toBe(false);
    expect(coversBehaviour([])).toBe(false);
  });
});
