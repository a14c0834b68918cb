import { resolve } from 'node:path';
import { describe, expect, it } from 'vitest';
import type { Delivery } from '../../bus/index.js';
import { MemoryBus } from '../../bus/index.js';
import type { Event } from '../../core/index.js';
import { readEvents } from '../../ingest/index.js';
import { loadKnowledge, openPipelineSession, type PipelineSession } from '../../pipeline/index.js';
import { openStore, type Store } from '../../store/index.js';
import { topics } from '../topics.js';
import { createDetectStage } from './detect-stage.js';

const demo = resolve(import.meta.dirname, '../../../examples/demo/logs/zeek/conn.log');
const rules = resolve(import.meta.dirname, '../../../rules/network');

async function demoEvents(): Promise<Event[]> {
  const events: Event[] = [];
  for await (const batch of readEvents([demo])) events.push(...batch.events);
  return events;
}

/** Runs the demo connections through a detect stage in batches; `failReads` store reads fail first. */
async function detectAll(events: Event[], failReads: number): Promise<{ alerts: string[]; failed: number }> {
  const store: Store = await openStore(':memory:');
  await store.insertEvents(events);
  let failed = 0;
  const flaky: Store = Object.create(store, {
    getEvents: {
      value: async (ids: readonly string[]) => {
        if (failed < failReads) {
          failed++;
          throw new Error('connection terminated unexpectedly');
        }
        return store.getEvents(ids);
      },
    },
  });
  const bus = new MemoryBus({ partitions: 1 });
  const knowledge = await loadKnowledge({ rules: [rules], intel: [] });
  let session: Promise<PipelineSession> | undefined;
  const stage = createDetectStage({
    bus,
    store: flaky,
    log: () => {},
    actor: 'test',
    session: () => {
      session ??= openPipelineSession(knowledge, { store });
      return session;
    },
  });
  for (let start = 0; start < events.length; start += 10) {
    const deliveries: Delivery[] = events.slice(start, start + 10).map((event, index) => ({
      id: String(start + index),
      topic: topics.events,
      partition: 0,
      key: 'unknown',
      payload: event,
      attempt: 1,
    }));
    // As the bus does: a failed batch is delivered again, with a higher attempt number.
    for (let attempt = 1; ; attempt++) {
      try {
        await stage.handler.handle(
          0,
          deliveries.map((delivery) => ({ ...delivery, attempt })),
        );
        break;
      } catch (error) {
        if (attempt > 5) throw error;
      }
    }
  }
  const alerts = (await store.listAlerts({ limit: 10_000 })).map((alert) => `${alert.ruleId} ${alert.id}`).sort();
  await (await session)?.release();
  await store.close();
  await bus.close();
  return { alerts, failed };
}

describe('detect stage', () => {
  it('keeps a batch’s alerts when reading their earlier events fails, and writes them on the retry', async () => {
    const events = await demoEvents();
    const undisturbed = await detectAll(events, 0);
    const correlated = undisturbed.alerts.filter((alert) => alert.startsWith('77ec4634'));
    expect(correlated.length).toBeGreaterThan(0);
    const disturbed = await detectAll(events, 1);
    expect(disturbed.failed).toBe(1);
    expect(disturbed.alerts).toEqual(undisturbed.alerts);
  }, 30_000);
});
