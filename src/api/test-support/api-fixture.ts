/** A small store with one incident, three proposals (low, medium, high) and one token per role, for API tests. */
import type { FastifyInstance } from 'fastify';
import {
  type ActionProposal,
  type Alert,
  actionProposalSchema,
  alertSchema,
  type Event,
  eventSchema,
  type Incident,
  incidentSchema,
} from '../../core/index.js';
import { sampleContext, sampleSequence } from '../../core/test-support/sample-artifacts.js';
import { buildAttackGraph } from '../../correlate/index.js';
import { createConnectorRegistry, parsePolicy } from '../../respond/index.js';
import { type ApiRole, openStores, type Stores } from '../../store/index.js';
import { type AppOptions, createApp, responseDeskOf } from '../app.js';
import { createApiToken } from '../auth/api-tokens.js';
import type { ResponseDesk } from '../response/response-desk.js';
import { createRecordingConnector, type RecordingConnector } from './recording-connector.js';

export const incidentId = 'incident--fixture';
export const fixedNow = new Date('2024-11-05T12:00:00.000Z');

export function fixtureEvent(id: string, minute: number, extra: Partial<Event> = {}): Event {
  return eventSchema.parse({
    id,
    timestamp: `2024-11-05T10:${String(minute).padStart(2, '0')}:00.000Z`,
    origin: { format: 'windows-json', dataset: 'sysmon' },
    category: ['process'],
    host: { name: 'WS-1.corp.example', ip: ['10.0.0.5'] },
    user: { name: 'alice', domain: 'CORP' },
    process: {
      executable: 'C:\\Windows\\System32\\powershell.exe',
      parent: { executable: 'C:\\Windows\\explorer.exe' },
    },
    fields: {},
    raw: `{"event":"${id}"}`,
    ...extra,
  });
}

export const fixtureEvents: Event[] = [
  fixtureEvent('event-1', 1),
  fixtureEvent('event-2', 2, {
    category: ['network'],
    destination: { ip: '203.0.113.9', port: 443 },
    dns: { question: { name: 'evil.example' }, answers: ['203.0.113.9'] },
  }),
  fixtureEvent('event-3', 3, { file: { path: 'C:\\Temp\\drop.exe', hashes: { sha256: 'ab'.repeat(32) } } }),
];

export const fixtureAlert: Alert = alertSchema.parse({
  id: 'alert-1',
  source: 'sigma',
  ruleId: 'rule-1',
  ruleTitle: 'Suspicious PowerShell',
  severity: 'high',
  timestamp: '2024-11-05T10:01:00.000Z',
  eventIds: ['event-1', 'event-2', 'event-3'],
  techniques: ['T1059.001'],
  tactics: ['execution'],
});

export const fixtureIncident: Incident = incidentSchema.parse({
  id: incidentId,
  title: 'PowerShell on ws-1',
  severity: 'high',
  alertIds: ['alert-1'],
  eventIds: ['event-1', 'event-2', 'event-3'],
  entities: { hosts: ['ws-1.corp.example'], users: ['CORP\\alice'], ips: ['203.0.113.9'], domains: ['evil.example'] },
  techniques: ['T1059.001'],
  tactics: ['execution'],
  stages: [
    {
      tactic: 'execution',
      techniques: ['T1059.001'],
      firstSeen: '2024-11-05T10:01:00.000Z',
      lastSeen: '2024-11-05T10:03:00.000Z',
      evidence: [{ kind: 'alert', id: 'alert-1' }],
    },
  ],
  firstSeen: '2024-11-05T10:01:00.000Z',
  lastSeen: '2024-11-05T10:03:00.000Z',
});

function proposal(id: string, risk: ActionProposal['risk'], actionType: ActionProposal['actionType']): ActionProposal {
  return actionProposalSchema.parse({
    id,
    incidentId,
    actionType,
    target: {
      kind: actionType === 'block-ip' ? 'ip' : 'host',
      value: actionType === 'block-ip' ? '203.0.113.9' : 'ws-1',
    },
    risk,
    reversible: true,
    rationale: `${actionType} because of alert-1`,
    evidence: [{ kind: 'alert', id: 'alert-1' }],
  });
}

export const proposals = {
  low: proposal('proposal-low', 'low', 'notify'),
  medium: proposal('proposal-medium', 'medium', 'block-ip'),
  high: proposal('proposal-high', 'high', 'isolate-host'),
};

/** Distinct users; two analysts so the two-person rule can be satisfied. */
export const users: Record<string, ApiRole> = {
  viewer: 'viewer',
  analyst: 'analyst',
  'analyst-2': 'analyst',
  responder: 'responder',
  admin: 'admin',
  vigil: 'analyst',
};

/**
 * The fixture's response policy: notify runs automatically, block-ip waits for one analyst,
 * isolate-host (high risk) for two.
 */
export const fixturePolicyText = `version: 1
approval:
  twoPersonRisk: [high, critical]
  timeout: 1h
  onTimeout: deny
auto:
  actions: [notify]
  maxRisk: low
  minConfidence: 0.5
refuse:
  actions: [other]
`;

export interface ApiFixture {
  app: FastifyInstance;
  stores: Stores;
  /** Records what the response runs carried out. */
  connector: RecordingConnector;
  desk: ResponseDesk;
  /** Bearer tokens by user name. */
  tokens: Record<string, string>;
  auth: (user: string) => { authorization: string };
  close: () => Promise<void>;
}

export async function seedStore(stores: Stores): Promise<void> {
  await stores.store.insertEvents(fixtureEvents);
  await stores.store.insertAlerts([fixtureAlert]);
  await stores.store.recordIncident({
    mode: 'replace',
    incident: fixtureIncident,
    audit: [{ actor: 'vigil', action: 'incident-created', subject: { kind: 'incident', id: incidentId }, details: {} }],
    artifacts: {
      sequence: sampleSequence(incidentId, { currentStage: 'execution', confidence: 0.9 }),
      context: sampleContext(incidentId, {
        observables: [
          {
            type: 'ipv4-addr',
            value: '203.0.113.9',
            indicatorHits: [{ indicatorId: 'indicator--1', source: 'feed', confidence: 80 }],
            evidence: [{ kind: 'event', id: 'event-2' }],
          },
        ],
      }),
      indicatorHits: [
        {
          eventId: 'event-2',
          indicatorId: 'indicator--1',
          source: 'feed',
          confidence: 80,
          type: 'ipv4-addr',
          field: 'destination.ip',
          value: '203.0.113.9',
        },
      ],
      graph: buildAttackGraph(incidentId, fixtureEvents),
    },
  });
  await stores.store.saveProposals(incidentId, Object.values(proposals));
  await stores.store.appendAudit({
    actor: 'vigil',
    action: 'plan-proposed',
    subject: { kind: 'incident', id: incidentId },
    details: {},
  });
}

export async function createFixture(options: Partial<AppOptions> = {}): Promise<ApiFixture> {
  const stores = await openStores(':memory:');
  const connector = createRecordingConnector();
  await seedStore(stores);
  const tokens: Record<string, string> = {};
  for (const [name, role] of Object.entries(users)) {
    tokens[name] = (await createApiToken(stores.tokens, { name, role, createdBy: 'test', now: fixedNow })).token;
  }
  const app = await createApp({
    store: stores.store,
    tokens: stores.tokens,
    runs: stores.runs,
    knowledge: stores.knowledge,
    taxii: stores.taxii,
    clock: () => fixedNow,
    watchIntervalMs: 0,
    response: {
      policy: parsePolicy(fixturePolicyText),
      connectors: createConnectorRegistry([connector]),
      loopIntervalMs: 0,
    },
    ...options,
  });
  await app.ready();
  return {
    app,
    stores,
    connector,
    desk: deskOf(app),
    tokens,
    auth: (user) => ({ authorization: `Bearer ${tokens[user]}` }),
    close: async () => {
      await app.close();
      await stores.close();
    },
  };
}

function deskOf(app: FastifyInstance): ResponseDesk {
  const desk = responseDeskOf(app);
  if (!desk) throw new Error('this app has no response desk');
  return desk;
}
