/**
 * `/health` latency of a running `vigil serve` (compiled CLI) while its HEC endpoint is flooded
 * with hostile input (`test/hostile-load.ts`: oversized, gzip bomb, binary, 100,000-level JSON,
 * slowloris, wrong tokens), and then with a hostile syslog flood on UDP and TCP at the same time
 * (NUL datagrams, invalid UTF-8, overlong lines, slowloris, many connections), against the same
 * server idle, in one run; beside it the server's own
 * event-loop delay (`vigil_event_loop_delay_seconds` on /metrics, which misses blocks inside timer
 * callbacks). The test beside it asserts that /health answers and the good events are stored;
 * this reports how fast. Needs `dist/` (`node scripts/build.mjs`). Figures are for this machine only.
 *
 * `VIGIL_BENCH_BASELINE=<checkout>` (another checkout with its `dist/` built, e.g. an export of
 * an older commit) measures that checkout's server too, alternating with this one, so a change is
 * compared under the same machine load. `VIGIL_BENCH_ROUNDS` (default 6), `VIGIL_BENCH_REPEATS`
 * (default 1, or 2 with a baseline).
 */
import { mkdtempSync, rmSync } from 'node:fs';
import { cpus, loadavg, tmpdir } from 'node:os';
import { join } from 'node:path';
import {
  eventLoopDelay,
  floodHec,
  floodSyslog,
  latencySummary,
  pollHealth,
  sleep,
  startServe,
  waitForStored,
} from '../test/hostile-load.js';

const rounds = Number(process.env.VIGIL_BENCH_ROUNDS ?? 6);
const baseline = process.env.VIGIL_BENCH_BASELINE;
const repeats = Number(process.env.VIGIL_BENCH_REPEATS ?? (baseline ? 2 : 1));

interface Loop {
  p99: number;
  max: number;
}

function row(name: string, latencies: number[], failures: string[], loop: Loop): string {
  const summary = latencySummary(latencies);
  const figures = [summary.p50, summary.p95, summary.max].map((value) => value.toFixed(1));
  return `| ${name} | ${summary.count} | ${figures.join(' | ')} | ${failures.length} | ${Number.isNaN(loop.max) ? '–' : `${loop.p99.toFixed(0)} / ${loop.max.toFixed(0)}`} |`;
}

async function measure(label: string, root: string | undefined, withSyslog = false): Promise<string[]> {
  const home = mkdtempSync(join(tmpdir(), 'vigil-bench-hostile-'));
  const serve = await startServe(home, { ...(root ? { root } : {}), syslog: withSyslog });
  try {
    await eventLoopDelay(serve);
    const idle = pollHealth(serve.url, { everyMs: 100 });
    await sleep(5_000);
    await idle.stop();
    const idleLoop = await eventLoopDelay(serve);
    const loaded = pollHealth(serve.url, { everyMs: 100 });
    const started = performance.now();
    const [flood, syslog] = await Promise.all([
      floodHec(serve, rounds),
      withSyslog ? floodSyslog(serve, rounds) : { goodMarkers: [], expectedRejections: [] },
    ]);
    const floodSeconds = (performance.now() - started) / 1000;
    const good = [...flood.goodMarkers, ...syslog.goodMarkers];
    const missing = await waitForStored(serve, good, 60_000);
    await loaded.stop();
    const floodLoop = await eventLoopDelay(serve);
    const load = loadavg()[0]?.toFixed(1);
    const statuses = Object.entries(flood.hostile).map(([name, results]) => {
      const counts = new Map<string, number>();
      for (const result of results) counts.set(result.slice(0, 3), (counts.get(result.slice(0, 3)) ?? 0) + 1);
      return `${name} ${[...counts].map(([status, count]) => `${status}×${count}`).join(', ')}`;
    });
    const floodName = withSyslog ? 'hostile HEC + syslog flood' : 'hostile HEC flood';
    return [
      row(`${label}, idle (load ${load})`, idle.latencies, idle.failures, idleLoop),
      row(`${label}, ${floodName} (${floodSeconds.toFixed(1)} s)`, loaded.latencies, loaded.failures, floodLoop),
      `<!-- ${label}: good events stored ${good.length - missing.length}/${good.length}; ${statuses.join('; ')} -->`,
    ];
  } finally {
    await serve.stop();
    rmSync(home, { recursive: true, force: true });
  }
}

const rows: string[] = [];
for (let repeat = 0; repeat < repeats; repeat++) {
  if (baseline) rows.push(...(await measure('baseline', baseline)));
  rows.push(...(await measure('this checkout', undefined)));
  rows.push(...(await measure('this checkout', undefined, true)));
}
console.log(
  `/health of vigil serve polled every 100 ms from another process; ${rounds} flood rounds; ${cpus().length} cores`,
);
if (baseline) console.log(`baseline: ${baseline}`);
console.log('| server | polls | p50 ms | p95 ms | max ms | unanswered | server event-loop delay p99 / max ms |');
console.log('|---|---|---|---|---|---|---|');
for (const line of rows) console.log(line);
