/**
 * Incident grouping must not depend on arrival order: the correlate stage, fed the same alerts
 * and link facts in chunks that arrive in any order (and recomputing after every chunk, as a
 * loaded worker whose debounce fires between chunks does), must leave in the store exactly the
 * incidents batch correlation (`investigate`) gives. The data is the demo's real detection
 * output twice: as recorded (2024) and moved 3.5 years back with new ids, so one partition holds
 * two eras far beyond the correlation horizon, as when old recordings and new traffic share a
 * worker (the OTRF sets and the demo in `equivalence.test.ts`).
 */
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import fc from 'fast-check';
import { afterAll, beforeAll, expect, it } from 'vitest';
import { repositoryRoot } from '../../../test/shared-data.js';
import { MemoryBus } from '../../bus/index.js';
import type { Alert, Event } from '../../core/index.js';
import { correlateWithExplanations, type LinkFact } from '../../correlate/index.js';
import { readEvents } from '../../ingest/index.js';
import { createDetection, loadKnowledge, type PipelineSession } from '../../pipeline/index.js';
import { openStore, type Store } from '../../store/index.js';
import type { AlertMessage } from '../topics.js';
import { createCorrelateStage } from './correlate-stage.js';

interface Corpus {
  alerts: Alert[];
  events: Map<string, Event>;
  facts: LinkFact[];
}

const shiftMs = Math.round(3.5 * 365 * 24 * 3_600_000);
const shifted = (time: string) => new Date(Date.parse(time) - shiftMs).toISOString();

/** The demo, detected once, then a second era: the same alerts, events and facts 3.5 years earlier under new ids. */
async function demoInTwoEras(): Promise<Corpus> {
  const knowledge = await loadKnowledge({
    rules: [join(repositoryRoot, 'rules')],
    intel: [join(repositoryRoot, 'examples', 'demo', 'intel')],
  });
  const detection = createDetection(knowledge);
  const events = new Map<string, Event>();
  const alerts: Alert[] = [];
  const facts: LinkFact[] = [];
  for await (const batch of readEvents([join(repositoryRoot, 'examples', 'demo', 'logs')], {}))
    for (const event of batch.events) {
      events.set(event.id, event);
      const detected = detection.process(event);
      if (detected.linkFact) facts.push(detected.linkFact);
      alerts.push(...detected.alerts);
    }
  alerts.push(...detection.flush());
  const old = (id: string) => `${id}-old`;
  for (const event of [...events.values()])
    events.set(old(event.id), { ...event, id: old(event.id), timestamp: shifted(event.timestamp) });
  for (const alert of [...alerts])
    alerts.push({
      ...alert,
      id: old(alert.id),
      timestamp: shifted(alert.timestamp),
      eventIds: alert.eventIds.map(old),
    });
  for (const fact of [...facts]) facts.push({ ...fact, eventId: old(fact.eventId), time: fact.time - shiftMs });
  return { alerts, events, facts };
}

let corpus: Corpus;
let folder: string;
beforeAll(async () => {
  corpus = await demoInTwoEras();
  folder = mkdtempSync(join(tmpdir(), 'vigil-correlate-order-'));
}, 60_000);
afterAll(() => rmSync(folder, { recursive: true, force: true }));

/** Incident id → its alerts, as batch correlation gives them. */
function batchIncidents(): Map<string, string[]> {
  const correlated = correlateWithExplanations(corpus.alerts, corpus.events, {}, corpus.facts);
  return new Map(correlated.map(({ incident }) => [incident.id, [...incident.alertIds].sort()]));
}

/** The stage's messages in time order (as one host's detect stage sends them), cut into `chunks` pieces. */
function chunksOf(count: number): AlertMessage[][] {
  const messages: { time: number; message: AlertMessage }[] = [
    ...corpus.facts.map((fact) => ({ time: fact.time, message: { type: 'fact' as const, fact } })),
    ...corpus.alerts.map((alert) => ({
      time: Date.parse(alert.timestamp),
      message: {
        type: 'alert' as const,
        alert,
        events: alert.eventIds.flatMap((id) => corpus.events.get(id) ?? []),
      },
    })),
  ].sort((left, right) => left.time - right.time);
  const size = Math.ceil(messages.length / count);
  return Array.from({ length: count }, (_, index) =>
    messages.slice(index * size, (index + 1) * size).map(({ message }) => message),
  );
}

/** Feeds the chunks in the given order through a fresh correlate stage; the live incidents it stored. */
async function streamed(
  order: readonly number[],
  chunks: AlertMessage[][],
  store: Store,
): Promise<Map<string, string[]>> {
  const bus = new MemoryBus({ partitions: 1 });
  const stage = createCorrelateStage(
    {
      bus,
      store,
      log: () => {},
      session: () => Promise.reject(new Error('the correlate stage needs no session')) as Promise<PipelineSession>,
      actor: 'test',
    },
    { debounceMs: 60_000 },
  );
  let sequence = 0;
  for (const index of order) {
    const deliveries = chunks[index]!.map((payload) => ({
      id: `${++sequence}-0`,
      topic: 'vigil.alerts',
      partition: 0,
      key: 'host',
      payload,
      attempt: 1,
    }));
    // As the ingest and detect stages do: events and alerts are stored before they are published.
    const alerts = chunks[index]!.flatMap((message) => (message.type === 'alert' ? [message] : []));
    await store.insertEvents(alerts.flatMap((message) => message.events));
    await store.insertAlerts(alerts.map((message) => message.alert));
    await stage.handler.handle(0, deliveries);
    await stage.flush?.();
  }
  const live = new Map<string, string[]>();
  const stored = await store.getIncidents((await store.listIncidents({ limit: 100_000 })).map(({ id }) => id));
  for (const { incident, artifacts } of stored)
    if (!artifacts.supersededBy) live.set(incident.id, [...incident.alertIds].sort());
  await bus.close();
  return live;
}

const sorted = (incidents: Map<string, string[]>) =>
  [...incidents].sort(([left], [right]) => left.localeCompare(right));

it('the demo in two eras holds several incidents in each era', () => {
  const expected = batchIncidents();
  const old = [...expected.values()].filter((alerts) => alerts[0]!.endsWith('-old')).length;
  expect(old).toBeGreaterThanOrEqual(1);
  expect(expected.size - old).toBe(old);
});

it('gives the incidents of batch correlation whatever order the chunks arrive in', async () => {
  const expected = sorted(batchIncidents());
  const chunks = chunksOf(12);
  let run = 0;
  await fc.assert(
    fc.asyncProperty(
      fc.shuffledSubarray(
        chunks.map((_, index) => index),
        { minLength: chunks.length },
      ),
      async (order) => {
        const store = await openStore(join(folder, `run-${++run}.db`));
        try {
          expect(sorted(await streamed(order, chunks, store))).toEqual(expected);
        } finally {
          await store.close();
        }
      },
    ),
    // In time order, newest era first, oldest era first, and random orders.
    {
      numRuns: 8,
      examples: [
        [chunks.map((_, index) => index)],
        [[...chunks.keys()].reverse()],
        [[6, 7, 8, 9, 10, 11, 0, 1, 2, 3, 4, 5]],
      ],
    },
  );
}, 60_000);
