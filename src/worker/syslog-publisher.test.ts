/**
 * `vigil ingest-listener`'s syslog: ingest's listener (the one `vigil serve` runs) on real
 * sockets → the bus → the ingest stage → a SQLite store. Good messages are stored as events;
 * each bad one (NUL datagram, oversized datagram or TCP line, invalid UTF-8) is stored as a
 * rejection with its datagram number or its connection and frame; the messages around it are kept.
 * Framing, slow senders and bounded rejections are tested with the listener itself
 * (`ingest/live/syslog-listener.test.ts`).
 */
import { createSocket } from 'node:dgram';
import { mkdtempSync, rmSync } from 'node:fs';
import { connect } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, expect, it } from 'vitest';
import { type Delivery, MemoryBus } from '../bus/index.js';
import type { PipelineSession } from '../pipeline/index.js';
import { openStore, type Store } from '../store/index.js';
import { createIngestStage } from './stages/ingest-stage.js';
import { type SyslogPublisher, startSyslogPublisher } from './syslog-publisher.js';
import { topics } from './topics.js';

const good = (index: number) =>
  `<13>1 2024-03-02T10:00:${String(index % 60).padStart(2, '0')}Z host${index % 3} sshd 22 - - Accepted password for u${index} from 192.0.2.10 port 50022 ssh2`;

let publisher: SyslogPublisher | undefined;
let store: Store | undefined;
const folder = mkdtempSync(join(tmpdir(), 'vigil-syslog-publisher-'));
afterEach(async () => {
  await publisher?.close();
  await store?.close();
  publisher = undefined;
  store = undefined;
  rmSync(folder, { recursive: true, force: true });
});

it('stores good syslog messages through the ingest stage and each bad one as a rejection with its position', async () => {
  store = await openStore(join(folder, 'vigil.db'));
  const bus = new MemoryBus({ partitions: 2 });
  const ingest = createIngestStage({
    bus,
    store,
    log: () => {},
    session: () => Promise.reject(new Error('the ingest stage needs no session')) as Promise<PipelineSession>,
    actor: 'test',
  });
  const handled: Promise<void>[] = [];
  bus.subscribe(
    { topic: topics.records, group: 'ingest', consumer: 'test' },
    {
      handle: (partition, deliveries: readonly Delivery[]) => {
        const work = ingest.handler.handle(partition, deliveries);
        handled.push(work);
        return work;
      },
    },
  );
  publisher = await startSyslogPublisher({
    bus,
    udp: { host: '127.0.0.1', port: 0 },
    tcp: { host: '127.0.0.1', port: 0 },
    maxMessageBytes: 1_000,
  });
  const udpPort = publisher.listener.udpAddress!.port;
  const tcpPort = publisher.listener.tcpAddress!.port;

  const udp = createSocket('udp4');
  const send = (payload: Buffer | string) =>
    new Promise<void>((resolve) => udp.send(payload, udpPort, '127.0.0.1', () => resolve()));
  await send(Buffer.alloc(512, 0)); // datagram 1
  await send('A'.repeat(1_500)); // datagram 2
  for (let index = 0; index < 20; index += 1) await send(good(index));
  udp.close();

  const socket = connect(tcpPort, '127.0.0.1');
  await new Promise((resolve) => socket.once('connect', resolve));
  socket.write(`${good(100)}\n`); // frame 1
  socket.write(`<13>1 2024-03-02T10:00:00Z host1 app - - - ${'B'.repeat(2_000)}\n`); // frame 2
  socket.write(Buffer.from([0x3c, 0x31, 0x33, 0x3e, 0xff, 0xfe, 0x0a])); // frame 3: invalid UTF-8
  for (let index = 101; index < 120; index += 1) socket.write(`${good(index)}\n`);
  await new Promise<void>((resolve) => socket.end(resolve));
  await new Promise((resolve) => socket.once('close', resolve));

  for (let wait = 0; wait < 100 && (await store.countEvents()) < 40; wait++)
    await new Promise((resolve) => setTimeout(resolve, 50));
  await publisher.close();
  publisher = undefined;
  await Promise.all(handled);

  const events = await store.listEvents({ limit: 1_000 });
  expect(events).toHaveLength(40);
  expect(events.filter((event) => event.origin.file?.startsWith('syslog+udp://127.0.0.1:'))).toHaveLength(20);
  expect(events.filter((event) => event.origin.file?.startsWith('syslog+tcp://127.0.0.1:'))).toHaveLength(20);
  const rejected = (await store.listRejections({ limit: 100 }))
    .map(({ file, line, reason }) => ({ file: file.replace(/:\d+/g, ':P'), line, reason }))
    .sort((left, right) => left.file.localeCompare(right.file) || (left.line ?? 0) - (right.line ?? 0));
  expect(rejected).toEqual([
    {
      file: 'syslog+tcp://127.0.0.1:P connection 1 from 127.0.0.1:P',
      line: 2,
      reason: expect.stringContaining('1000 bytes'),
    },
    { file: 'syslog+tcp://127.0.0.1:P connection 1 from 127.0.0.1:P', line: 3, reason: expect.stringMatching(/UTF-8/) },
    {
      file: 'syslog+udp://127.0.0.1:P datagram from 127.0.0.1:P',
      line: 1,
      reason: 'binary content (NUL bytes only) in datagram',
    },
    {
      file: 'syslog+udp://127.0.0.1:P datagram from 127.0.0.1:P',
      line: 2,
      reason: expect.stringContaining('1000 bytes'),
    },
  ]);
});
