/**
 * Scale benchmark: events/s end to end (ingest → detect → correlate → link → reason, everything stored)
 *   1. SQLite, one process, in-process bus (the default deployment);
 *   2. PostgreSQL + Redis Streams with one worker process (all stages);
 *   3. the same with two worker processes;
 * the scaling factor 2 vs 1, the CPU cost per event (worker processes and whole machine), and
 * from that the worker count and cores a 1,000,000 events/s deployment would need.
 * Real engines are started on loopback (Debian postgresql and redis-server; skipped if absent).
 *
 *   node --import tsx bench/scale.bench.ts [--sites 40]
 *
 * The corpus is the demo Windows log copied per site (distinct hosts) plus the demo Zeek logs.
 * Timing starts once the workers own their partitions and stops when every group's lag reaches 0
 * (and stays there); worker start-up is not counted.
 */
import { readFileSync, rmSync } from 'node:fs';
import { cpus } from 'node:os';
import { Redis } from 'ioredis';
import { MemoryBus, RedisStreamBus } from '../src/bus/index.js';
import { loadKnowledge } from '../src/pipeline/index.js';
import { openStore } from '../src/store/index.js';
import { publishFiles, startWorker, topics } from '../src/worker/index.js';
import { rulesFolder, writeSyntheticCorpus } from '../src/worker/test-support/synthetic-corpus.js';
import {
  postgresAvailable,
  redisAvailable,
  spawnWorker,
  startPostgres,
  startRedis,
  type WorkerProcess,
} from '../test/services/index.js';

const argument = (name: string) => process.argv[process.argv.indexOf(name) + 1];
const sites = Number(process.argv.includes('--sites') ? argument('--sites') : 40);
const partitions = 8;
const groups: [string, string][] = [
  [topics.records, 'ingest'],
  [topics.events, 'detect'],
  [topics.alerts, 'correlate'],
  [topics.entities, 'link'],
  [topics.incidents, 'reason'],
];
const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));

/** Busy CPU seconds of the whole machine so far (all cores), from /proc/stat. */
function machineCpuSeconds(): number {
  const fields = readFileSync('/proc/stat', 'utf8').split('\n')[0]!.trim().split(/\s+/).slice(1).map(Number);
  const idle = (fields[3] ?? 0) + (fields[4] ?? 0);
  return (fields.reduce((sum, value) => sum + value, 0) - idle) / 100;
}

/** CPU seconds (user + system) of one process so far. */
function processCpuSeconds(pid: number | undefined): number {
  if (!pid) return 0;
  try {
    const stat = readFileSync(`/proc/${pid}/stat`, 'utf8');
    const fields = stat.slice(stat.lastIndexOf(')') + 2).split(' ');
    return (Number(fields[11]) + Number(fields[12])) / 100;
  } catch {
    return 0;
  }
}

interface Measure {
  setup: string;
  events: number;
  seconds: number;
  eventsPerSecond: number;
  workerCpuPerEvent: number;
  machineCpuPerEvent: number;
}

async function settle(lag: () => Promise<number>, quietMs: number): Promise<number> {
  let zeroSince: number | undefined;
  for (;;) {
    const now = Date.now();
    if ((await lag()) === 0) {
      zeroSince ??= now;
      if (now - zeroSince >= quietMs) return zeroSince;
    } else zeroSince = undefined;
    await sleep(50);
  }
}

async function inProcess(files: string[]): Promise<Measure> {
  const folder = `/tmp/vigil-scale-${process.pid}`;
  const store = await openStore(`${folder}/vigil.db`);
  const knowledge = await loadKnowledge({ rules: [rulesFolder], intel: [] });
  const bus = new MemoryBus({ partitions });
  const worker = startWorker({
    bus,
    store,
    stages: ['ingest', 'detect', 'correlate', 'link', 'reason'],
    knowledge,
    consumer: 'bench',
    batchSize: 200,
    correlate: { debounceMs: 200 },
  });
  const cpu = process.cpuUsage();
  const machine = machineCpuSeconds();
  const started = Date.now();
  await publishFiles(bus, files, { chunkLines: 200 });
  const lag = async () => {
    let total = 0;
    for (const [topic, group] of groups) total += await bus.lag(topic, group);
    return total;
  };
  const finished = await settle(lag, 600);
  const used = process.cpuUsage(cpu);
  const machineUsed = machineCpuSeconds() - machine;
  await worker.close();
  const events = await store.countEvents();
  await store.close();
  await bus.close();
  rmSync(folder, { recursive: true, force: true });
  const seconds = (finished - started) / 1000;
  return {
    setup: 'SQLite, 1 process, in-process bus',
    events,
    seconds,
    eventsPerSecond: events / seconds,
    workerCpuPerEvent: (used.user + used.system) / 1e6 / events,
    machineCpuPerEvent: machineUsed / events,
  };
}

async function distributed(files: string[], workerCount: number): Promise<Measure> {
  const postgres = await startPostgres();
  const redis = await startRedis();
  const store = postgres.url();
  const workers: WorkerProcess[] = Array.from({ length: workerCount }, () =>
    spawnWorker({ store, bus: redis.url, partitions, rules: [rulesFolder], leaseMs: 5_000, batchSize: 200 }),
  );
  const probe = new Redis(redis.url);
  const bus = new RedisStreamBus({ url: redis.url, partitions });
  try {
    // Wait until the workers own every partition of every stage.
    for (;;) {
      const leases = (await probe.keys('vigil:lease:*')).length;
      if (leases >= partitions * groups.length) break;
      if (workers.some((worker) => worker.child.exitCode !== null)) throw new Error(workers[0]!.log());
      await sleep(200);
    }
    await sleep(workerCount > 1 ? 2_500 : 500); // let the second worker take its share
    const workerCpu = () => workers.reduce((sum, worker) => sum + processCpuSeconds(worker.child.pid), 0);
    const cpuBefore = workerCpu();
    const machine = machineCpuSeconds();
    const started = Date.now();
    await publishFiles(bus, files, { chunkLines: 200 });
    const lag = async () => {
      let total = 0;
      for (const [topic, group] of groups) total += await bus.lag(topic, group);
      return total;
    };
    const finished = await settle(lag, 1_500);
    const workerUsed = workerCpu() - cpuBefore;
    const machineUsed = machineCpuSeconds() - machine;
    const { openPostgresStores } = await import('../src/store/postgres/index.js');
    const stores = await openPostgresStores(store);
    const events = await stores.store.countEvents();
    await stores.close();
    const seconds = (finished - started) / 1000;
    return {
      setup: `PostgreSQL + Redis, ${workerCount} worker process${workerCount > 1 ? 'es' : ''}`,
      events,
      seconds,
      eventsPerSecond: events / seconds,
      workerCpuPerEvent: workerUsed / events,
      machineCpuPerEvent: machineUsed / events,
    };
  } finally {
    for (const worker of workers) worker.child.kill('SIGTERM');
    await Promise.all(workers.map((worker) => worker.exited));
    probe.disconnect();
    await bus.close();
    postgres.destroy();
    await redis.destroy();
  }
}

const corpus = writeSyntheticCorpus(sites);
console.log(`corpus: ${sites} sites, ${corpus.lines} lines; ${cpus().length} cores`);
const results: Measure[] = [await inProcess(corpus.files)];
if (postgresAvailable() && redisAvailable()) {
  results.push(await distributed(corpus.files, 1));
  results.push(await distributed(corpus.files, 2));
} else
  console.log('PostgreSQL or Redis not installed: distributed runs skipped (apt-get install postgresql redis-server)');
rmSync(corpus.folder, { recursive: true, force: true });

console.table(
  results.map((result) => ({
    setup: result.setup,
    events: result.events,
    seconds: Number(result.seconds.toFixed(2)),
    'events/s': Math.round(result.eventsPerSecond),
    'worker CPU µs/event': Math.round(result.workerCpuPerEvent * 1e6),
    'machine CPU µs/event': Math.round(result.machineCpuPerEvent * 1e6),
  })),
);
const [, one, two] = results;
if (one && two) {
  console.log(
    `scaling factor, 2 workers vs 1: ${(two.eventsPerSecond / one.eventsPerSecond).toFixed(2)}× on ${cpus().length} cores`,
  );
  // On paper: a worker process is single-threaded, so one busy core holds 1 / (worker CPU per event)
  // events/s; the engines (PostgreSQL, Redis) and the OS take the rest of the machine CPU per event.
  const perWorker = 1 / one.workerCpuPerEvent;
  const target = 1_000_000;
  const workers = Math.ceil(target / (perWorker * 0.7));
  const engineCores = Math.ceil(target * Math.max(0, one.machineCpuPerEvent - one.workerCpuPerEvent));
  console.log(
    `1,000,000 events/s on paper: one worker core holds about ${Math.round(perWorker)} events/s; at 70 % utilisation that is ` +
      `${workers} worker processes (cores), plus about ${engineCores} cores for PostgreSQL, Redis and the OS at the measured ` +
      `engine cost of ${Math.round((one.machineCpuPerEvent - one.workerCpuPerEvent) * 1e6)} µs/event, i.e. about ` +
      `${Math.ceil((workers + engineCores) / 32)} 32-core machines before any storage tuning, with partitions ≥ ${workers} ` +
      '(one per worker at least), Redis sharded by partition and PostgreSQL partitioned by time and sharded (Citus) or replaced by a columnar event store for the raw events.',
  );
}
