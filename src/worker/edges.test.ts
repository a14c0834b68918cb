/**
 * Bad input at the edges, over real loopback sockets with the API on the PostgreSQL stores:
 * oversized bodies (declared and streamed), slowloris connections, invalid tokens at a high
 * rate. Each is refused cleanly, and the service keeps answering everyone else meanwhile.
 * The syslog edge (malformed frames, oversized lines, idle and trickling connections) is in
 * syslog-publisher.test.ts and ingest/live/syslog-listener.test.ts.
 */
import { randomBytes } from 'node:crypto';
import { request } from 'node:http';
import { connect, type Socket } from 'node:net';
import type { FastifyInstance } from 'fastify';
import { afterAll, beforeAll, expect, it } from 'vitest';
import { describeWithServices } from '../../test/services/index.js';
import { createApiToken, createApp } from '../api/index.js';
import { openPostgresStores, type PostgresStores } from '../store/postgres/index.js';

const sleep = (ms: number) => new Promise((done) => setTimeout(done, ms));

/** Sends `bytes` of body in 64 KiB pieces (chunked, no Content-Length); resolves with the status and whether the server cut it short. */
function streamBody(port: number, path: string, token: string, bytes: number) {
  return new Promise<{ status: number; sent: number }>((resolve, reject) => {
    let sent = 0;
    const outgoing = request(
      {
        host: '127.0.0.1',
        port,
        path,
        method: 'POST',
        headers: { authorization: `Bearer ${token}`, 'content-type': 'application/json' },
      },
      (response) => {
        response.resume();
        resolve({ status: response.statusCode ?? 0, sent });
      },
    );
    outgoing.on('error', (error) => (sent > 0 ? resolve({ status: 0, sent }) : reject(error)));
    const piece = Buffer.alloc(64 * 1024, 'a');
    const pump = () => {
      while (sent < bytes) {
        sent += piece.length;
        if (!outgoing.write(piece)) return void outgoing.once('drain', pump);
      }
      outgoing.end();
    };
    outgoing.write('{"value":"');
    pump();
  });
}

async function timed(url: string, headers: Record<string, string> = {}): Promise<{ status: number; ms: number }> {
  const started = performance.now();
  const response = await fetch(url, { headers });
  await response.arrayBuffer();
  return { status: response.status, ms: performance.now() - started };
}

describeWithServices(
  'bad input at the edges of the API (loopback, PostgreSQL stores)',
  { postgres: true },
  (services) => {
    let stores: PostgresStores;
    let app: FastifyInstance;
    let base: string;
    let port: number;
    let token: string;
    beforeAll(async () => {
      stores = await openPostgresStores(services().postgres.createDatabase('edges'));
      app = await createApp({ store: stores.store, tokens: stores.tokens, taxii: stores.taxii, logger: false });
      // The slowloris bound: Node's defaults are a 60 s header deadline checked every 30 s, and
      // createApp has no option for them yet, so the test sets them on its server before listening.
      app.server.headersTimeout = 1_000;
      app.server.requestTimeout = 5_000;
      (app.server as { connectionsCheckingInterval?: number }).connectionsCheckingInterval = 250;
      base = await app.listen({ host: '127.0.0.1', port: 0 });
      port = Number(new URL(base).port);
      token = (await createApiToken(stores.tokens, { name: 'edge', role: 'analyst', createdBy: 'test' })).token;
    });
    afterAll(async () => {
      await app?.close();
      await stores?.close();
    });

    it('refuses oversized bodies, declared or streamed, without reading them all, and stays up', async () => {
      const declared = await fetch(`${base}/api/v1/indicators`, {
        method: 'POST',
        headers: { authorization: `Bearer ${token}`, 'content-type': 'application/json' },
        body: JSON.stringify({ type: 'domain-name', value: 'a'.repeat(1024 * 1024) }),
      });
      expect(declared.status).toBe(413);
      expect(((await declared.json()) as { error: { code: string } }).error.code).toBe('payload-too-large');
      const streamed = await streamBody(port, '/api/v1/indicators', token, 64 * 1024 * 1024);
      expect([413, 0]).toContain(streamed.status); // 413, or the connection cut
      expect(streamed.sent).toBeLessThan(64 * 1024 * 1024);
      expect((await timed(`${base}/health`)).status).toBe(200);
    });

    it('closes slowloris connections at the header deadline while serving everyone else', async () => {
      const sockets: Socket[] = [];
      let closed = 0;
      for (let index = 0; index < 200; index++) {
        const socket = connect(port, '127.0.0.1');
        socket.on('error', () => {});
        socket.on('close', () => {
          closed++;
        });
        socket.write('GET /api/v1/health HTTP/1.1\r\nHost: 127.0.0.1\r\n');
        sockets.push(socket);
      }
      const trickle = setInterval(() => {
        for (const socket of sockets) if (!socket.destroyed) socket.write('X-Slow: 1\r\n');
      }, 200);
      try {
        const during: number[] = [];
        for (let probe = 0; probe < 10; probe++) {
          const answer = await timed(`${base}/api/v1/session`, { authorization: `Bearer ${token}` });
          expect(answer.status).toBe(200);
          during.push(answer.ms);
          await sleep(100);
        }
        for (let wait = 0; wait < 60 && closed < sockets.length; wait++) await sleep(100);
        expect(closed).toBe(sockets.length);
        expect(Math.max(...during)).toBeLessThan(1_000);
      } finally {
        clearInterval(trickle);
        for (const socket of sockets) socket.destroy();
      }
    });

    it('answers a flood of invalid tokens with 401 or 429 only, and still serves a valid token', async () => {
      const bogus = () =>
        Math.random() < 0.5
          ? `vgl_${randomBytes(6).toString('hex')}_${randomBytes(32).toString('hex')}`
          : randomBytes(24).toString('base64');
      const statuses: Record<string, number> = {};
      let requests = 0;
      const until = Date.now() + 3_000;
      await Promise.all(
        Array.from({ length: 20 }, async () => {
          while (Date.now() < until) {
            const response = await fetch(`${base}/api/v1/incidents`, {
              headers: { authorization: `Bearer ${bogus()}` },
            });
            await response.arrayBuffer();
            statuses[response.status] = (statuses[response.status] ?? 0) + 1;
            requests++;
          }
        }),
      );
      console.info(`invalid tokens: ${requests} requests in 3 s, statuses ${JSON.stringify(statuses)}`);
      expect(requests).toBeGreaterThan(100);
      expect(Object.keys(statuses).every((status) => status === '401' || status === '429')).toBe(true);
      const valid = await timed(`${base}/api/v1/session`, { authorization: `Bearer ${token}` });
      expect(valid.status).toBe(200);
    });
  },
);
