import { createSocket } from 'node:dgram';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { connect } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import type { Event } from '../../core/index.js';
import { readEvents } from '../read-events.js';
import { EventQueue } from './event-queue.js';
import { type SyslogListener, startSyslogListener } from './syslog-listener.js';

const lines = [
  "<34>1 2024-03-02T10:00:00.003Z mymachine.example.com su - ID47 - 'su root' failed for lonvick on /dev/pts/8",
  '<13>1 2024-03-02T10:00:02Z host2 sshd 2211 - - Accepted password for alice from 192.0.2.10 port 50022 ssh2',
  '<86>2024-03-02T10:00:10.500+00:00 host3 su[4000]: (to root) alice on pts/1',
  '<4>1 2024-03-02T10:00:09Z host2 kernel - - - [UFW BLOCK] IN=eth0 SRC=203.0.113.50 DST=10.0.0.5 PROTO=TCP SPT=51515 DPT=22',
];

async function fromFile(content: string[]): Promise<Event[]> {
  const folder = mkdtempSync(join(tmpdir(), 'vigil-syslog-'));
  try {
    const path = join(folder, 'messages.log');
    writeFileSync(path, `${content.join('\n')}\n`);
    const events: Event[] = [];
    for await (const batch of readEvents([path], { format: 'syslog' })) events.push(...batch.events);
    return events;
  } finally {
    rmSync(folder, { recursive: true, force: true });
  }
}

async function take(queue: EventQueue, count: number): Promise<Event[]> {
  const events: Event[] = [];
  for await (const batch of queue) {
    events.push(...batch.events);
    if (events.length >= count) break;
  }
  return events;
}

const withoutOrigin = ({ origin: _origin, ...rest }: Event) => rest;

let listener: SyslogListener | undefined;
afterEach(async () => {
  await listener?.close();
  listener = undefined;
});

describe('startSyslogListener', () => {
  it('gives over TCP, octet-counted and newline-framed, the same events as the same lines in a file', async () => {
    const queue = new EventQueue();
    listener = await startSyslogListener({ queue, tcp: { port: 0, host: '127.0.0.1' } });
    const socket = connect(listener.tcpAddress?.port as number, '127.0.0.1');
    const framed = lines.map((line, index) => (index % 2 === 0 ? `${Buffer.byteLength(line)} ${line}` : `${line}\n`));
    socket.end(framed.join(''));
    const events = await take(queue, lines.length);
    expect(events.map(withoutOrigin)).toEqual((await fromFile(lines)).map(withoutOrigin));
    expect(events[0]?.origin).toEqual({
      format: 'syslog',
      file: `syslog+tcp://127.0.0.1:${listener.tcpAddress?.port}`,
      line: 1,
      dataset: 'su',
    });
  });

  it('gives over UDP the same events as the same lines in a file', async () => {
    const queue = new EventQueue();
    listener = await startSyslogListener({ queue, udp: { port: 0, host: '127.0.0.1' } });
    const socket = createSocket('udp4');
    for (const line of lines) socket.send(`${line}\n`, listener.udpAddress?.port as number, '127.0.0.1');
    const events = await take(queue, lines.length);
    socket.close();
    const expected = (await fromFile(lines)).map(withoutOrigin);
    // UDP may reorder on a busy machine; compare as sets by id.
    expect(events.map(withoutOrigin).sort((a, b) => a.id.localeCompare(b.id))).toEqual(
      expected.sort((a, b) => a.id.localeCompare(b.id)),
    );
  });

  it('pauses a TCP sender while the consumer is slow, keeping the queue within its bound', async () => {
    const queue = new EventQueue({ maxEvents: 50, batchSize: 50 });
    listener = await startSyslogListener({ queue, tcp: { port: 0, host: '127.0.0.1' } });
    const socket = connect(listener.tcpAddress?.port as number, '127.0.0.1');
    const total = 10_000;
    const payload = Array.from(
      { length: total },
      (_, index) => `<13>1 2024-03-02T10:00:00Z h app - - - message ${index}\n`,
    );
    socket.end(payload.join(''));
    let received = 0;
    for await (const batch of queue) {
      received += batch.events.length;
      await new Promise((resolve) => setTimeout(resolve, 2)); // a deliberately slow consumer
      if (received >= total) break;
    }
    expect(received).toBe(total);
    // Without backpressure all 10 000 would wait; with it, at most the bound plus one socket read
    // (64 KiB, about 1200 of these messages) that was framed before the pause.
    expect(queue.highWater).toBeLessThanOrEqual(50 + 1300);
    expect(listener.statistics.messages).toBe(total);
  });

  it('rejects each bad message alone with its connection and frame, or its datagram, and keeps the rest', async () => {
    const queue = new EventQueue();
    listener = await startSyslogListener({
      queue,
      tcp: { port: 0, host: '127.0.0.1' },
      udp: { port: 0, host: '127.0.0.1' },
      maxMessageBytes: 1024,
    });
    const udp = createSocket('udp4');
    const datagrams = [Buffer.from(lines[0] as string), Buffer.alloc(512), Buffer.from([0x3c, 0x31, 0x3e, 0xc3, 0x28])];
    for (const datagram of [...datagrams, Buffer.from(lines[1] as string)])
      await new Promise((resolve) => udp.send(datagram, listener?.udpAddress?.port as number, '127.0.0.1', resolve));
    udp.close();
    const socket = connect(listener.tcpAddress?.port as number, '127.0.0.1');
    await new Promise((resolve) => socket.once('connect', resolve));
    const local = socket.localPort;
    socket.end(`${lines[2]}\n${'x'.repeat(5000)}\n${lines[3]}\n2000 ${'y'.repeat(2000)}${lines[0]}\n`);
    const events: Event[] = [];
    const rejected: { file: string; line?: number; reason: string }[] = [];
    for await (const batch of queue) {
      events.push(...batch.events);
      rejected.push(...batch.rejected);
      if (events.length >= 5 && rejected.length >= 4) break;
    }
    expect(events.map((event) => event.raw).sort()).toEqual([...lines, lines[0]].sort());
    const udpSource = `syslog+udp://127.0.0.1:${listener.udpAddress?.port} datagram from 127.0.0.1:`;
    const tcpSource = `syslog+tcp://127.0.0.1:${listener.tcpAddress?.port} connection 1 from 127.0.0.1:${local}`;
    expect(rejected).toEqual(
      expect.arrayContaining([
        { file: expect.stringContaining(udpSource), line: 2, reason: 'binary content (NUL bytes only) in datagram' },
        { file: expect.stringContaining(udpSource), line: 3, reason: 'invalid UTF-8 in record' },
        { file: tcpSource, line: 2, reason: 'syslog message longer than 1024 bytes' },
        { file: tcpSource, line: 4, reason: 'syslog message longer than 1024 bytes' },
      ]),
    );
    expect(rejected).toHaveLength(4);
  });

  it('bounds a UDP flood of bad datagrams per sender: 3 listed, the rest in one counted row, good ones kept', async () => {
    const queue = new EventQueue();
    const flooded = await startSyslogListener({
      queue,
      udp: { port: 0, host: '127.0.0.1' },
      maxRejectionsPerSender: 3,
    });
    const udp = createSocket('udp4');
    const port = flooded.udpAddress?.port as number;
    for (let index = 0; index < 200; index += 1) {
      const datagram =
        index % 50 === 49 ? Buffer.from(lines[1] as string) : Buffer.from([0x3c, 0x31, 0x3e, 0xc3, 0x28]);
      await new Promise((resolve) => udp.send(datagram, port, '127.0.0.1', resolve));
    }
    udp.close();
    for (let waited = 0; flooded.statistics.messages < 200 && waited < 10_000; waited += 50)
      await new Promise((resolve) => setTimeout(resolve, 50));
    // Closing ends the window: the counted row is queued before the socket closes.
    await flooded.close();
    queue.close();
    const events: Event[] = [];
    const rejected: { file: string; line?: number; reason: string }[] = [];
    for await (const batch of queue) {
      events.push(...batch.events);
      rejected.push(...batch.rejected);
    }
    const counted = rejected.filter((row) => row.reason.includes('not listed one by one'));
    expect(counted).toHaveLength(1);
    expect(counted[0]?.file).toBe(`syslog+udp://127.0.0.1:${port} datagrams from 127.0.0.1`);
    expect(rejected.length - 1).toBe(3);
    // UDP may lose a datagram on a busy machine: what arrived is listed, counted or an event.
    const countedNumber = Number(/^(\d+) more/.exec(counted[0]?.reason ?? '')?.[1]);
    expect(3 + countedNumber + events.length).toBe(flooded.statistics.messages);
    expect(events.length).toBeGreaterThan(0);
  });

  it('closes a slowloris sender that holds a frame open, and an idle one, naming the frame left open', async () => {
    const queue = new EventQueue();
    listener = await startSyslogListener({
      queue,
      tcp: { port: 0, host: '127.0.0.1' },
      frameTimeoutMs: 300,
      idleTimeoutMs: 400,
    });
    const port = listener.tcpAddress?.port as number;
    const slow = connect(port, '127.0.0.1');
    slow.on('error', () => undefined);
    slow.write(`${lines[0]}\n<13>1 2024-03-02T10:00:00Z h app - - - slow`);
    const trickle = setInterval(() => slow.writable && slow.write('.'), 100);
    const idle = connect(port, '127.0.0.1');
    idle.on('error', () => undefined);
    idle.write('<13>1 2024-03-02T10:00:00Z h app - - - idle');
    const closed = (socket: typeof slow) => new Promise((resolve) => socket.once('close', resolve));
    await Promise.all([closed(slow), closed(idle)]);
    clearInterval(trickle);
    const rejected: { file: string; line?: number; reason: string }[] = [];
    const events: Event[] = [];
    for await (const batch of queue) {
      events.push(...batch.events);
      rejected.push(...batch.rejected);
      if (rejected.length >= 2) break;
    }
    expect(events.map((event) => event.raw)).toEqual([lines[0]]);
    expect(rejected).toEqual(
      expect.arrayContaining([
        {
          file: expect.stringContaining('connection 1 from'),
          line: 2,
          reason: 'syslog frame not finished within 300 ms',
        },
        {
          file: expect.stringContaining('connection 2 from'),
          line: 1,
          reason: 'connection idle for 400 ms inside a syslog frame',
        },
      ]),
    );
    expect(listener.statistics).toMatchObject({ closedSlow: 1, closedIdle: 1 });
  });

  it('records a connection of noise as 100 rejections and one counted row at its close, keeping its good lines', async () => {
    const queue = new EventQueue({ maxEvents: 100_000 });
    listener = await startSyslogListener({ queue, tcp: { port: 0, host: '127.0.0.1' } });
    const socket = connect(listener.tcpAddress?.port as number, '127.0.0.1');
    const noise = Buffer.alloc(5000 * 2, Buffer.from([0xff, 0x0a]));
    socket.end(Buffer.concat([noise, Buffer.from(`${lines[1]}\n`)]));
    const events: Event[] = [];
    const rejected: { file: string; line?: number; reason: string }[] = [];
    for await (const batch of queue) {
      events.push(...batch.events);
      rejected.push(...batch.rejected);
      if (rejected.length >= 101) break;
    }
    expect(events.map((event) => event.raw)).toEqual([lines[1]]);
    expect(rejected).toHaveLength(101);
    expect(rejected[99]).toMatchObject({ line: 100, reason: 'invalid UTF-8 in record' });
    expect(rejected[100]).toMatchObject({
      file: expect.stringContaining('connection 1 from'),
      line: 101,
      reason: '4900 more invalid records (positions 101–5000) not listed one by one',
    });
  });
});
