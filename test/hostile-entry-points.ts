/**
 * Runs Vigil's real entry points for `bench/hostile-table.bench.ts` and measures each run: the
 * compiled CLI under `/usr/bin/time` (wall time and peak RSS of the process, in a bounded heap),
 * and long-running processes (`vigil serve`, `vigil worker`, `vigil ingest-listener`) by their
 * kernel peak RSS (`VmHWM`, reset before each case through `/proc/<pid>/clear_refs`).
 */
import { spawn } from 'node:child_process';
import { readFileSync, rmSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import Database from 'better-sqlite3';
import { repositoryRoot } from './shared-data.js';

export interface CliRun {
  code: number | null;
  stdout: string;
  stderr: string;
  seconds: number;
  peakMiB: number;
  /** True when the run passed its time bound and was killed. */
  killed: boolean;
}

/**
 * `node --max-old-space-size=<heapMiB> bin/vigil.js …args` under `/usr/bin/time`, killed after
 * `seconds`. `home` is VIGIL_HOME.
 */
export function runCli(
  args: readonly string[],
  options: { seconds: number; heapMiB: number; home: string; stdin?: string },
): Promise<CliRun> {
  const timing = join(options.home, `time-${process.pid}-${Math.random().toString(36).slice(2)}.txt`);
  return new Promise((resolve) => {
    const started = performance.now();
    const child = spawn(
      '/usr/bin/time',
      [
        '-f',
        '%e %M',
        '-o',
        timing,
        process.execPath,
        `--max-old-space-size=${options.heapMiB}`,
        join(repositoryRoot, 'bin', 'vigil.js'),
        ...args,
      ],
      {
        cwd: repositoryRoot,
        env: { ...process.env, VIGIL_HOME: options.home, NO_COLOR: '1' },
        stdio: [options.stdin === undefined ? 'ignore' : 'pipe', 'pipe', 'pipe'],
        // its own process group, so a kill reaches the CLI under /usr/bin/time too
        detached: true,
      },
    );
    let stdout = '';
    let stderr = '';
    child.stdout?.on('data', (chunk: Buffer) => {
      if (stdout.length < 1 << 20) stdout += chunk.toString('utf8');
    });
    child.stderr?.on('data', (chunk: Buffer) => {
      if (stderr.length < 1 << 20) stderr += chunk.toString('utf8');
    });
    if (options.stdin !== undefined) child.stdin?.end(options.stdin);
    let killed = false;
    const timer = setTimeout(() => {
      killed = true;
      try {
        process.kill(-(child.pid as number), 'SIGKILL');
      } catch {
        child.kill('SIGKILL');
      }
    }, options.seconds * 1000);
    child.on('close', (code) => {
      clearTimeout(timer);
      const seconds = (performance.now() - started) / 1000;
      let peakMiB = Number.NaN;
      try {
        const lines = readFileSync(timing, 'utf8').trim().split('\n');
        peakMiB = Number(lines.at(-1)?.split(' ')[1]) / 1024;
        rmSync(timing, { force: true });
      } catch {}
      // /usr/bin/time exits with the command's status, or 128+signal when it was killed.
      resolve({ code, stdout, stderr, seconds, peakMiB, killed });
    });
  });
}

/** Resets the kernel's peak RSS of `pid` (so the next reading is the peak of what follows). */
export function resetPeak(pid: number): void {
  try {
    writeFileSync(`/proc/${pid}/clear_refs`, '5');
  } catch {}
}

/** Peak RSS of `pid` since its last reset, in MiB. */
export function peakMiB(pid: number): number {
  try {
    const status = readFileSync(`/proc/${pid}/status`, 'utf8');
    return Number(/VmHWM:\s+(\d+)/.exec(status)?.[1]) / 1024;
  } catch {
    return Number.NaN;
  }
}

/** Event and rejection counts of a SQLite store, and the rejections' positions (`file:line reason`). */
export function storeCounts(database: string): { events: number; rejections: string[] } {
  try {
    const db = new Database(database, { readonly: true, fileMustExist: true });
    try {
      const events = (db.prepare('select count(*) as count from events').get() as { count: number }).count;
      const rejections = (
        db.prepare('select file, line, reason from rejections order by id').all() as {
          file: string;
          line: number | null;
          reason: string;
        }[]
      ).map((row) => `${row.file.split('/').at(-1)}${row.line === null ? '' : `:${row.line}`} ${row.reason}`);
      return { events, rejections };
    } finally {
      db.close();
    }
  } catch {
    return { events: 0, rejections: [] };
  }
}

/** Waits until `check` is true or `timeoutMs` passes; returns whether it became true. */
export async function waitUntil(check: () => boolean | Promise<boolean>, timeoutMs: number): Promise<boolean> {
  const started = Date.now();
  while (Date.now() - started < timeoutMs) {
    if (await check()) return true;
    await new Promise((resolve) => setTimeout(resolve, 200));
  }
  return check();
}
