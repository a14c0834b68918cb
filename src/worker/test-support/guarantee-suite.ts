/**
 * The guarantee suite on real engines (PostgreSQL and Redis started by the test, worker
 * processes spawned and SIGKILLed): nothing lost or duplicated under kills and engine outages,
 * and the same incidents as an undisturbed run. `guarantees.test.ts` runs it small,
 * `guarantees.slow.test.ts` large.
 */
import { rmSync } from 'node:fs';
import { afterAll, beforeAll, expect, it } from 'vitest';
import { describeWithServices } from '../../../test/services/index.js';
import { ingestIntoStore } from '../../pipeline/index.js';
import { openStore } from '../../store/index.js';
import { publishFiles } from '../publish-files.js';
import { runScenario, type StoreSnapshot } from './run-scenario.js';
import { writeSyntheticCorpus } from './synthetic-corpus.js';

export async function directEventIds(files: string[]): Promise<string[]> {
  const store = await openStore(':memory:');
  await ingestIntoStore(files, store);
  const ids = (await store.listEvents({ limit: 1_000_000 })).map((event) => event.id).sort();
  await store.close();
  return ids;
}

const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));

export interface GuaranteeSize {
  /** Copies of the demo Windows log (216 lines each, distinct hosts). */
  sites: number;
  maxKills: number;
  killEveryMs: number;
  outageMs: number;
}

export function describeGuarantees(size: GuaranteeSize): void {
  describeWithServices(
    `guarantees with real engines (PostgreSQL + Redis, 2 worker processes, ${size.sites} sites)`,
    { postgres: true, redis: true },
    (services) => {
      const corpus = writeSyntheticCorpus(size.sites);
      let expected: string[] = [];
      let calm: StoreSnapshot;
      beforeAll(async () => {
        expected = await directEventIds(corpus.files);
        const { postgres, redis } = services();
        const run = await runScenario({
          store: postgres.createDatabase('calm'),
          bus: `${redis.url}/1`,
          files: corpus.files,
          workers: 2,
        });
        calm = run.snapshot;
        console.info(
          `undisturbed: ${corpus.lines} lines, ${expected.length} events, ${calm.alerts.length} alerts, ` +
            `${calm.incidents.length} incidents in ${run.seconds.toFixed(1)} s`,
        );
        if (process.env.VIGIL_DEBUG) console.info(run.logs);
      }, 120_000);
      afterAll(() => rmSync(corpus.folder, { recursive: true, force: true }));

      it('matches a direct single-process ingest when undisturbed', () => {
        expect(calm.events).toEqual(expected);
        expect(calm.incidents.length).toBeGreaterThan(0);
        expect(calm.reasoned).toBe(calm.incidents.length);
      });

      it('loses and duplicates nothing while workers are SIGKILLed at random points and restarted', async () => {
        const { postgres, redis } = services();
        const stormy = await runScenario({
          store: postgres.createDatabase('stormy'),
          bus: `${redis.url}/2`,
          files: corpus.files,
          workers: 2,
          killEveryMs: size.killEveryMs,
          maxKills: size.maxKills,
        });
        if (process.env.VIGIL_DEBUG) console.info(stormy.logs);
        console.info(
          `SIGKILL: ${stormy.kills} workers killed, ${stormy.snapshot.events.length} events, ${stormy.snapshot.alerts.length} alerts stored (duplicates 0 by key), ` +
            `${stormy.snapshot.incidents.length} incidents, ${stormy.seconds.toFixed(1)} s`,
        );
        expect(stormy.kills).toBeGreaterThan(0);
        expect(stormy.snapshot.events).toEqual(expected);
        expect(stormy.snapshot.alerts).toEqual(calm.alerts);
        expect(stormy.snapshot.incidents).toEqual(calm.incidents);
        expect(stormy.snapshot.reasoned).toBe(stormy.snapshot.incidents.length);
      }, 180_000);

      it('rides out Redis and PostgreSQL outages during ingest: unhealthy, bounded buffer, then no loss', async () => {
        const { postgres, redis } = services();
        const observed: { healthy: boolean; buffered: number }[] = [];
        const run = await runScenario({
          store: postgres.createDatabase('faults'),
          bus: `${redis.url}/3`,
          files: corpus.files,
          workers: 2,
          publish: async (bus) => {
            const half = Math.ceil(corpus.files.length / 2);
            await publishFiles(bus, corpus.files.slice(0, half), { chunkLines: 100 });
            await redis.stop();
            const rest = publishFiles(bus, corpus.files.slice(half), { chunkLines: 100 });
            for (let tick = 0; tick < size.outageMs / 200; tick++) {
              await sleep(200);
              observed.push(bus.health());
            }
            await redis.start();
            await rest;
            // The store goes away while the workers write.
            postgres.stop();
            await sleep(size.outageMs);
            postgres.start();
          },
        });
        if (process.env.VIGIL_DEBUG) console.info(run.logs);
        console.info(
          `faults: Redis down ${size.outageMs} ms, PostgreSQL down ${size.outageMs} ms; ${run.snapshot.events.length} events, ${run.snapshot.alerts.length} alerts, ` +
            `${run.snapshot.incidents.length} incidents, ${run.seconds.toFixed(1)} s`,
        );
        expect(observed.some((health) => !health.healthy)).toBe(true);
        expect(Math.max(...observed.map((health) => health.buffered))).toBeGreaterThan(0);
        expect(Math.max(...observed.map((health) => health.buffered))).toBeLessThanOrEqual(50_000);
        expect(run.snapshot.events).toEqual(expected);
        expect(run.snapshot.alerts).toEqual(calm.alerts);
        expect(run.snapshot.incidents).toEqual(calm.incidents);
      }, 180_000);
    },
  );
}
