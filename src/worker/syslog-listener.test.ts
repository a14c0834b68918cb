import { createSocket } from 'node:dgram';
import { connect } from 'node:net';
import { afterEach, describe, expect, it } from 'vitest';
import { type Delivery, MemoryBus } from '../bus/index.js';
import { parseChunk } from './stages/ingest-stage.js';
import { type SyslogListener, startSyslogListener } from './syslog-listener.js';
import { type RecordChunk, topics } from './topics.js';

const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));

describe('syslog listener at the edge', () => {
  let listener: SyslogListener | undefined;
  afterEach(async () => listener?.close());

  async function started(options: { idleTimeoutMs?: number; maxLineBytes?: number; lineTimeoutMs?: number } = {}) {
    const bus = new MemoryBus({ partitions: 2 });
    const chunks: RecordChunk[] = [];
    bus.subscribe(
      { topic: topics.records, group: 'test', consumer: 'test' },
      {
        handle: async (_partition, deliveries: readonly Delivery[]) =>
          void chunks.push(...deliveries.map((item) => item.payload as RecordChunk)),
      },
    );
    listener = await startSyslogListener({ bus, tcpPort: 0, udpPort: 0, flushMs: 20, ...options });
    return { chunks, listener };
  }

  it('publishes TCP and UDP lines as chunks the ingest stage parses', async () => {
    const { chunks, listener: running } = await started();
    const socket = connect(running.tcpPort!, '127.0.0.1');
    await new Promise((resolve) => socket.on('connect', resolve));
    socket.write(
      "<34>Oct 11 22:14:15 mymachine su: 'su root' failed for lonvick on /dev/pts/8\n<13>Feb  5 17:32:18 10.0.0.99 sshd[1]: Accepted password for alice from 203.0.113.9 port 22 ssh2\n",
    );
    socket.end();
    const udp = createSocket('udp4');
    await new Promise<void>((resolve) =>
      udp.send('<13>Feb  5 17:32:19 web1 nginx: GET /', running.udpPort!, '127.0.0.1', () => resolve()),
    );
    udp.close();
    await sleep(150);
    const lines = chunks.flatMap((chunk) => chunk.text.trim().split('\n'));
    expect(lines).toHaveLength(3);
    const parsed = await Promise.all(chunks.map((chunk) => parseChunk(chunk)));
    expect(
      parsed
        .flatMap((result) => result.events)
        .map((event) => (event.origin.file ?? '').replace(/:\d+$/, ':port'))
        .sort(),
    ).toEqual(['syslog:tcp:127.0.0.1:port', 'syslog:tcp:127.0.0.1:port', 'syslog:udp']);
  });

  it('keeps all 20 UDP and 40 TCP good lines after an 8 KiB NUL record first in the batch, rejecting it with its position', async () => {
    const { chunks, listener: running } = await started();
    const good = (index: number) =>
      `<13>Feb  5 17:32:18 host${index} sshd[1]: Accepted password for u${index} from 203.0.113.9 port 22`;
    const nul = Buffer.alloc(8192, 0);
    const udp = createSocket('udp4');
    const send = (payload: Buffer | string) =>
      new Promise<void>((resolve) => udp.send(payload, running.udpPort!, '127.0.0.1', () => resolve()));
    await send(nul);
    for (let index = 0; index < 20; index += 1) await send(good(index));
    udp.close();
    for (const connection of [0, 1]) {
      const socket = connect(running.tcpPort!, '127.0.0.1');
      await new Promise((resolve) => socket.on('connect', resolve));
      socket.write(Buffer.concat([nul, Buffer.from('\n')]));
      for (let index = 0; index < 20; index += 1) socket.write(`${good(100 * (connection + 1) + index)}\n`);
      await new Promise<void>((resolve) => socket.end(resolve));
    }
    await sleep(300);
    const parsed = await Promise.all(chunks.map((chunk) => parseChunk(chunk)));
    const events = parsed.flatMap((result) => result.events);
    const rejected = parsed.flatMap((result) => result.rejected);
    expect(events.filter((event) => event.origin.file === 'syslog:udp')).toHaveLength(20);
    expect(events.filter((event) => event.origin.file?.startsWith('syslog:tcp:'))).toHaveLength(40);
    expect(rejected).toHaveLength(3);
    for (const rejection of rejected)
      expect(rejection).toMatchObject({ line: 1, reason: 'binary content (NUL byte) in record' });
    expect(new Set(rejected.map((rejection) => rejection.file)).size).toBe(3);
  });

  it('drops oversized lines, survives binary garbage, and closes idle (slowloris) connections', async () => {
    const { chunks, listener: running } = await started({ idleTimeoutMs: 100, maxLineBytes: 1_000 });
    const noisy = connect(running.tcpPort!, '127.0.0.1');
    await new Promise((resolve) => noisy.on('connect', resolve));
    noisy.write(`${'A'.repeat(5_000)}\n`);
    noisy.write(Buffer.from([0, 255, 254, 10, 1, 2, 3, 10]));
    noisy.write('<13>Feb  5 17:32:18 host1 app: still fine\n');
    noisy.end();
    const slow = connect(running.tcpPort!, '127.0.0.1');
    let closedByServer = false;
    slow.on('close', () => {
      closedByServer = true;
    });
    slow.write('<13>Feb  5 17:32:18 host1 app: half a li');
    await sleep(400);
    expect(closedByServer).toBe(true);
    expect(running.counters.closedIdle).toBe(1);
    expect(running.counters.oversized).toBe(1);
    const text = chunks.map((chunk) => chunk.text).join('');
    expect(text).toContain('still fine');
    const parsed = await Promise.all(chunks.map((chunk) => parseChunk(chunk)));
    expect(parsed.flatMap((result) => result.events).some((event) => event.raw.includes('still fine'))).toBe(true);
  });

  it('closes a connection that trickles one line forever (slowloris under the idle timeout), keeping the others', async () => {
    const { chunks, listener: running } = await started({ idleTimeoutMs: 1_000, lineTimeoutMs: 300 });
    const trickler = connect(running.tcpPort!, '127.0.0.1');
    let closedByServer = false;
    trickler.on('close', () => {
      closedByServer = true;
    });
    trickler.on('error', () => {});
    const honest = connect(running.tcpPort!, '127.0.0.1');
    for (let tick = 0; tick < 10 && !closedByServer; tick++) {
      trickler.write('x');
      honest.write(`<13>Feb  5 17:32:18 host1 app: line ${tick}\n`);
      await sleep(80);
    }
    await sleep(50);
    expect(closedByServer).toBe(true);
    expect(running.counters.closedSlow).toBe(1);
    expect(running.counters.closedIdle).toBe(0);
    honest.end();
    await sleep(100);
    expect(chunks.map((chunk) => chunk.text).join('')).toContain('line 4');
  });
});
