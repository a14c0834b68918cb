import { afterEach, describe, expect, it } from 'vitest';
import type { Alert, Incident } from '../../core/index.js';
import type { AttackCatalog } from '../../detect/index.js';
import { openRetrievalStore, type RetrievalStore } from '../../store/index.js';
import { trainingExamples } from '../classifier/train-from-knowledge.js';
import { incidentDocument } from './incident-document.js';
import { retrieveForIncident } from './retrieve-for-incident.js';
import { seedRetrieval } from './seed-retrieval.js';

const technique = (id: string, name: string, description: string) =>
  ({
    id,
    name,
    description,
    tactics: ['credential-access'],
    revoked: false,
    deprecated: false,
  }) as unknown as ReturnType<AttackCatalog['techniques']>[number];
const catalog = {
  techniques: () => [
    technique(
      'T1003.001',
      'LSASS Memory',
      'Adversaries may access credential material in the memory of LSASS. (Citation: X)',
    ),
    technique('T1059.001', 'PowerShell', 'Adversaries may abuse PowerShell commands and scripts for execution.'),
  ],
};

function incident(id: string, hosts: string[], techniques: string[]): Incident {
  return {
    id,
    title: `Credential access on ${hosts.join(', ')}`,
    severity: 'high',
    status: 'new',
    alertIds: ['a1'],
    eventIds: ['e1'],
    entities: { hosts, users: [], ips: [], domains: [], hashes: [], processes: [], files: [] },
    techniques,
    tactics: ['credential-access'],
    stages: [],
    firstSeen: '2024-05-01T10:00:00.000Z',
    lastSeen: '2024-05-01T10:05:00.000Z',
    groupedBy: [],
  };
}

const alert: Alert = {
  id: 'a1',
  source: 'sigma',
  ruleId: 'r1',
  ruleTitle: 'LSASS memory dumped with procdump',
  severity: 'high',
  timestamp: '2024-05-01T10:00:00.000Z',
  eventIds: ['e1'],
  techniques: ['T1003.001'],
  tactics: ['credential-access'],
  cves: [],
};

describe('retrieval for an incident', () => {
  let retrieval: RetrievalStore | undefined;
  afterEach(async () => {
    await retrieval?.close();
  });

  it('finds the technique text and a similar past incident with its verdict, never the incident itself', async () => {
    retrieval = await openRetrievalStore(':memory:');
    const past = incident('incident--past', ['ws09.corp'], ['T1003.001']);
    const current = incident('incident--now', ['ws01.corp'], ['T1003.001']);
    const summary = await seedRetrieval(retrieval, {
      attack: catalog,
      pastIncidents: [
        { incident: past, alerts: [alert], verdict: 'true-positive', comments: ['confirmed procdump'] },
        { incident: current },
      ],
    });
    expect(summary).toMatchObject({ techniques: 2, incidents: 2 });
    const hits = await retrieveForIncident(retrieval, current, [alert]);
    expect(hits.map((hit) => hit.id)).toEqual(['incident--past', 'attack-technique--T1003.001']);
    expect(hits[0]).toMatchObject({ kind: 'incident', verdict: 'true-positive' });
    // seeding again does not duplicate CTI
    expect((await seedRetrieval(retrieval, { attack: catalog })).techniques).toBe(0);
  });

  it('describes a past incident by its entities for entity filters', () => {
    const document = incidentDocument({ incident: incident('incident--x', ['WS01.corp.example'], []) });
    expect(document.entities).toEqual(['host:ws01']);
  });

  it('trains from technique descriptions when no procedure examples are at hand, plus confirmed incidents', () => {
    const examples = trainingExamples({
      attack: catalog,
      confirmedIncidents: [{ text: 'procdump lsass', techniques: ['T1003.001'] }],
    });
    expect(examples.filter((example) => example.technique === 'T1003.001').length).toBeGreaterThanOrEqual(3);
    expect(examples).toContainEqual({ text: 'procdump lsass', technique: 'T1003.001' });
  });
});
