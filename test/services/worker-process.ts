/**
 * Starts `vigil worker` as a real child process (through bin/vigil.js), so tests can SIGKILL it
 * at any point, exactly as an orchestrator or the OOM killer would.
 */
import { type ChildProcess, spawn } from 'node:child_process';
import { fileURLToPath } from 'node:url';

const repositoryRoot = fileURLToPath(new URL('../..', import.meta.url));

export interface WorkerProcessOptions {
  store: string;
  bus: string;
  stages?: string;
  rules?: string[];
  /** Detection and reasoning knowledge, as for `vigil investigate`. */
  intel?: string[];
  attack?: string;
  assets?: string;
  partitions?: number;
  leaseMs?: number;
  batchSize?: number;
  files?: string[];
  /** Respond stage: response policy and connectors files, runs at once, sweep interval. */
  policy?: string;
  connectors?: string;
  respondConcurrency?: number;
  sweepIntervalMs?: number;
  /** Environment variables set for the worker on top of this process's (e.g. `VIGIL_HOME`). */
  environment?: Record<string, string>;
}

export interface WorkerProcess {
  child: ChildProcess;
  /** What the worker wrote on stderr (last 20,000 characters). */
  log(): string;
  /** Resolves with the exit code or signal once the process ended. */
  exited: Promise<number | string>;
}

/**
 * Stops workers as an orchestrator does: SIGTERM, then SIGKILL for any still running after
 * `graceMs`. Returns a line per worker that had to be killed, for the test's log.
 */
export async function stopWorkers(workers: readonly WorkerProcess[], graceMs = 20_000): Promise<string[]> {
  const late: string[] = [];
  await Promise.all(
    workers.map(async (worker) => {
      if (worker.child.exitCode !== null || worker.child.signalCode !== null) return;
      worker.child.kill('SIGTERM');
      let timer: NodeJS.Timeout | undefined;
      const timedOut = new Promise<'late'>((resolve) => {
        timer = setTimeout(() => resolve('late'), graceMs);
      });
      const outcome = await Promise.race([worker.exited, timedOut]);
      clearTimeout(timer);
      if (outcome !== 'late') return;
      late.push(`worker ${worker.child.pid} did not stop within ${graceMs} ms of SIGTERM; killed`);
      worker.child.kill('SIGKILL');
      await worker.exited;
    }),
  );
  return late;
}

export function spawnWorker(options: WorkerProcessOptions): WorkerProcess {
  const args = [
    '--import',
    'tsx',
    'test/services/worker-entry.ts',
    'worker',
    '--stages',
    options.stages ?? 'all',
    '--store',
    options.store,
    '--bus',
    options.bus,
    '--partitions',
    String(options.partitions ?? 8),
    '--lease-ms',
    String(options.leaseMs ?? 1_000),
    '--batch-size',
    String(options.batchSize ?? 100),
    ...(options.rules ?? []).flatMap((rule) => ['--rules', rule]),
    ...(options.intel ?? []).flatMap((path) => ['--intel', path]),
    ...(options.attack ? ['--attack', options.attack] : []),
    ...(options.assets ? ['--assets', options.assets] : []),
    ...(options.files ?? []).flatMap((file) => ['--files', file]),
    ...(options.policy ? ['--policy', options.policy] : []),
    ...(options.connectors ? ['--connectors', options.connectors] : []),
    ...(options.respondConcurrency ? ['--respond-concurrency', String(options.respondConcurrency)] : []),
    ...(options.sweepIntervalMs ? ['--sweep-interval-ms', String(options.sweepIntervalMs)] : []),
  ];
  const child = spawn(process.execPath, args, {
    cwd: repositoryRoot,
    stdio: ['ignore', 'ignore', 'pipe'],
    env: { ...process.env, ...options.environment },
  });
  let log = '';
  child.stderr?.on('data', (data: Buffer) => {
    log = (log + data.toString()).slice(-20_000);
  });
  const exited = new Promise<number | string>((resolve) =>
    child.once('exit', (code, signal) => resolve(code ?? signal ?? 'unknown')),
  );
  return { child, log: () => log, exited };
}
