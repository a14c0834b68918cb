/**
 * The load suite: sustained ingest through two workers with bounded memory and queue depth, and
 * API latency under concurrent console users while ingesting. `load.test.ts` runs it briefly on
 * every CI run, `load.slow.test.ts` for two minutes (VIGIL_SLOW=1).
 */
import { expect, it } from 'vitest';
import { describeWithServices } from '../../../test/services/index.js';
import { runLoadScenario } from './load-scenario.js';

export interface LoadSize {
  durationMs: number;
  /** Largest resident memory a worker may reach, MiB. */
  maxWorkerMiB: number;
}

export function describeLoad(size: LoadSize): void {
  describeWithServices(
    `load with real engines (${size.durationMs / 1000} s of ingest through 2 workers, console users on the API)`,
    { postgres: true, redis: true },
    (services) => {
      it(
        'holds memory and queue depth bounded, loses nothing, and answers the API while ingesting',
        async () => {
          const depthBound = 4_000;
          const report = await runLoadScenario(services(), {
            durationMs: size.durationMs,
            depthBound,
            connections: 10,
          });
          console.info(
            `load: ${report.eventsStored}/${report.eventsPublished} events stored in ${report.seconds.toFixed(0)} s + ` +
              `${report.drainSeconds.toFixed(1)} s drain (${report.eventsPerSecond} events/s end to end); ` +
              `max queue depth ${report.maxDepth}; worker RSS max ${report.workerRssMiB.max} MiB ` +
              `(first third ${report.workerRssMiB.firstThird}, last third ${report.workerRssMiB.lastThird}); ` +
              `API ${report.api.requests} requests (${report.api.perSecond}/s, ${JSON.stringify(report.api.statuses)}, ` +
              `errors ${report.api.errors}) p50 ${report.api.p50} ms, p95 ${report.api.p95} ms, p99 ${report.api.p99} ms, max ${report.api.max} ms; ` +
              `each path alone afterwards ${JSON.stringify(report.endpointMs)} ms`,
          );
          expect(report.rounds).toBeGreaterThan(0);
          expect(report.eventsStored).toBe(report.eventsPublished);
          // One round (216 lines, their alerts and incidents) may land above the bound.
          expect(report.maxDepth).toBeLessThanOrEqual(depthBound + 1_000);
          expect(report.workerRssMiB.max).toBeLessThan(size.maxWorkerMiB);
          expect(report.api.requests).toBeGreaterThan(0);
          // Every answer a success. A few requests may time out (10 s) on a saturated machine: the
          // incident and approval lists cost one query per incident (about 0.5 s alone after two
          // minutes of ingest), so ten users queue behind them.
          expect(Object.keys(report.api.statuses)).toEqual(['200']);
          expect(report.api.errors + report.api.timeouts).toBeLessThanOrEqual(report.api.requests / 50);
        },
        size.durationMs + 150_000,
      );
    },
  );
}
