/**
 * `/health` latency of a running `vigil serve` (compiled CLI) while its HEC endpoint is flooded
 * with hostile input (`test/hostile-load.ts`: oversized, gzip bomb, binary, 100,000-level JSON,
 * slowloris, wrong tokens), against the same server idle, in one run. The test beside it asserts
 * that /health answers and the good events are stored; this reports how fast. Needs `dist/`
 * (`node scripts/build.mjs`). Figures are for this machine only.
 */
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { floodHec, latencySummary, pollHealth, sleep, startServe, waitForStored } from '../test/hostile-load.js';

const rounds = Number(process.env.VIGIL_BENCH_ROUNDS ?? 6);
const home = mkdtempSync(join(tmpdir(), 'vigil-bench-hostile-'));
const serve = await startServe(home);
try {
  const idle = pollHealth(serve.url, { everyMs: 100 });
  await sleep(5_000);
  await idle.stop();
  const loaded = pollHealth(serve.url, { everyMs: 100 });
  const started = performance.now();
  const flood = await floodHec(serve, rounds);
  const floodSeconds = (performance.now() - started) / 1000;
  const missing = await waitForStored(serve, flood.goodMarkers, 60_000);
  await loaded.stop();
  const row = (name: string, latencies: number[], failures: string[]) => {
    const summary = latencySummary(latencies);
    return `| ${name} | ${summary.count} | ${summary.p50.toFixed(1)} | ${summary.p95.toFixed(1)} | ${summary.max.toFixed(1)} | ${failures.length} |`;
  };
  console.log(`/health of vigil serve, polled every 100 ms; flood: ${rounds} rounds in ${floodSeconds.toFixed(1)} s`);
  console.log('| server | polls | p50 ms | p95 ms | max ms | unanswered |');
  console.log('|---|---|---|---|---|---|');
  console.log(row('idle', idle.latencies, idle.failures));
  console.log(row('under hostile HEC flood', loaded.latencies, loaded.failures));
  const idleP50 = latencySummary(idle.latencies).p50;
  console.log(
    `p50 under flood ÷ idle p50: ${(latencySummary(loaded.latencies).p50 / Math.max(idleP50, 0.001)).toFixed(1)}×`,
  );
  console.log(`good events stored: ${flood.goodMarkers.length - missing.length}/${flood.goodMarkers.length}`);
  for (const [name, results] of Object.entries(flood.hostile)) {
    const counts = new Map<string, number>();
    for (const result of results) counts.set(result.slice(0, 3), (counts.get(result.slice(0, 3)) ?? 0) + 1);
    console.log(`  ${name}: ${[...counts].map(([status, count]) => `${status}×${count}`).join(', ')}`);
  }
} finally {
  await serve.stop();
  rmSync(home, { recursive: true, force: true });
}
