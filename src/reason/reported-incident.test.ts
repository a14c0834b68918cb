import { describe, expect, it } from 'vitest';
import type { AttackSequence, Incident } from '../core/index.js';
import { reportedIncident } from './reported-incident.js';

const incident: Incident = {
  id: 'i1',
  title: 't',
  severity: 'high',
  status: 'new',
  alertIds: ['a1', 'a2'],
  eventIds: ['e1', 'e2'],
  entities: { hosts: [], users: [], ips: [], domains: [], hashes: [], processes: [], files: [] },
  techniques: ['T1003.001', 'T1071.001'],
  tactics: ['credential-access', 'command-and-control'],
  stages: [],
  firstSeen: '2024-05-01T10:00:00Z',
  lastSeen: '2024-05-01T10:05:00Z',
  groupedBy: [],
};

describe('reportedIncident', () => {
  it('reports the sequence’s techniques and tactics, not every alert tag', () => {
    const step = {
      tactic: 'credential-access' as const,
      techniques: ['T1003.001'],
      summary: 's',
      confidence: 0.7,
      firstSeen: '2024-05-01T10:00:00Z',
      lastSeen: '2024-05-01T10:00:00Z',
      evidence: [{ kind: 'alert' as const, id: 'a1' }],
    };
    const reported = reportedIncident(incident, { steps: [step] } as AttackSequence);
    expect(reported.techniques).toEqual(['T1003.001']);
    expect(reported.tactics).toEqual(['credential-access']);
    expect(reported.stages).toEqual([
      {
        tactic: 'credential-access',
        techniques: ['T1003.001'],
        firstSeen: step.firstSeen,
        lastSeen: step.lastSeen,
        evidence: step.evidence,
      },
    ]);
    expect(reported.alertIds).toEqual(incident.alertIds);
  });

  it('leaves an incident whose sequence has no step as correlated', () => {
    expect(reportedIncident(incident, { steps: [] } as unknown as AttackSequence)).toBe(incident);
  });
});
