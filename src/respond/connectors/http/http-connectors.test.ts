import { createServer, type IncomingMessage, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import type { StepInvocation } from '../connector.js';
import { createSecrets } from '../secrets.js';
import { chatBody, createChatConnector } from './chat-notification.js';
import { createMispConnector, createMispEvent, createTheHiveConnector, createXsoarConnector } from './ticketing.js';
import { createWebhookConnector, verifyWebhookSignature } from './webhook.js';

interface Received {
  method: string;
  path: string;
  headers: IncomingMessage['headers'];
  body: string;
}

/** A loopback server answering as the documented APIs do. */
function platformServer(received: Received[]) {
  const replies: Record<string, (body: unknown) => [number, unknown]> = {
    'POST /api/v1/alert': (body) => [201, { _id: '~4096', _type: 'Alert', ...(body as object) }],
    'POST /api/v1/case': () => [201, { _id: '~8192', _type: 'Case', number: 42 }],
    'POST /api/v1/case/~8192/observable': (body) => [201, [{ _id: '~1', ...(body as object) }]],
    'POST /incident': () => [201, { id: '1234', version: 1 }],
    'POST /sightings/add': (body) => [200, { Sighting: { id: '77', value: (body as { value: string }).value } }],
    'POST /events/add': () => [200, { Event: { id: '12', uuid: '5f0c0000-0000-4000-8000-000000000000' } }],
    'POST /hook': () => [200, { ok: true }],
    'POST /flaky': () => [503, { error: 'maintenance' }],
    'POST /denied': () => [403, { error: 'forbidden' }],
  };
  return createServer((request, response) => {
    let body = '';
    request.on('data', (chunk) => {
      body += chunk;
    });
    request.on('end', () => {
      received.push({ method: request.method!, path: request.url!, headers: request.headers, body });
      const reply = replies[`${request.method} ${request.url}`];
      const [status, payload] = reply ? reply(body ? JSON.parse(body) : null) : [404, { error: 'no route' }];
      response.writeHead(status, { 'content-type': 'application/json' }).end(JSON.stringify(payload));
    });
  });
}

const step = (overrides: Partial<StepInvocation> = {}): StepInvocation => ({
  runId: 'run-1',
  incidentId: 'incident-1',
  ref: 'ticket',
  actionType: 'open-ticket',
  target: { kind: 'incident', value: 'incident-1' },
  parameters: {
    title: 'C2 beacon from WS-FIN-07',
    severity: 'high',
    observables: [
      { type: 'ip', value: '203.0.113.66' },
      { type: 'domain', value: 'evil.example' },
    ],
  },
  idempotencyKey: 'run-1/ticket/open-ticket:incident:incident-1',
  ...overrides,
});

describe('HTTP connectors against loopback servers with the documented shapes', () => {
  const received: Received[] = [];
  let server: Server;
  let base: string;
  const signal = new AbortController().signal;
  beforeAll(async () => {
    server = platformServer(received);
    await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
    base = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
  });
  afterAll(() => new Promise((resolve) => server.close(resolve)));
  beforeEach(() => {
    received.length = 0;
  });

  it('signs webhooks with HMAC over timestamp and body', async () => {
    const clock = () => new Date('2024-05-06T10:00:00Z');
    const connector = createWebhookConnector({ url: `${base}/hook`, secret: 'hook-secret-1', clock });
    expect(await connector.execute(step({ actionType: 'notify' }), signal)).toMatchObject({ status: 200 });
    const request = received[0]!;
    expect(request.headers['idempotency-key']).toBe('run-1/ticket/open-ticket:incident:incident-1');
    const timestamp = request.headers['x-vigil-timestamp'] as string;
    const signature = request.headers['x-vigil-signature'] as string;
    expect(verifyWebhookSignature('hook-secret-1', timestamp, request.body, signature, clock())).toBe(true);
    expect(verifyWebhookSignature('other-secret', timestamp, request.body, signature, clock())).toBe(false);
    expect(
      verifyWebhookSignature('hook-secret-1', timestamp, request.body.replace('run-1', 'run-2'), signature, clock()),
    ).toBe(false);
    expect(
      verifyWebhookSignature('hook-secret-1', timestamp, request.body, signature, new Date('2024-05-06T11:00:00Z')),
    ).toBe(false);
    expect(JSON.parse(request.body)).toMatchObject({
      type: 'vigil.step.execute',
      action: 'notify',
      target: { value: 'incident-1' },
    });
  });

  it('marks 5xx as retryable and 4xx as final', async () => {
    await expect(
      createWebhookConnector({ url: `${base}/flaky`, secret: 'abcd' }).execute(step(), signal),
    ).rejects.toMatchObject({ retryable: true, statusCode: 503 });
    await expect(
      createWebhookConnector({ url: `${base}/denied`, secret: 'abcd' }).execute(step(), signal),
    ).rejects.toMatchObject({ retryable: false, statusCode: 403 });
  });

  it('creates a TheHive 5 alert with observables, and a case with observables added one by one', async () => {
    const alert = await createTheHiveConnector({ url: base, apiKey: 'hive-key-123', organisation: 'cert' }).execute(
      step(),
      signal,
    );
    expect(alert).toEqual({ kind: 'alert', id: '~4096', number: null, observables: 2 });
    expect(received[0]).toMatchObject({
      path: '/api/v1/alert',
      headers: { authorization: 'Bearer hive-key-123', 'x-organisation': 'cert' },
    });
    expect(JSON.parse(received[0]!.body)).toMatchObject({
      type: 'vigil',
      source: 'vigil',
      title: 'C2 beacon from WS-FIN-07',
      severity: 3,
      observables: [
        { dataType: 'ip', data: '203.0.113.66' },
        { dataType: 'domain', data: 'evil.example' },
      ],
    });
    received.length = 0;
    const created = await createTheHiveConnector({ url: base, apiKey: 'hive-key-123', create: 'case' }).execute(
      step(),
      signal,
    );
    expect(created).toMatchObject({ kind: 'case', id: '~8192', number: 42, observables: 2 });
    expect(received.map((request) => request.path)).toEqual([
      '/api/v1/case',
      '/api/v1/case/~8192/observable',
      '/api/v1/case/~8192/observable',
    ]);
  });

  it('creates a Cortex XSOAR incident', async () => {
    const output = await createXsoarConnector({ url: base, apiKey: 'xsoar-key-1', authId: '7' }).execute(
      step(),
      signal,
    );
    expect(output).toEqual({ id: '1234' });
    expect(received[0]!.headers).toMatchObject({ authorization: 'xsoar-key-1', 'x-xdr-auth-id': '7' });
    expect(JSON.parse(received[0]!.body)).toMatchObject({
      name: 'C2 beacon from WS-FIN-07',
      severity: 3,
      createInvestigation: true,
      labels: expect.arrayContaining([{ type: 'ip', value: '203.0.113.66' }]),
    });
  });

  it('adds MISP sightings, expires them on undo, and creates events', async () => {
    const connector = createMispConnector({ url: base, apiKey: 'misp-key-1' });
    const watch = step({ actionType: 'add-to-watchlist', target: { kind: 'ip', value: '203.0.113.66' } });
    expect(await connector.execute(watch, signal)).toEqual({ sightingId: '77', type: '0' });
    expect(await connector.undo!(watch, {}, signal)).toMatchObject({ type: '2' });
    expect(received.map((request) => JSON.parse(request.body).type)).toEqual(['0', '2']);
    expect(received[0]!.headers.authorization).toBe('misp-key-1');
    expect(
      await createMispEvent(
        { url: base, apiKey: 'misp-key-1' },
        { info: 'Vigil incident', attributes: [{ type: 'ip-dst', value: '203.0.113.66' }] },
        signal,
      ),
    ).toEqual({
      id: '12',
      uuid: '5f0c0000-0000-4000-8000-000000000000',
    });
    expect(JSON.parse(received[2]!.body).Event.Attribute[0]).toMatchObject({
      type: 'ip-dst',
      value: '203.0.113.66',
      to_ids: true,
    });
  });

  it('posts Slack and Teams messages, escaping Slack control characters', async () => {
    const hostile = step({
      actionType: 'notify',
      parameters: { text: 'ping <!channel> & <https://evil.example|click>' },
    });
    await createChatConnector({ url: `${base}/hook`, flavour: 'slack' }).execute(hostile, signal);
    expect(JSON.parse(received[0]!.body).text).toBe(
      'ping &lt;!channel&gt; &amp; &lt;https://evil.example|click&gt; (incident incident-1)',
    );
    expect(chatBody(hostile, 'teams')).toMatchObject({
      type: 'message',
      attachments: [{ contentType: 'application/vnd.microsoft.card.adaptive' }],
    });
  });

  it('never shows credentials in plans, and redacts them from text', () => {
    const secrets = createSecrets({ HIVE_KEY: 'hive-key-123' });
    const apiKey = secrets.resolve({ env: 'HIVE_KEY' }, 'TheHive');
    const plan = createTheHiveConnector({ url: base, apiKey }).plan(step());
    expect(JSON.stringify(plan)).not.toContain('hive-key-123');
    expect(secrets.redact('auth failed for Bearer hive-key-123')).toBe('auth failed for Bearer [redacted]');
    expect(secrets.redactValue({ nested: ['hive-key-123'] })).toEqual({ nested: ['[redacted]'] });
    expect(() => secrets.resolve({ env: 'MISSING' }, 'MISP')).toThrow(/MISSING/);
  });
});
