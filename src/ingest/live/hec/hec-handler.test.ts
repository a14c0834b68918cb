import { gzipSync } from 'node:zlib';
import { describe, expect, it } from 'vitest';
import type { Event } from '../../../core/index.js';
import { EventQueue } from '../event-queue.js';
import { createHecHandler, type HecHandlerOptions } from './hec-handler.js';
import type { HecRequest } from './hec-protocol.js';

const token = '11111111-2222-3333-4444-555555555555';
const channel = 'aaaaaaaa-bbbb-cccc-dddd-eeeeeeeeeeee';

function post(url: string, body: string | Buffer, headers: Record<string, string> = {}): HecRequest {
  return { method: 'POST', url, headers: { authorization: `Splunk ${token}`, ...headers }, body };
}

function setup(options: Partial<HecHandlerOptions> = {}) {
  const queue = new EventQueue(options.queue ? {} : { maxEvents: 1000 });
  const handler = createHecHandler({ queue, tokens: [token], ...options });
  return { queue: options.queue ?? queue, handler };
}

async function drain(
  queue: EventQueue,
): Promise<{ events: Event[]; rejected: number; rejections: { line?: number; reason: string }[] }> {
  queue.close();
  const events: Event[] = [];
  const rejections: { line?: number; reason: string }[] = [];
  for await (const batch of queue) {
    events.push(...batch.events);
    rejections.push(...batch.rejected);
  }
  return { events, rejected: rejections.length, rejections };
}

describe('createHecHandler', () => {
  it('rejects a 5,000-level nested envelope by its event index and keeps the events around it', async () => {
    const { queue, handler } = setup();
    const good = (host: string) => JSON.stringify({ event: `free text from ${host}`, host });
    const deep = `{"event":${'['.repeat(5000)}${']'.repeat(5000)},"host":"x"}`;
    const reply = await handler(post('/services/collector/event', [good('a'), deep, good('b')].join('\n')));
    expect(reply.status).toBe(400);
    expect(JSON.parse(reply.body as string)).toMatchObject({ 'invalid-event-number': 1 });
    const { events, rejections: rejected } = await drain(queue);
    expect(events.map((event) => event.host?.name)).toEqual(['a', 'b']);
    expect(rejected).toMatchObject([{ line: 2, reason: expect.stringContaining('JSON nested deeper than 64 levels') }]);
  });

  it('accepts JSON envelopes, parses _raw by sourcetype, and answers as HEC does', async () => {
    const { queue, handler } = setup();
    const body = [
      {
        event: 'Mar  2 10:00:02 host2 sshd[2211]: Accepted password for alice from 192.0.2.10 port 50022 ssh2',
        sourcetype: 'syslog',
        time: 1709373602,
      },
      {
        event: { EventID: 4688, Channel: 'Security', Hostname: 'ws1', NewProcessName: 'C:\\Windows\\cmd.exe' },
        sourcetype: 'WinEventLog:Security',
        host: 'ws1',
        fields: { team: 'blue' },
      },
      { event: 'free text 203.0.113.9', host: 'app1' },
    ]
      .map((envelope) => JSON.stringify(envelope))
      .join('\n');
    const reply = await handler(post('/services/collector/event', body));
    expect(reply).toMatchObject({ status: 200, body: '{"text":"Success","code":0}' });
    const { events } = await drain(queue);
    expect(events).toHaveLength(3);
    expect(events[0]).toMatchObject({
      timestamp: '2024-03-02T10:00:02.000Z',
      user: { name: 'alice' },
      origin: { format: 'splunk-json', dataset: 'syslog' },
    });
    expect(events[1]).toMatchObject({
      code: '4688',
      host: { name: 'ws1' },
      process: { executable: 'C:\\Windows\\cmd.exe' },
    });
    expect(events[1]?.fields.team).toBe('blue');
    expect(events[2]?.observables).toContainEqual({ type: 'ipv4-addr', value: '203.0.113.9', field: 'message' });
    expect(events[2]?.raw).toBe(JSON.stringify({ event: 'free text 203.0.113.9', host: 'app1' }));
  });

  it('reads /raw line by line with metadata from the query string, gzip included', async () => {
    const { queue, handler } = setup();
    const lines =
      '<13>Mar  2 10:00:02 host2 sshd[1]: Failed password for root from 198.51.100.7 port 22 ssh2\n\nsecond line\n';
    const reply = await handler(
      post('/services/collector/raw?sourcetype=syslog&host=h1', gzipSync(lines), { 'Content-Encoding': 'gzip' }),
    );
    expect(reply.status).toBe(200);
    const { events } = await drain(queue);
    expect(events.map((event) => event.raw)).toEqual([lines.split('\n')[0], 'second line']);
    expect(events[0]).toMatchObject({ outcome: 'failure', source: { ip: '198.51.100.7' } });
  });

  it('refuses /raw lines of NUL bytes or invalid UTF-8 by position, as every other input does, and keeps the rest', async () => {
    const { queue, handler } = setup();
    const body = Buffer.concat([
      Buffer.alloc(8192, 0),
      Buffer.from('\nfirst good line\n'),
      Buffer.from([0x61, 0xff, 0xfe, 0x62]),
      Buffer.from('\nsecond good line\nend with a NUL \u0000 inside\nthird good line'),
    ]);
    const reply = await handler(post('/services/collector/raw?sourcetype=syslog', body));
    expect(reply.status).toBe(400);
    const { events, rejections: rejected } = await drain(queue);
    expect(events.map((event) => event.raw)).toEqual(['first good line', 'second good line', 'third good line']);
    expect(rejected).toMatchObject([
      { line: 1, reason: expect.stringContaining('NUL byte') },
      { line: 3, reason: expect.stringContaining('invalid UTF-8') },
      { line: 5, reason: expect.stringContaining('NUL byte') },
    ]);
  });

  it('keeps the good envelopes of a request and reports the first bad one as HEC does', async () => {
    const { queue, handler } = setup();
    const body = '{"event":"one"}{"time":1}{"event":""}{"event":"four"}{"event":"five","fields":{"a":{"b":1}}}{broken';
    const reply = await handler(post('/services/collector', body));
    expect(reply.status).toBe(400);
    expect(JSON.parse(reply.body)).toEqual({ text: 'Event field is required', code: 12, 'invalid-event-number': 1 });
    const { events, rejected } = await drain(queue);
    expect(events.map((event) => event.message)).toEqual(['one', 'four']);
    expect(rejected).toBe(4);
  });

  it('answers authentication and protocol errors with HEC codes', async () => {
    const { handler } = setup({ tokens: [token, { value: 'disabled-token', disabled: true }] });
    const codes = async (request: HecRequest) => JSON.parse((await handler(request)).body).code as number;
    expect(await codes({ method: 'POST', url: '/services/collector', headers: {}, body: '{"event":1}' })).toBe(2);
    expect(await codes(post('/services/collector', '{}', { authorization: 'Splunk' }))).toBe(3);
    expect(await codes(post('/services/collector', '{}', { authorization: 'Splunk nope' }))).toBe(4);
    expect(await codes(post('/services/collector', '{}', { authorization: 'Splunk disabled-token' }))).toBe(1);
    expect(
      await codes({ method: 'POST', url: `/services/collector?token=${token}`, headers: {}, body: '{"event":1}' }),
    ).toBe(16);
    expect(await codes(post('/services/collector', '  '))).toBe(5);
    expect(await codes(post('/services/collector', '{"event":1}', { 'X-Splunk-Request-Channel': 'not-a-guid' }))).toBe(
      11,
    );
    expect(await codes(post('/services/collector/ack', '{"acks":[0]}', { 'X-Splunk-Request-Channel': channel }))).toBe(
      14,
    );
    expect(await codes({ method: 'GET', url: '/services/collector/health', headers: {}, body: '' })).toBe(17);
    const basic = Buffer.from(`x:${token}`).toString('base64');
    expect(await codes(post('/services/collector', '{"event":1}', { authorization: `Basic ${basic}` }))).toBe(0);
    expect((await handler(post('/services/other', ''))).status).toBe(404);
  });

  it('acknowledges a request once its events reached the consumer', async () => {
    const queue = new EventQueue();
    const handler = createHecHandler({ queue, tokens: [token], acknowledgements: true });
    expect(JSON.parse((await handler(post('/services/collector', '{"event":1}'))).body).code).toBe(10);
    const reply = await handler(
      post('/services/collector', '{"event":"a"}{"event":"b"}', { 'X-Splunk-Request-Channel': channel }),
    );
    expect(JSON.parse(reply.body)).toEqual({ text: 'Success', code: 0, ackId: 0 });
    const ask = async () =>
      JSON.parse((await handler(post(`/services/collector/ack?channel=${channel}`, '{"acks":[0,7]}'))).body);
    expect(await ask()).toEqual({ acks: { '0': false, '7': false } });
    await queue[Symbol.asyncIterator]().next();
    expect(await ask()).toEqual({ acks: { '0': true, '7': false } });
  });

  it('makes a request wait while the queue is full and answers Server is busy after the timeout', async () => {
    const queue = new EventQueue({ maxEvents: 1 });
    const handler = createHecHandler({ queue, tokens: [token], busyTimeoutMs: 50 });
    expect((await handler(post('/services/collector', '{"event":"fills"}'))).status).toBe(200);
    expect(
      JSON.parse((await handler({ method: 'GET', url: '/services/collector/health', headers: {}, body: '' })).body)
        .code,
    ).toBe(18);
    const busy = await handler(post('/services/collector', '{"event":"waits"}'));
    expect(busy.status).toBe(503);
    expect(JSON.parse(busy.body)).toEqual({ text: 'Server is busy', code: 9 });
    const waiting = handler(post('/services/collector', '{"event":"gets in"}'));
    await queue[Symbol.asyncIterator]().next();
    expect((await waiting).status).toBe(200);
  });

  it('records a flood of bad envelopes as 100 rows and one counted row, and keeps the good one after them', async () => {
    const { queue, handler } = setup();
    const body = `${'{"time":1}'.repeat(5000)}{"event":"kept"}`;
    const reply = await handler(post('/services/collector', body));
    expect(JSON.parse(reply.body)).toMatchObject({ code: 12, 'invalid-event-number': 0 });
    const { events, rejections: rejected } = await drain(queue);
    expect(events.map((event) => event.message)).toEqual(['kept']);
    expect(rejected).toHaveLength(101);
    expect(rejected[0]).toMatchObject({
      line: 1,
      reason: 'Event field is required: envelope without an "event" field',
    });
    expect(rejected[99]?.line).toBe(100);
    expect(rejected[100]).toMatchObject({
      line: 101,
      reason: '4900 more invalid records (positions 101–5000) not listed one by one',
    });
  });

  it('yields to the event loop while it reads a large body, on /event and /raw', async () => {
    const queue = new EventQueue({ maxEvents: 100_000 });
    const handler = createHecHandler({ queue, tokens: [token], sliceMs: 0 });
    for (const [url, body] of [
      ['/services/collector/event', '{"event":"line"}\n'.repeat(10_000)],
      ['/services/collector/raw', 'line\n'.repeat(10_000)],
    ] as const) {
      let turns = 0;
      const ticking = setInterval(() => {
        turns += 1;
      }, 0);
      const reply = handler(post(url, body));
      await reply;
      clearInterval(ticking);
      expect((await reply).status, url).toBe(200);
      expect(turns, url).toBeGreaterThan(0);
    }
    const { events } = await drain(queue);
    expect(events).toHaveLength(20_000);
  });
});
