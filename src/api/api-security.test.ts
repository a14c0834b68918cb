import { Writable } from 'node:stream';
import pino from 'pino';
import { afterEach, describe, expect, it } from 'vitest';
import { loggerOptions } from './logger.js';
import { type ApiFixture, createFixture, incidentId } from './test-support/api-fixture.js';

let fixture: ApiFixture | undefined;
afterEach(async () => {
  await fixture?.close();
  fixture = undefined;
});

describe('strict validation with clear 4xx errors', () => {
  const badRequests: { name: string; method: 'GET' | 'POST'; url: string; payload?: unknown; path: string }[] = [
    { name: 'limit out of range', method: 'GET', url: '/api/v1/incidents?limit=0', path: 'limit' },
    { name: 'unknown severity', method: 'GET', url: '/api/v1/incidents?severity=huge', path: 'severity' },
    { name: 'unknown query field', method: 'GET', url: '/api/v1/incidents?colour=red', path: '' },
    { name: 'bad event time', method: 'GET', url: '/api/v1/events?from=yesterday', path: 'from' },
    { name: 'alert limit', method: 'GET', url: '/api/v1/alerts?limit=-1', path: 'limit' },
    { name: 'indicator type', method: 'GET', url: '/api/v1/indicators?type=planet', path: 'type' },
    { name: 'audit limit', method: 'GET', url: '/api/v1/audit?limit=abc', path: 'limit' },
    { name: 'approval status', method: 'GET', url: '/api/v1/approvals?status=maybe', path: 'status' },
    { name: 'run status', method: 'GET', url: '/api/v1/runs?status=sleeping', path: 'status' },
    { name: 'rejection limit', method: 'GET', url: '/api/v1/rejections?limit=99999', path: 'limit' },
    {
      name: 'decision value',
      method: 'POST',
      url: `/api/v1/incidents/${incidentId}/proposals/proposal-low/decision`,
      payload: { decision: 'perhaps' },
      path: 'decision',
    },
    {
      name: 'decision extra field',
      method: 'POST',
      url: `/api/v1/incidents/${incidentId}/proposals/proposal-low/decision`,
      payload: { decision: 'approved', approver: 'someone-else' },
      path: '',
    },
    {
      name: 'indicator without value',
      method: 'POST',
      url: '/api/v1/indicators',
      payload: { type: 'domain-name' },
      path: 'value',
    },
    {
      name: 'indicator confidence',
      method: 'POST',
      url: '/api/v1/indicators',
      payload: { type: 'domain-name', value: 'x.example', confidence: 101 },
      path: 'confidence',
    },
    { name: 'token role', method: 'POST', url: '/api/v1/tokens', payload: { name: 'x', role: 'root' }, path: 'role' },
  ];

  it.each(badRequests)('$name → 400 naming the field', async ({ method, url, payload, path }) => {
    fixture = await createFixture();
    const response = await fixture.app.inject({
      method,
      url,
      headers: fixture.auth('admin'),
      ...(payload === undefined ? {} : { payload: payload as Record<string, unknown> }),
    });
    expect(response.statusCode).toBe(400);
    const body = response.json();
    expect(body.error.code).toBe('input-invalid');
    expect(body.error.issues.map((issue: { path: string }) => issue.path)).toContain(path);
  });

  it('refuses malformed JSON, wrong content types and oversized bodies', async () => {
    fixture = await createFixture({ bodyLimitBytes: 1024 });
    const url = '/api/v1/indicators';
    const headers = { ...fixture.auth('analyst'), 'content-type': 'application/json' };
    const malformed = await fixture.app.inject({ method: 'POST', url, headers, payload: '{"type":' });
    expect(malformed.statusCode).toBe(400);
    const text = await fixture.app.inject({
      method: 'POST',
      url,
      headers: { ...headers, 'content-type': 'text/x-whatever' },
      payload: 'hello',
    });
    expect(text.statusCode).toBe(415);
    const large = await fixture.app.inject({
      method: 'POST',
      url,
      headers,
      payload: JSON.stringify({ type: 'domain-name', value: 'a'.repeat(2000) }),
    });
    expect(large.statusCode).toBe(413);
    expect(large.json().error.code).toBe('payload-too-large');
  });
});

describe('tokens', () => {
  it('refuses malformed, unknown and revoked tokens', async () => {
    fixture = await createFixture();
    const url = '/api/v1/session';
    for (const authorization of ['Bearer nonsense', `Bearer vgl_${'0'.repeat(12)}_${'0'.repeat(64)}`, 'Basic abc']) {
      expect((await fixture.app.inject({ url, headers: { authorization } })).statusCode).toBe(401);
    }
    const viewer = fixture.tokens.viewer!;
    const tampered = `${viewer.slice(0, -1)}${viewer.endsWith('0') ? '1' : '0'}`;
    expect((await fixture.app.inject({ url, headers: { authorization: `Bearer ${tampered}` } })).statusCode).toBe(401);
    expect((await fixture.app.inject({ url, headers: fixture.auth('viewer') })).json()).toMatchObject({
      name: 'viewer',
      role: 'viewer',
    });
    const id = viewer.split('_')[1]!;
    const revoke = await fixture.app.inject({
      method: 'DELETE',
      url: `/api/v1/tokens/${id}`,
      headers: fixture.auth('admin'),
    });
    expect(revoke.statusCode).toBe(200);
    expect((await fixture.app.inject({ url, headers: fixture.auth('viewer') })).statusCode).toBe(401);
    const audit = await fixture.stores.store.listAudit({ subjectId: id });
    expect(audit.map((entry) => [entry.actor, entry.action])).toEqual([['admin', 'token-revoked']]);
  });

  it('shows a created token once and stores only its hash', async () => {
    fixture = await createFixture();
    const response = await fixture.app.inject({
      method: 'POST',
      url: '/api/v1/tokens',
      headers: fixture.auth('admin'),
      payload: { name: 'soc-bot', role: 'responder' },
    });
    expect(response.statusCode).toBe(201);
    const { token, tokenInfo } = response.json();
    expect(token).toMatch(/^vgl_[0-9a-f]{12}_[0-9a-f]{64}$/);
    const listed = (await fixture.app.inject({ url: '/api/v1/tokens', headers: fixture.auth('admin') })).body;
    expect(listed).not.toContain(token.split('_')[2]);
    expect(listed).not.toContain('secretHash');
    const stored = await fixture.stores.tokens.getToken(tokenInfo.id);
    expect(stored?.secretHash).toMatch(/^[0-9a-f]{64}$/);
    expect(stored?.secretHash).not.toBe(token.split('_')[2]);
  });
});

describe('headers, CORS and rate limits', () => {
  it('sends security headers and no CORS headers by default', async () => {
    fixture = await createFixture();
    const response = await fixture.app.inject({ url: '/health', headers: { origin: 'https://evil.example' } });
    expect(response.headers['content-security-policy']).toContain("default-src 'self'");
    expect(response.headers['x-content-type-options']).toBe('nosniff');
    expect(response.headers['x-frame-options']).toBe('SAMEORIGIN');
    expect(response.headers['access-control-allow-origin']).toBeUndefined();
    const preflight = await fixture.app.inject({
      method: 'OPTIONS',
      url: '/api/v1/incidents',
      headers: { origin: 'https://evil.example', 'access-control-request-method': 'GET' },
    });
    expect(preflight.headers['access-control-allow-origin']).toBeUndefined();
  });

  it('allows exactly the configured origins', async () => {
    fixture = await createFixture({ corsOrigins: ['https://desk.example'] });
    const allowed = await fixture.app.inject({
      method: 'OPTIONS',
      url: '/api/v1/incidents',
      headers: { origin: 'https://desk.example', 'access-control-request-method': 'GET' },
    });
    expect(allowed.statusCode).toBe(204);
    expect(allowed.headers['access-control-allow-origin']).toBe('https://desk.example');
    const other = await fixture.app.inject({ url: '/health', headers: { origin: 'https://evil.example' } });
    expect(other.headers['access-control-allow-origin']).toBeUndefined();
  });

  it('limits requests per token', async () => {
    fixture = await createFixture({ rateLimit: { max: 3, windowMs: 60_000 } });
    const statuses: number[] = [];
    for (let index = 0; index < 5; index += 1) {
      statuses.push((await fixture.app.inject({ url: '/api/v1/session', headers: fixture.auth('viewer') })).statusCode);
    }
    expect(statuses).toEqual([200, 200, 200, 429, 429]);
    const limited = await fixture.app.inject({ url: '/api/v1/session', headers: fixture.auth('viewer') });
    expect(limited.json().error.code).toBe('rate-limited');
    // another token has its own budget
    expect((await fixture.app.inject({ url: '/api/v1/session', headers: fixture.auth('analyst') })).statusCode).toBe(
      200,
    );
  });

  it('counts made-up token ids per address, so rotating them buys no fresh budget', async () => {
    fixture = await createFixture({ rateLimit: { max: 3, windowMs: 60_000 } });
    const statuses: number[] = [];
    for (let index = 0; index < 5; index += 1) {
      const headers = { authorization: `Bearer vgl_${String(index).padStart(12, '0')}_${'f'.repeat(64)}` };
      statuses.push((await fixture.app.inject({ url: '/api/v1/session', headers })).statusCode);
    }
    expect(statuses).toEqual([401, 401, 401, 429, 429]);
    // liveness stays answerable from that address: a probe behind the same NAT is not told the server is down
    expect((await fixture.app.inject({ url: '/health' })).statusCode).toBe(200);
    expect((await fixture.app.inject({ url: '/ready' })).statusCode).toBe(429);
    // a real token keeps its own budget
    expect((await fixture.app.inject({ url: '/api/v1/session', headers: fixture.auth('viewer') })).statusCode).toBe(
      200,
    );
  });
  it('shows token ids in the audit view to administrators only', async () => {
    fixture = await createFixture();
    const created = await fixture.app.inject({
      method: 'POST',
      url: '/api/v1/tokens',
      headers: fixture.auth('admin'),
      payload: { name: 'ci', role: 'viewer' },
    });
    const id = created.json().tokenInfo.id as string;
    const audit = (role: string) =>
      fixture!.app.inject({ url: '/api/v1/audit', headers: fixture!.auth(role) }).then((reply) => reply.json().items);
    const forAnalyst = JSON.stringify(await audit('analyst'));
    expect(forAnalyst).toContain('token-created');
    expect(forAnalyst).not.toContain(id);
    expect(JSON.stringify(await audit('admin'))).toContain(id);
  });

  it("buckets by verified identity: a victim's token id with a wrong secret spends only the sender's address bucket", async () => {
    fixture = await createFixture({ rateLimit: { max: 3, windowMs: 60_000 } });
    const victim = fixture.auth('analyst').authorization;
    const [prefix, id] = victim.split('_');
    const forged = { authorization: `${prefix}_${id}_${'0'.repeat(64)}`, 'x-forwarded-for': '198.51.100.7' };
    const statuses: number[] = [];
    for (let index = 0; index < 20; index += 1)
      statuses.push(
        (await fixture.app.inject({ url: '/api/v1/session', headers: forged, remoteAddress: '198.51.100.7' }))
          .statusCode,
      );
    expect(statuses.slice(0, 3)).toEqual([401, 401, 401]);
    expect(statuses.slice(3).every((status) => status === 429)).toBe(true);
    // the victim's own requests still have their whole budget
    const own: number[] = [];
    for (let index = 0; index < 3; index += 1)
      own.push((await fixture.app.inject({ url: '/api/v1/session', headers: fixture.auth('analyst') })).statusCode);
    expect(own).toEqual([200, 200, 200]);
  });
});

describe('logging', () => {
  it('redacts tokens and secrets', () => {
    const lines: string[] = [];
    const sink = new Writable({
      write(chunk, _encoding, done) {
        lines.push(String(chunk));
        done();
      },
    });
    const logger = pino(loggerOptions('info'), sink);
    logger.info(
      { req: { headers: { authorization: 'Bearer vgl_secret' } }, token: 'vgl_x', nested: { secret: 's' } },
      'hi',
    );
    expect(lines.join('')).not.toContain('vgl_');
    expect(lines.join('')).not.toContain('"s"');
    expect(lines.join('')).toContain('[redacted]');
  });
});
