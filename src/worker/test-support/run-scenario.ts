/**
 * Runs the distributed pipeline on real PostgreSQL and Redis with worker processes, optionally
 * SIGKILLing a random worker at random moments (and starting a replacement) while work remains,
 * and returns what the store holds afterwards, for exactly-once comparisons.
 */

import { spawnWorker, stopWorkers, type WorkerProcess } from '../../../test/services/index.js';
import { RedisStreamBus } from '../../bus/index.js';
import { openPostgresStores } from '../../store/postgres/index.js';
import { publishFiles } from '../publish-files.js';
import { topics } from '../topics.js';
import { rulesFolder } from './synthetic-corpus.js';

export interface ScenarioOptions {
  store: string;
  bus: string;
  files: string[];
  workers: number;
  partitions?: number;
  /** Kill a random worker every this many ms (±50 %) while work remains; undefined: no kills. */
  killEveryMs?: number;
  /** Stop killing after this many kills. Default 8. */
  maxKills?: number;
  timeoutMs?: number;
  /** Publishes the corpus; default `publishFiles` of `files`. Fault tests stop engines in here. */
  publish?: (bus: RedisStreamBus) => Promise<void>;
}

export interface StoreSnapshot {
  events: string[];
  alerts: string[];
  /** Live incidents as `id: alert ids`, sorted. */
  incidents: string[];
  superseded: number;
  reasoned: number;
}

export interface ScenarioResult {
  snapshot: StoreSnapshot;
  kills: number;
  seconds: number;
  maxLag: number;
  /** What the workers logged (stderr), for diagnosis. */
  logs: string;
}

const groups: [string, string][] = [
  [topics.records, 'ingest'],
  [topics.events, 'detect'],
  [topics.alerts, 'correlate'],
  [topics.entities, 'link'],
  [topics.incidents, 'reason'],
];
const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));

export async function snapshotStore(location: string): Promise<StoreSnapshot> {
  const stores = await openPostgresStores(location);
  try {
    const events = (await stores.store.listEvents({ limit: 1_000_000 })).map((event) => event.id).sort();
    const alerts = (await stores.store.listAlerts({ limit: 1_000_000 })).map((alert) => alert.id).sort();
    const incidents: string[] = [];
    let superseded = 0;
    let reasoned = 0;
    for (const incident of await stores.store.listIncidents({ limit: 100_000 })) {
      const stored = await stores.store.getIncident(incident.id);
      if (stored?.artifacts.supersededBy) {
        superseded++;
        continue;
      }
      if (stored?.artifacts.plan) reasoned++;
      incidents.push(`${incident.id}: ${[...incident.alertIds].sort().join(',')}`);
    }
    return { events, alerts, incidents: incidents.sort(), superseded, reasoned };
  } finally {
    await stores.close();
  }
}

export async function runScenario(options: ScenarioOptions): Promise<ScenarioResult> {
  const started = Date.now();
  const partitions = options.partitions ?? 8;
  // A lease long enough that a worker stalled by a loaded CI machine keeps its partitions (a lost
  // lease mid-batch lets two workers interleave a partition's output), short enough for takeovers.
  const spawnOne = () =>
    spawnWorker({ store: options.store, bus: options.bus, partitions, rules: [rulesFolder], leaseMs: 5_000 });
  const workers: WorkerProcess[] = Array.from({ length: options.workers }, spawnOne);
  const bus = new RedisStreamBus({ url: options.bus, partitions });
  let kills = 0;
  let maxLag = 0;
  let logs = '';
  try {
    if (options.publish) await options.publish(bus);
    else await publishFiles(bus, options.files, { chunkLines: 100 });
    let quietSince: number | undefined;
    let nextKill = options.killEveryMs ? Date.now() + options.killEveryMs : Number.POSITIVE_INFINITY;
    const deadline = Date.now() + (options.timeoutMs ?? 120_000);
    while (Date.now() < deadline) {
      let lag = 0;
      for (const [topic, group] of groups) lag += await bus.lag(topic, group);
      maxLag = Math.max(maxLag, lag);
      if (lag === 0) {
        quietSince ??= Date.now();
        if (Date.now() - quietSince > 2_500) break;
      } else quietSince = undefined;
      if (lag > 0 && Date.now() >= nextKill && options.killEveryMs && kills < (options.maxKills ?? 8)) {
        const index = Math.floor(Math.random() * workers.length);
        const victim = workers[index]!;
        victim.child.kill('SIGKILL');
        await victim.exited;
        logs += victim.log();
        workers[index] = spawnOne();
        kills++;
        nextKill = Date.now() + options.killEveryMs * (0.5 + Math.random());
      }
      await sleep(200);
    }
    if (quietSince === undefined) {
      const logs = workers.map((worker) => worker.log()).join('\n---\n');
      const lags: string[] = [];
      for (const [topic, group] of groups) lags.push(`${group} ${await bus.lag(topic, group).catch(() => -1)}`);
      throw new Error(
        `the pipeline did not settle in time (records left per group: ${lags.join(', ')}); worker logs:\n${logs.slice(-4_000)}`,
      );
    }
  } finally {
    const late = await stopWorkers(workers);
    logs += workers.map((worker) => worker.log()).join('') + late.join('\n');
    await bus.close();
  }
  return { snapshot: await snapshotStore(options.store), kills, seconds: (Date.now() - started) / 1000, maxLag, logs };
}
