import { expect, it } from 'vitest';
import { MemoryBus } from '../../bus/index.js';
import { type Incident, incidentSchema } from '../../core/index.js';
import { samplePlan } from '../../core/test-support/sample-artifacts.js';
import { loadKnowledge, openPipelineSession } from '../../pipeline/index.js';
import { openStore } from '../../store/index.js';
import { type EntitySummary, entitiesKey, topics } from '../topics.js';
import { createLinkStage, IncidentLinkIndex, shareableKeysOf } from './link-stage.js';
import { createReasonStage } from './reason-stage.js';

const hour = 3_600_000;
const summary = (
  incidentId: string,
  partition: number,
  keys: string[],
  day = '05',
  hours = ['10', '11'],
): EntitySummary => ({
  incidentId,
  partition,
  keys,
  firstSeen: `2024-11-${day}T${hours[0]}:00:00.000Z`,
  lastSeen: `2024-11-${day}T${hours[1]}:00:00.000Z`,
});

it('relates incidents of different partitions through a shared entity, never those of one partition or through hubs', () => {
  const index = new IncidentLinkIndex({ windowMs: 24 * hour, maxFanOut: 3, horizonMs: 25 * hour });
  index.absorb(summary('a', 0, ['ip:10.0.0.9', 'user:corp\\alice']));
  index.absorb(summary('b', 1, ['ip:10.0.0.9']));
  index.absorb(summary('c', 0, ['user:corp\\alice'])); // same partition as a: the correlator already decided
  const affected = index.absorb(summary('d', 2, ['user:corp\\alice', 'domain:evil.example']));
  expect([...affected].sort()).toEqual(['a', 'c', 'd']);
  expect(index.related('a')).toEqual([
    { incidentId: 'b', via: ['ip:10.0.0.9'] },
    { incidentId: 'd', via: ['user:corp\\alice'] },
  ]);
  expect(index.related('c')).toEqual([{ incidentId: 'd', via: ['user:corp\\alice'] }]);
  // Far apart in time: not related.
  index.absorb(summary('e', 3, ['domain:evil.example'], '09'));
  expect(index.related('d')).toEqual([
    { incidentId: 'a', via: ['user:corp\\alice'] },
    { incidentId: 'c', via: ['user:corp\\alice'] },
  ]);
  // A fourth holder makes the account a hub: it links nothing any more.
  index.absorb(summary('f', 3, ['user:corp\\alice']));
  expect(index.related('a')).toEqual([{ incidentId: 'b', via: ['ip:10.0.0.9'] }]);
  // Absorbed by a merge (no keys): gone from every relation.
  index.absorb(summary('b', 1, []));
  expect(index.related('a')).toEqual([]);
  // e is four days newer: everything else leaves the index.
  expect(index.evict().sort()).toEqual(['a', 'c', 'd', 'f']);
  expect(index.size).toBe(1);
});

it('takes only shareable entities of an incident: no loopback addresses, no built-in accounts', () => {
  const incident = {
    entities: {
      hosts: ['ws-1'],
      users: ['CORP\\Bob', 'NT AUTHORITY\\SYSTEM'],
      ips: ['127.0.0.1', '10.1.1.1'],
      domains: ['Evil.example'],
      hashes: [],
      processes: [],
      files: [],
    },
  } as unknown as Incident;
  expect(shareableKeysOf(incident)).toEqual(['domain:evil.example', 'ip:10.1.1.1', 'user:corp\\bob']);
});

it('has the reason stage record the relations in both incidents’ artifacts, keeping what is there', async () => {
  const store = await openStore(':memory:');
  const incidentOf = (id: string, host: string) =>
    incidentSchema.parse({
      id,
      title: id,
      severity: 'high',
      alertIds: [`alert-${id}`],
      eventIds: [],
      entities: { hosts: [host], ips: ['10.0.0.9'] },
      techniques: [],
      tactics: [],
      stages: [],
      firstSeen: '2024-11-05T10:00:00.000Z',
      lastSeen: '2024-11-05T11:00:00.000Z',
    });
  await store.saveIncident(incidentOf('incident-a', 'ws-a'), { plan: samplePlan('incident-a') });
  await store.saveIncident(incidentOf('incident-b', 'ws-b'));
  const bus = new MemoryBus({ partitions: 2 });
  const knowledge = await loadKnowledge({ rules: [], intel: [] });
  const session = openPipelineSession(knowledge, { store });
  const context = { bus, store, log: () => {}, actor: 'vigil', session: () => session };
  const stage = createLinkStage(context);
  const reason = createReasonStage(context);
  const subscription = bus.subscribe({ topic: stage.topic, group: stage.group, consumer: 'w1' }, stage.handler);
  const reasoning = bus.subscribe({ topic: reason.topic, group: reason.group, consumer: 'w1' }, reason.handler);
  await bus.publish(topics.entities, [
    { key: entitiesKey, payload: summary('incident-a', 0, ['ip:10.0.0.9']) },
    { key: entitiesKey, payload: summary('incident-b', 5, ['ip:10.0.0.9']) },
    { key: entitiesKey, payload: { nonsense: true } },
  ]);
  const lag = async () => (await bus.lag(topics.entities, 'link')) + (await bus.lag(topics.incidents, 'reason'));
  for (let round = 0; round < 200 && (await lag()) > 0; round++) await new Promise((done) => setTimeout(done, 5));
  const a = await store.getIncident('incident-a');
  expect(a?.artifacts).toEqual({
    plan: samplePlan('incident-a'),
    related: [{ incidentId: 'incident-b', via: ['ip:10.0.0.9'] }],
  });
  expect((await store.getIncident('incident-b'))?.artifacts.related).toEqual([
    { incidentId: 'incident-a', via: ['ip:10.0.0.9'] },
  ]);
  await subscription.close();
  await reasoning.close();
  await bus.close();
  await store.close();
});
