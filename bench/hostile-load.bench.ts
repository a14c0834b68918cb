/**
 * `/health` latency of a running `vigil serve` (compiled CLI) while its HEC endpoint is flooded
 * with hostile input (`test/hostile-load.ts`: oversized, gzip bomb, binary, 100,000-level JSON,
 * slowloris, wrong tokens), and then with a hostile syslog flood on UDP and TCP at the same time
 * (NUL datagrams, invalid UTF-8, overlong lines, slowloris, many connections), against the same
 * server idle, in one run; and, not hostile, a volume of good HEC events (20,000), whose batch
 * investigation runs on the server's event loop (its loop-delay p99 is the largest of the
 * per-scrape p99s, as the wait for the stored count scrapes /metrics); beside it the server's own
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
  floodGoodVolume,
  floodHec,
  floodSyslog,
  latencySummary,
  pollHealth,
  sleep,
  startServe,
  waitForEventCount,
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

type Flood = 'hec' | 'hec+syslog' | 'volume';

async function measure(label: string, root: string | undefined, kind: Flood = 'hec'): Promise<string[]> {
  const withSyslog = kind === 'hec+syslog';
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
      kind === 'volume'
        ? floodGoodVolume(serve, 10, 2000).then((goodMarkers) => ({
            goodMarkers,
            hostile: {} as Record<string, string[]>,
          }))
        : floodHec(serve, rounds),
      withSyslog ? floodSyslog(serve, rounds) : { goodMarkers: [], expectedRejections: [] },
    ]);
    const floodSeconds = (performance.now() - started) / 1000;
    const good = [...flood.goodMarkers, ...syslog.goodMarkers];
    const counted = kind === 'volume' ? await waitForEventCount(serve, 20_000, 120_000) : undefined;
    const missing = counted
      ? Array.from({ length: 20_000 - counted.stored }, () => 'event')
      : await waitForStored(serve, good, 60_000);
    await loaded.stop();
    const last = await eventLoopDelay(serve);
    const floodLoop = counted
      ? { p99: Math.max(counted.loop.p99, last.p99), max: Math.max(counted.loop.max, last.max) }
      : last;
    const load = loadavg()[0]?.toFixed(1);
    const statuses = Object.entries(flood.hostile).map(([name, results]) => {
      const counts = new Map<string, number>();
      for (const result of results) counts.set(result.slice(0, 3), (counts.get(result.slice(0, 3)) ?? 0) + 1);
      return `${name} ${[...counts].map(([status, count]) => `${status}×${count}`).join(', ')}`;
    });
    const floodName = {
      hec: 'hostile HEC flood',
      'hec+syslog': 'hostile HEC + syslog flood',
      volume: 'good volume, 10 × 2,000 HEC events',
    }[kind];
    return [
      row(`${label}, idle (load ${load})`, idle.latencies, idle.failures, idleLoop),
      row(`${label}, ${floodName} (${floodSeconds.toFixed(1)} s)`, loaded.latencies, loaded.failures, floodLoop),
      `<!-- ${label}: good events stored ${kind === 'volume' ? 20_000 - missing.length : good.length - missing.length}/${kind === 'volume' ? 20_000 : good.length}; ${statuses.join('; ')} -->`,
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
  rows.push(...(await measure('this checkout', undefined, 'hec+syslog')));
  if (baseline) rows.push(...(await measure('baseline', baseline, 'volume')));
  rows.push(...(await measure('this checkout', undefined, 'volume')));
}
console.log(
  `/health of vigil serve polled every 100 ms from another process; ${rounds} flood rounds; ${cpus().length} cores`,
);
if (baseline) console.log(`baseline: ${baseline}`);
console.log('| server | polls | p50 ms | p95 ms | max ms | unanswered | server event-loop delay p99 / max ms |');
console.log('|---|---|---|---|---|---|---|');
for (const line of rows) console.log(line);
