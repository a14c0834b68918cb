import { describe, expect, it } from 'vitest';
import type { Alert, Incident } from '../core/index.js';
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

const reasoning = (observables: { value: string; events: string[] }[]) =>
  ({
    sequence: { confidence: 0.8 },
    context: {
      users: [],
      observables: observables.map(({ value, events }) => ({
        type: 'ipv4-addr',
        value,
        indicatorHits: [],
        evidence: events.map((id) => ({ kind: 'event', id })),
      })),
    },
  }) as unknown as ReasoningResult;

describe('indicators learned from a confirmed incident', () => {
  it('carry the techniques of the alerts that saw them, not every technique of the incident', () => {
    const alerts = [alert('beacon', ['e1', 'e2'], ['T1071.001', 'T1573']), alert('dump', ['e3'], ['T1003.001'])];
    const learned = indicatorsFromIncident({
      incident,
      reasoning: reasoning([{ value: '198.51.100.20', events: ['e2'] }]),
      verdict: 'true-positive',
      eventsById: new Map(),
      alerts,
      now: new Date('2025-03-04T00:00:00Z'),
    });
    expect(learned.indicators.map((indicator) => [indicator.value, indicator.techniques])).toEqual([
      ['198.51.100.20', ['T1071.001', 'T1573']],
    ]);
  });

  it("fall back to the incident's techniques when no alert names the observable's events", () => {
    const learned = indicatorsFromIncident({
      incident,
      reasoning: reasoning([{ value: '203.0.113.9', events: ['e9'] }]),
      verdict: 'true-positive',
      eventsById: new Map(),
      now: new Date('2025-03-04T00:00:00Z'),
    });
    expect(learned.indicators[0]?.techniques).toEqual(['T1003.001', 'T1071.001', 'T1573']);
  });
});
