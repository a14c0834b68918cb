/**
 * `/health` stays responsive under hostile load on the real server: `vigil serve` (compiled CLI)
 * takes floods of oversized, deeply nested, binary, gzip-bomb and half-sent requests on its HEC
 * endpoint plus slowloris connections, and at the same time hostile syslog on its UDP and TCP
 * listeners (NUL datagrams, invalid UTF-8, overlong lines and frames, slowloris senders, many
 * connections), while `/health` is polled every 200 ms. Asserted: every poll is answered (200,
 * within a generous 10 s, never a timing figure), the good events sent around the bad ones are all
 * stored, each hostile request gets a 4xx, each bad syslog message is rejected once with its
 * connection or datagram and frame, and the process is alive afterwards. Latencies are measured by `npm run bench hostile-load`, not asserted here.
 */
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import {
  floodHec,
  floodSyslog,
  pollHealth,
  type RunningServe,
  startServe,
  storedRejections,
  waitForStored,
} from './hostile-load.js';

const home = mkdtempSync(join(tmpdir(), 'vigil-serve-hostile-'));
let serve: RunningServe | undefined;
afterAll(async () => {
  await serve?.stop();
  rmSync(home, { recursive: true, force: true });
});

describe('vigil serve under hostile HEC and syslog load', () => {
  it('answers /health throughout and stores every good event around the bad ones', async () => {
    serve = await startServe(home, { syslog: true });
    const health = pollHealth(serve.url, { everyMs: 200, timeoutMs: 10_000 });
    const [flood, syslog] = await Promise.all([floodHec(serve, 3), floodSyslog(serve, 2)]);
    const missing = await waitForStored(serve, [...flood.goodMarkers, ...syslog.goodMarkers], 30_000);
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
    // every bad syslog message is rejected alone, named by its connection (or datagram) and frame
    expect(syslog.goodMarkers).toHaveLength(100);
    const syslogRejections = async () =>
      (await storedRejections(serve!)).filter((rejection) => rejection.file.startsWith('syslog+'));
    let rejections = await syslogRejections();
    for (let wait = 0; wait < 60 && rejections.length < syslog.expectedRejections.length; wait++) {
      await new Promise((resolve) => setTimeout(resolve, 500));
      rejections = await syslogRejections();
    }
    if (process.env.H17A_DEBUG) console.log(JSON.stringify(rejections.slice(0, 80), null, 1));
    for (const expected of syslog.expectedRejections)
      expect(
        rejections.filter(
          (rejection) =>
            rejection.file.includes(expected.file) &&
            rejection.line === expected.line &&
            rejection.reason.includes(expected.reason),
        ),
        JSON.stringify(expected),
      ).toHaveLength(1);
    expect(rejections).toHaveLength(syslog.expectedRejections.length);
    expect(serve.process.exitCode).toBeNull();
    const after = await fetch(`${serve.url}/health`);
    expect(after.status).toBe(200);
    // A stop signal closes the server and the store, and the process exits cleanly.
    expect(await serve.stop()).toBe(0);
  }, 120_000);
});
