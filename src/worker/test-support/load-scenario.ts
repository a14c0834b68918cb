/**
 * Sustained load on real engines: two worker processes ingest new events for `durationMs` as
 * fast as they hold (the publisher tops the bus up whenever its depth falls under a bound, so
 * the queue never empties and never grows without limit), while console users query the API
 * (`createApp` on the PostgreSQL stores, over loopback) through autocannon in another process.
 * Samples the queue depth and the workers' resident memory every second; afterwards waits for
 * the bus to drain and counts the stored events against what was published.
 */
import { execFile } from 'node:child_process';
import { readFileSync } from 'node:fs';
import { resolve } from 'node:path';
import { promisify } from 'node:util';
import type { Services } from '../../../test/services/index.js';
import { spawnWorker, stopWorkers, type WorkerProcess } from '../../../test/services/index.js';
import { createApiToken, createApp } from '../../api/index.js';
import { RedisStreamBus } from '../../bus/index.js';
import { createConnectorRegistry, parsePolicy } from '../../respond/index.js';
import { openPostgresStores } from '../../store/postgres/index.js';
import { parseChunk } from '../stages/ingest-stage.js';
import { type RecordChunk, topics } from '../topics.js';
import type { LatencyReport } from './latency-probe.js';
import { rulesFolder } from './synthetic-corpus.js';

const run = promisify(execFile);
const demoLog = resolve(import.meta.dirname, '../../../examples/demo/logs/windows/workstations.jsonl');
const probe = resolve(import.meta.dirname, 'latency-probe.ts');
const groups: [string, string][] = [
  [topics.records, 'ingest'],
  [topics.events, 'detect'],
  [topics.alerts, 'correlate'],
  [topics.entities, 'link'],
  [topics.incidents, 'reason'],
];
const sleep = (ms: number) => new Promise((done) => setTimeout(done, ms));
const chunkLines = 100;

export interface LoadOptions {
  durationMs: number;
  workers?: number;
  /** The publisher waits while the bus holds more unprocessed records than this (a raw chunk counts for its lines). Default 4,000. */
  depthBound?: number;
  /** Concurrent console users. Default 10. */
  connections?: number;
}

export interface LoadReport {
  seconds: number;
  rounds: number;
  eventsPublished: number;
  eventsStored: number;
  eventsPerSecond: number;
  maxDepth: number;
  /** Largest resident memory of any worker, MiB, over the whole run and per third of it. */
  workerRssMiB: { max: number; firstThird: number; lastThird: number };
  drainSeconds: number;
  api: LatencyReport;
  /** Each console path alone on the full store after the run, ms (median of 3). */
  endpointMs: Record<string, number>;
}

const consolePaths = ['/api/v1/incidents', '/api/v1/alerts', '/api/v1/events', '/api/v1/approvals', '/api/v1/runs'];

/** Resident memory of a process, MiB (Linux /proc). */
function residentMiB(pid: number | undefined): number {
  if (!pid) return 0;
  try {
    const match = /VmRSS:\s+(\d+) kB/.exec(readFileSync(`/proc/${pid}/status`, 'utf8'));
    return match ? Number(match[1]) / 1024 : 0;
  } catch {
    return 0;
  }
}

/**
 * Round `round` of the corpus: the demo Windows log with its domain renamed and its dates moved
 * `round` days on, so its events are new and time moves forward as in a live feed.
 */
function roundText(template: string, round: number): string {
  return template
    .replaceAll('corp.example', `load${round}.example`)
    .replace(/\b(\d{4})-(\d{2})-(\d{2})(?=[ T]\d{2}:\d{2})/g, (_match, year, month, day) =>
      new Date(Date.UTC(Number(year), Number(month) - 1, Number(day) + round)).toISOString().slice(0, 10),
    );
}

export async function runLoadScenario(services: Services, options: LoadOptions): Promise<LoadReport> {
  const url = services.postgres.createDatabase(`load_${Date.now()}`);
  const busUrl = `${services.redis.url}/5`;
  const depthBound = options.depthBound ?? 4_000;
  const template = readFileSync(demoLog, 'utf8').trimEnd();
  const perRound = (await parseChunk({ source: 'probe', firstLine: 1, text: `${roundText(template, 0)}\n` })).events
    .length;

  const stores = await openPostgresStores(url);
  const app = await createApp({
    store: stores.store,
    tokens: stores.tokens,
    runs: stores.runs,
    knowledge: stores.knowledge,
    taxii: stores.taxii,
    logger: false,
    rateLimit: { max: 10_000_000, windowMs: 60_000 },
    response: {
      policy: parsePolicy('version: 1\n'),
      connectors: createConnectorRegistry([]),
      startRuns: false,
      loopIntervalMs: 0,
    },
  });
  const address = await app.listen({ host: '127.0.0.1', port: 0 });
  const { token } = await createApiToken(stores.tokens, { name: 'load', role: 'analyst', createdBy: 'load test' });

  const workers: WorkerProcess[] = Array.from({ length: options.workers ?? 2 }, () =>
    spawnWorker({ store: url, bus: busUrl, partitions: 8, rules: [rulesFolder], leaseMs: 5_000, batchSize: 200 }),
  );
  const bus = new RedisStreamBus({ url: busUrl, partitions: 8 });
  /** Queue depth in records: a raw chunk counts for its lines, since ingest turns each line into an event. */
  const depth = async () => {
    let total = 0;
    for (const [topic, group] of groups)
      total += (await bus.lag(topic, group)) * (topic === topics.records ? chunkLines : 1);
    return total;
  };
  for (let wait = 0; wait < 200 && !bus.health().healthy; wait++) await sleep(50);
  const rss: { at: number; mib: number }[] = [];
  let maxDepth = 0;
  let rounds = 0;
  const started = Date.now();
  const stopAt = started + options.durationMs;
  const sampler = setInterval(() => {
    rss.push({ at: Date.now(), mib: Math.max(...workers.map((worker) => residentMiB(worker.child.pid))) });
  }, 1_000);
  try {
    const apiSeconds = Math.max(1, Math.floor(options.durationMs / 1000) - 2);
    const latency = run(
      process.execPath,
      [
        '--import',
        'tsx',
        probe,
        address,
        token,
        String(apiSeconds),
        String(options.connections ?? 10),
        ...consolePaths,
      ],
      { maxBuffer: 1024 * 1024 },
    );
    while (Date.now() < stopAt) {
      const current = await depth();
      maxDepth = Math.max(maxDepth, current);
      if (current > depthBound) {
        await sleep(100);
        continue;
      }
      const lines = roundText(template, rounds).split('\n');
      const records = [];
      for (let first = 0; first < lines.length; first += chunkLines) {
        const chunk: RecordChunk = {
          source: `load-${rounds}`,
          firstLine: first + 1,
          text: `${lines.slice(first, first + chunkLines).join('\n')}\n`,
        };
        records.push({ key: chunk.source, payload: chunk });
      }
      await bus.publish(topics.records, records);
      rounds += 1;
    }
    const ingestSeconds = (Date.now() - started) / 1000;
    const api = JSON.parse((await latency).stdout.trim().split('\n').at(-1) ?? '{}') as LatencyReport;
    const drainStarted = Date.now();
    while ((await depth()) > 0 && Date.now() - drainStarted < 90_000) await sleep(250);
    const drainSeconds = (Date.now() - drainStarted) / 1000;
    const eventsStored = await stores.store.countEvents();
    const endpointMs: Record<string, number> = {};
    for (const path of consolePaths) {
      const times: number[] = [];
      for (let attempt = 0; attempt < 3; attempt++) {
        const begun = performance.now();
        await (await fetch(`${address}${path}`, { headers: { authorization: `Bearer ${token}` } })).arrayBuffer();
        times.push(performance.now() - begun);
      }
      endpointMs[path] = Math.round(times.sort((left, right) => left - right)[1] ?? 0);
    }
    const third = options.durationMs / 3;
    const maxOf = (samples: { mib: number }[]) => Math.round(Math.max(0, ...samples.map((sample) => sample.mib)));
    return {
      seconds: ingestSeconds,
      rounds,
      eventsPublished: rounds * perRound,
      eventsStored,
      eventsPerSecond: Math.round(eventsStored / (ingestSeconds + drainSeconds)),
      maxDepth,
      workerRssMiB: {
        max: maxOf(rss),
        firstThird: maxOf(rss.filter((sample) => sample.at - started < third)),
        lastThird: maxOf(rss.filter((sample) => sample.at - started >= 2 * third && sample.at <= stopAt)),
      },
      drainSeconds,
      api,
      endpointMs,
    };
  } finally {
    clearInterval(sampler);
    for (const line of await stopWorkers(workers)) console.warn(line);
    await bus.close();
    await app.close();
    await stores.close();
  }
}
