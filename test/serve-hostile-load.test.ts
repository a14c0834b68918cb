/**
 * `/health` stays responsive under hostile load on the real server: `vigil serve` (compiled CLI)
 * takes floods of oversized, deeply nested, binary, gzip-bomb and half-sent requests on its HEC
 * endpoint plus slowloris connections, while `/health` is polled every 200 ms. Asserted: every
 * poll is answered (200, within a generous 10 s, never a timing figure), the good events sent
 * around the bad ones are all stored, each hostile request gets a 4xx, and the process is alive
 * afterwards. Latencies are measured by `npm run bench hostile-load`, not asserted here.
 */
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { floodHec, pollHealth, type RunningServe, startServe, waitForStored } from './hostile-load.js';

const home = mkdtempSync(join(tmpdir(), 'vigil-serve-hostile-'));
let serve: RunningServe | undefined;
afterAll(async () => {
  await serve?.stop();
  rmSync(home, { recursive: true, force: true });
});

describe('vigil serve under hostile HEC load', () => {
  it('answers /health throughout and stores every good event around the bad ones', async () => {
    serve = await startServe(home);
    const health = pollHealth(serve.url, { everyMs: 200, timeoutMs: 10_000 });
    const flood = await floodHec(serve, 3);
    const missing = await waitForStored(serve, flood.goodMarkers, 30_000);
    await health.stop();
    expect(health.failures).toEqual([]);
    expect(health.latencies.length).toBeGreaterThan(3);
    expect(flood.goodMarkers).toHaveLength(9);
    expect(missing).toEqual([]);
    const statuses = (name: string) => (flood.hostile[name] ?? []).map((result) => result.slice(0, 3));
    expect(statuses('good')).toEqual(['200', '200', '200']);
    for (const name of ['deep', 'oversized', 'gzip bomb', 'binary', 'good around a deep one'])
      for (const status of statuses(name)) expect(status, `${name}: ${flood.hostile[name]}`).toMatch(/^4\d\d$/);
    expect(flood.hostile['good around a deep one']?.[0]).toMatch(/event.* 1|index 1|\b1\b/);
    expect(statuses('wrong token').every((status) => status === '401' || status === '403')).toBe(true);
    expect(serve.process.exitCode).toBeNull();
    const after = await fetch(`${serve.url}/health`);
    expect(after.status).toBe(200);
  }, 120_000);
});
