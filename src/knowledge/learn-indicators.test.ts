import { describe, expect, it } from 'vitest';
import type { Alert, AttackSequence, Incident } from '../core/index.js';
import type { ReasoningResult } from '../reason/index.js';
import { indicatorsFromIncident } from './learn-indicators.js';

const alert = (id: string, eventIds: string[], techniques: string[]): Alert => ({
  id,
  source: 'sigma',
  ruleId: id,
  ruleTitle: id,
  severity: 'high',
  timestamp: '2025-03-03T09:00:00Z',
  eventIds,
  techniques,
  tactics: [],
  cves: [],
});

const incident = {
  id: 'incident--1',
  title: 'Credential access, command and control on ws-1',
  firstSeen: '2025-03-03T09:00:00Z',
  lastSeen: '2025-03-03T10:00:00Z',
  techniques: ['T1003.001', 'T1071.001', 'T1573'],
  alertIds: ['beacon', 'dump'],
  entities: { hosts: ['ws-1.corp.example'], users: [], ips: [], domains: [], hashes: [], processes: [], files: [] },
} as unknown as Incident;

type Step = { techniques: string[]; events?: string[] };

const sequence = (steps: Step[], context: string[] = [], reportedAlerts?: string[]) =>
  ({
    confidence: 0.8,
    ...(reportedAlerts ? { reportedAlerts } : {}),
    steps: steps.map((step) => ({
      tactic: 'command-and-control',
      techniques: step.techniques,
      evidence: (step.events ?? []).map((id) => ({ kind: 'event', id })),
    })),
    techniques: [
      ...steps.flatMap((step) => step.techniques.map((id) => ({ id, reported: true, evidence: [] }))),
      ...context.map((id) => ({ id, reported: false, evidence: [] })),
    ],
  }) as unknown as AttackSequence;

const reasoning = (
  observables: { value: string; events: string[] }[],
  steps: Step[],
  options: { context?: string[]; users?: { name: string; events: string[] }[]; reportedAlerts?: string[] } = {},
) =>
  ({
    sequence: sequence(steps, options.context, options.reportedAlerts),
    context: {
      users: (options.users ?? []).map(({ name, events }) => ({
        name,
        evidence: events.map((id) => ({ kind: 'event', id })),
      })),
      observables: observables.map(({ value, events }) => ({
        type: 'ipv4-addr',
        value,
        indicatorHits: [],
        evidence: events.map((id) => ({ kind: 'event', id })),
      })),
    },
  }) as unknown as ReasoningResult;

const learn = (input: { reasoning: ReasoningResult; alerts: Alert[] }) =>
  indicatorsFromIncident({
    incident,
    verdict: 'true-positive',
    eventsById: new Map(),
    now: new Date('2025-03-04T00:00:00Z'),
    ...input,
  });

const everything: Step[] = [{ techniques: ['T1003.001'] }, { techniques: ['T1071.001', 'T1573'] }];

describe('indicators learned from a confirmed incident', () => {
  it('carry the techniques of the alerts that saw them, not every technique of the incident', () => {
    const alerts = [alert('beacon', ['e1', 'e2'], ['T1071.001', 'T1573']), alert('dump', ['e3'], ['T1003.001'])];
    const learned = learn({ reasoning: reasoning([{ value: '198.51.100.20', events: ['e2'] }], everything), alerts });
    expect(learned.indicators.map((indicator) => [indicator.value, indicator.techniques])).toEqual([
      ['198.51.100.20', ['T1071.001', 'T1573']],
    ]);
  });

  it("never come from the incident's context: a shared service polled beside the attack is not learned", () => {
    // The attack's beacon (T1071.001, reported) and a destination every host polls, whose alert's
    // techniques (T1071, T1573) the reasoning kept as context.
    const alerts = [
      alert('beacon', ['e1'], ['T1071.001']),
      alert('dump', ['e3'], ['T1003.001']),
      alert('shared-agent', ['e7', 'e8'], ['T1071', 'T1573']),
    ];
    const learned = learn({
      reasoning: reasoning(
        [
          { value: '198.51.100.20', events: ['e1'] },
          { value: '203.0.113.250', events: ['e7', 'e8'] },
        ],
        [{ techniques: ['T1003.001'] }, { techniques: ['T1071.001'] }],
        {
          context: ['T1071', 'T1573'],
          users: [
            { name: 'CORP\\attacker', events: ['e3'] },
            { name: 'CORP\\agent', events: ['e8'] },
          ],
        },
      ),
      alerts,
    });
    expect(learned.indicators.map((indicator) => indicator.value)).toEqual(['198.51.100.20', 'CORP\\attacker']);
    expect(learned.indicators[0]?.techniques).toEqual(['T1071.001']);
  });

  it('never come from an alert that rides along a reported technique (the reasoning lists the alerts it rests on)', () => {
    // Both beacons tag the reported T1071.001, but the reasoning rests it on the attack's beacon
    // alone: the other polls a shared service (counted at half).
    const alerts = [alert('beacon', ['e1'], ['T1071.001']), alert('shared-agent', ['e7'], ['T1071.001'])];
    const learned = learn({
      reasoning: reasoning(
        [
          { value: '198.51.100.20', events: ['e1'] },
          { value: '203.0.113.250', events: ['e7'] },
        ],
        [{ techniques: ['T1071.001'] }],
        { reportedAlerts: ['beacon'] },
      ),
      alerts,
    });
    expect(learned.indicators.map((indicator) => indicator.value)).toEqual(['198.51.100.20']);
  });

  it("learn from the events a reported inferred step cites, with the incident's reported techniques", () => {
    const learned = learn({
      reasoning: reasoning(
        [
          { value: '203.0.113.9', events: ['e9'] },
          { value: '203.0.113.10', events: ['e10'] },
        ],
        [...everything, { techniques: ['T1105'], events: ['e9'] }],
      ),
      alerts: [alert('dump', ['e3'], ['T1003.001'])],
    });
    // e10 is in the incident (a linking logon, a sampled event) but nothing reported cites it.
    expect(learned.indicators.map((indicator) => [indicator.value, indicator.techniques])).toEqual([
      ['203.0.113.9', ['T1003.001', 'T1071.001', 'T1105', 'T1573']],
    ]);
  });

  it('learn from every alert when the reasoning reports no step (the incident as correlated)', () => {
    const learned = learn({
      reasoning: reasoning([{ value: '198.51.100.20', events: ['e1'] }], []),
      alerts: [alert('beacon', ['e1'], ['T1071.001'])],
    });
    expect(learned.indicators.map((indicator) => [indicator.value, indicator.techniques])).toEqual([
      ['198.51.100.20', ['T1071.001']],
    ]);
  });

  it('record sightings of known indicators whatever the evidence', () => {
    const known = reasoning([{ value: '203.0.113.250', events: ['e7'] }], [{ techniques: ['T1071.001'] }]);
    known.context.observables[0]!.indicatorHits.push({
      indicatorId: 'indicator--known',
      source: 'misp',
      confidence: 60,
    });
    const learned = learn({ reasoning: known, alerts: [alert('beacon', ['e1'], ['T1071.001'])] });
    expect(learned.indicators).toEqual([]);
    expect(learned.sightings.map((sighting) => sighting.indicatorId)).toEqual(['indicator--known']);
  });
});
