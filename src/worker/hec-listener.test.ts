import { randomBytes } from 'node:crypto';
import { connect } from 'node:net';
import { afterEach, describe, expect, it } from 'vitest';
import { MemoryBus } from '../bus/index.js';
import { loadKnowledge } from '../pipeline/index.js';
import { openStore, type Store } from '../store/index.js';
import { type HecListener, startHecListener } from './hec-listener.js';
import { startWorker } from './start-worker.js';
import { topics } from './topics.js';

const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));
const token = 'hec-token-0001';

describe('Splunk HEC into the bus (ingest-listener)', () => {
  let listener: HecListener | undefined;
  let store: Store | undefined;
  afterEach(async () => {
    await listener?.close();
    await store?.close();
  });

  it('publishes HEC events for the ingest workers, and refuses bad tokens, bad bodies and slow senders', async () => {
    store = await openStore(':memory:');
    const bus = new MemoryBus({ partitions: 2 });
    const worker = startWorker({
      bus,
      store,
      stages: ['ingest'],
      knowledge: await loadKnowledge({ rules: [], intel: [] }),
      consumer: 'w1',
    });
    listener = await startHecListener({
      bus,
      tokens: [token],
      port: 0,
      maxBodyBytes: 64 * 1024,
      headersTimeoutMs: 500,
    });
    const url = `http://127.0.0.1:${listener.port}/services/collector/event`;
    const post = (body: string, authorization = `Splunk ${token}`) =>
      fetch(url, { method: 'POST', headers: { authorization }, body });
    const batch = (numbers: number[]) =>
      numbers
        .map((n) =>
          JSON.stringify({ time: 1730800000 + n, host: `web-${n}`, sourcetype: 'syslog', event: `login failed ${n}` }),
        )
        .join('');
    const events = batch([1, 2, 3]);
    const accepted = await post(events);
    expect(accepted.status).toBe(200);
    expect(await accepted.json()).toMatchObject({ code: 0 });

    expect((await post(events, 'Splunk wrong')).status).toBe(403);
    for (let flood = 0; flood < 200; flood++)
      await (await post(events, `Splunk ${randomBytes(8).toString('hex')}`)).arrayBuffer();
    expect((await post('{"event": ')).status).toBe(400);
    expect((await post(`{"event":"${'a'.repeat(100 * 1024)}"}`)).status).toBe(413);

    const slow = connect(listener.port, '127.0.0.1');
    let closed = false;
    slow.on('close', () => {
      closed = true;
    });
    slow.on('error', () => {});
    slow.write('POST /services/collector/event HTTP/1.1\r\nHost: x\r\n');
    for (let tick = 0; tick < 30 && !closed; tick++) {
      slow.write('X-Slow: 1\r\n');
      await sleep(100);
    }
    expect(closed).toBe(true);

    expect((await post(batch([4]))).status).toBe(200); // still serving
    for (let round = 0; round < 200 && (await bus.lag(topics.records, 'ingest')) > 0; round++) await sleep(10);
    await sleep(50);
    const stored = await store.listEvents({ limit: 100 });
    expect(stored.map((event) => event.host?.name).sort()).toEqual(['web-1', 'web-2', 'web-3', 'web-4']);
    expect(listener.pump.counters.events).toBe(4);
    await worker.close();
    await bus.close();
  });
});
