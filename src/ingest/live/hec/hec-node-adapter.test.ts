import { afterEach, describe, expect, it } from 'vitest';
import { EventQueue } from '../event-queue.js';
import { createHecHandler } from './hec-handler.js';
import { startHecServer } from './hec-node-adapter.js';

let close: (() => Promise<void>) | undefined;
afterEach(async () => {
  await close?.();
  close = undefined;
});

describe('startHecServer', () => {
  it('serves HEC over node:http, and refuses bodies over the limit with 413', async () => {
    const queue = new EventQueue();
    const server = await startHecServer(
      createHecHandler({ queue, tokens: ['secret'] }),
      { port: 0, host: '127.0.0.1' },
      { maxContentLength: 1000 },
    );
    close = server.close;
    const url = `http://127.0.0.1:${server.address.port}/services/collector/event`;
    const ok = await fetch(url, {
      method: 'POST',
      headers: { Authorization: 'Splunk secret' },
      body: '{"event":"hello 192.0.2.1"}',
    });
    expect(ok.status).toBe(200);
    expect(await ok.json()).toEqual({ text: 'Success', code: 0 });
    const denied = await fetch(url, { method: 'POST', body: '{"event":"x"}' });
    expect(await denied.json()).toEqual({ text: 'Token is required', code: 2 });
    const large = await fetch(url, {
      method: 'POST',
      headers: { Authorization: 'Splunk secret' },
      body: 'x'.repeat(5000),
    });
    expect(large.status).toBe(413);
    const { value } = await queue[Symbol.asyncIterator]().next();
    expect(value?.events.map((event: { message?: string }) => event.message)).toEqual(['hello 192.0.2.1']);
  });
});
