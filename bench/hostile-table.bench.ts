/**
 * `npm run bench hostile-table`: the issue-17 table, input × entry point → result, bound, time,
 * memory. Each hostile input of the issue's list goes through every entry point it can reach, with
 * the real commands and servers (the compiled CLI: run `node scripts/build.mjs` first):
 * - CLI: `vigil ingest`, `investigate`, `rules check`, `detect`, `intel import`, each under
 *   `/usr/bin/time` in a 384 MiB heap (a run that needs more dies, and the row says so);
 * - HEC and the API (rule upload, rate limiter): one `vigil serve`, its peak RSS per case from
 *   the kernel (VmHWM, reset before each case), `/health` polled throughout each case;
 * - syslog UDP/TCP and files on the Redis bus: `vigil ingest-listener` → Redis → `vigil worker`
 *   (ingest stage, SQLite store), when redis-server is installed; the worker's peak RSS per case.
 * A row's result is what was observed; ✓ when it is what the issue asks (bad records rejected
 * with their position, every good record stored, within the bound), ✗ otherwise. Time is wall
 * time on this machine (2 shared cores: compare rows, not machines).
 */
import { mkdirSync, mkdtempSync, rmSync, symlinkSync, writeFileSync } from 'node:fs';
import { loadavg, tmpdir } from 'node:os';
import { join } from 'node:path';
import { type HostileCase, hostileCases } from './hostile-table/cases.js';

const home = mkdtempSync(join(tmpdir(), 'vigil-hostile-table-'));
mkdirSync(join(home, 'fixtures'), { recursive: true });

const rows: string[] = [];
const only = process.env.VIGIL_BENCH_ONLY;
const cases: HostileCase[] = hostileCases(home).filter(
  (entry) => !only || `${entry.entry} ${entry.input}`.includes(only),
);
const started = performance.now();
const runners = new Map<string, { close(): Promise<void> }>();
try {
  for (const entry of cases) {
    let row: string;
    try {
      const outcome = await entry.run({ home, runners, symlink: symlinkSync, write: writeFileSync });
      row = `| ${entry.input} | ${entry.entry} | ${outcome.ok ? '✓' : '✗'} ${outcome.result} | ${entry.bound} | ${outcome.seconds.toFixed(2)} s | ${Number.isNaN(outcome.peakMiB) ? '–' : `${outcome.peakMiB.toFixed(0)} MiB`} |`;
    } catch (error) {
      row = `| ${entry.input} | ${entry.entry} | ✗ bench error: ${(error as Error).message.slice(0, 200)} | ${entry.bound} | – | – |`;
    }
    rows.push(row.replaceAll('\n', ' '));
    console.error(row);
  }
} finally {
  for (const runner of runners.values()) await runner.close().catch(() => undefined);
  rmSync(home, { recursive: true, force: true });
}
console.log(
  [
    '',
    `hostile-input table: ${cases.length} cases in ${((performance.now() - started) / 1000).toFixed(0)} s, load average ${loadavg()[0]?.toFixed(1)} (peak RSS: the process's; CLI heap capped at 384 MiB)`,
    '',
    '| input | entry point | result | bound | time | peak RSS |',
    '|---|---|---|---|---|---|',
    ...rows,
  ].join('\n'),
);
const failed = rows.filter((row) => row.includes('| ✗')).length;
if (failed > 0) console.log(`\n${failed} row(s) not as the issue asks`);
