/**
 * The long-running entry points the table's cases share, started once on first use: one
 * `vigil serve` (HEC and syslog UDP/TCP on, the `^(a+)+$` indicator loaded), and the Redis path (`redis-server`,
 * `vigil ingest-listener` with syslog UDP and TCP, `vigil worker` on a SQLite store).
 */
import { type ChildProcess, spawn } from 'node:child_process';
import { mkdirSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { peakMiB, resetPeak } from '../../test/hostile-entry-points.js';
import { pollHealth, type RunningServe, startServe } from '../../test/hostile-load.js';
import { freePort } from '../../test/services/free-port.js';
import { redisAvailable, startRedis } from '../../test/services/redis-server.js';
import { repositoryRoot } from '../../test/shared-data.js';
import { redosIntel } from './fixtures.js';

export interface Measured {
  ok: boolean;
  result: string;
  seconds: number;
  peakMiB: number;
}

type Runners = Map<string, { close(): Promise<void> }>;

export interface ServeRunner {
  serve: RunningServe;
  database: string;
  close(): Promise<void>;
}

export async function serveRunner(home: string, runners: Runners): Promise<ServeRunner> {
  const existing = runners.get('serve') as ServeRunner | undefined;
  if (existing) return existing;
  const folder = join(home, 'serve');
  mkdirSync(folder, { recursive: true });
  const intel = join(folder, 'redos.json');
  writeFileSync(intel, redosIntel);
  const serve = await startServe(folder, { syslog: true, extraArguments: ['--intel', intel] });
  const runner: ServeRunner = {
    serve,
    database: join(folder, 'vigil.db'),
    close: async () => {
      await serve.stop();
    },
  };
  runners.set('serve', runner);
  return runner;
}

/** Runs `action` against the server: its time, the server's peak RSS, and the slowest `/health` answer meanwhile. */
export async function measureServe(
  runner: ServeRunner,
  action: () => Promise<{ ok: boolean; result: string }>,
): Promise<Measured> {
  const pid = runner.serve.process.pid as number;
  resetPeak(pid);
  const health = pollHealth(runner.serve.url, { everyMs: 100 });
  const started = performance.now();
  const outcome = await action();
  const seconds = (performance.now() - started) / 1000;
  await health.stop();
  const slowest = Math.max(0, ...health.latencies);
  const unanswered = health.failures.length;
  const reasons = [...new Set(health.failures)].join(', ');
  return {
    ok: outcome.ok && unanswered === 0,
    result: `${outcome.result}; /health max ${slowest.toFixed(0)} ms over ${health.latencies.length} polls${unanswered ? `, ${unanswered} unanswered (${reasons})` : ''}`,
    seconds,
    peakMiB: peakMiB(pid),
  };
}

export interface BusRunner {
  database: string;
  busUrl: string;
  udpPort: number;
  tcpPort: number;
  worker: ChildProcess;
  listener: ChildProcess;
  close(): Promise<void>;
}

const vigilProcess = (args: string[], home: string) => {
  const child = spawn(process.execPath, [join(repositoryRoot, 'bin', 'vigil.js'), ...args], {
    cwd: repositoryRoot,
    env: { ...process.env, VIGIL_HOME: home, NO_COLOR: '1' },
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  let output = '';
  child.stdout?.on('data', (chunk: Buffer) => {
    output = (output + chunk.toString('utf8')).slice(-20_000);
  });
  child.stderr?.on('data', (chunk: Buffer) => {
    output = (output + chunk.toString('utf8')).slice(-20_000);
  });
  return Object.assign(child, { output: () => output });
};

const stopProcess = async (child: ChildProcess) => {
  if (child.exitCode !== null || child.signalCode !== null) return;
  const exited = new Promise((resolve) => child.once('exit', resolve));
  child.kill('SIGTERM');
  const timer = setTimeout(() => child.kill('SIGKILL'), 15_000);
  await exited;
  clearTimeout(timer);
};

/** Undefined when redis-server is not installed. */
export async function busRunner(home: string, runners: Runners): Promise<BusRunner | undefined> {
  const existing = runners.get('bus') as BusRunner | undefined;
  if (existing) return existing;
  if (!redisAvailable()) return undefined;
  const folder = join(home, 'bus');
  mkdirSync(join(folder, 'rules'), { recursive: true });
  const intel = join(folder, 'redos.json');
  writeFileSync(intel, redosIntel);
  const redis = await startRedis();
  const database = join(folder, 'worker.db');
  const [udpPort, tcpPort] = [await freePort(), await freePort()];
  const bus = redis.url;
  const worker = vigilProcess(
    [
      'worker',
      '--stages',
      'ingest,detect',
      '--store',
      database,
      '--bus',
      bus,
      '--partitions',
      '2',
      '--rules',
      join(folder, 'rules'),
      '--intel',
      intel,
      '--batch-size',
      '50',
    ],
    folder,
  );
  const listener = vigilProcess(
    [
      'ingest-listener',
      '--bus',
      bus,
      '--partitions',
      '2',
      '--syslog-udp',
      String(udpPort),
      '--syslog-tcp',
      String(tcpPort),
    ],
    folder,
  );
  const runner: BusRunner = {
    database,
    busUrl: bus,
    udpPort,
    tcpPort,
    worker,
    listener,
    close: async () => {
      await stopProcess(listener);
      await stopProcess(worker);
      await redis.destroy();
    },
  };
  runners.set('bus', runner);
  // the listener prints nothing until it listens; give both a moment to connect
  const started = Date.now();
  while (Date.now() - started < 30_000 && !/listen|syslog/i.test(listener.output())) {
    if (listener.exitCode !== null) throw new Error(`ingest-listener exited: ${listener.output()}`);
    await new Promise((resolve) => setTimeout(resolve, 200));
  }
  if (worker.exitCode !== null) throw new Error(`worker exited: ${worker.output()}`);
  return runner;
}

/** Publishes files to the bus with a one-off `vigil ingest-listener --files`, stopped once `done` holds. */
export async function publishWithListener(
  runner: BusRunner,
  home: string,
  files: string[],
  done: () => boolean,
  timeoutMs: number,
): Promise<boolean> {
  const publisher = vigilProcess(
    ['ingest-listener', '--bus', runner.busUrl, '--partitions', '2', ...files.flatMap((file) => ['--files', file])],
    home,
  );
  const started = Date.now();
  let finished = done();
  while (!finished && Date.now() - started < timeoutMs) {
    await new Promise((resolve) => setTimeout(resolve, 200));
    finished = done();
  }
  await stopProcess(publisher);
  return finished;
}

export { peakMiB, resetPeak };
