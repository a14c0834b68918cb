/**
 * Syslog receiver for `vigil ingest-listener`: TCP (newline-framed) and UDP (one message per
 * datagram). Lines are batched into record chunks and published for the ingest stage, which
 * parses them with the ingest module's syslog format. The edge protects itself:
 * - a line longer than `maxLineBytes` is dropped and counted (TCP: the rest up to the newline too);
 * - a TCP connection idle for `idleTimeoutMs` (slowloris) is closed, and so is one that trickles
 *   a line for longer than `lineTimeoutMs` without ending it; at most `maxConnections`;
 * - when the bus buffer is full, TCP sockets are paused (backpressure); UDP datagrams that
 *   arrive meanwhile are counted as dropped, since UDP cannot be slowed.
 * Each TCP connection is its own source (`syslog:tcp:<peer>:<port>`, lines numbered from 1), UDP
 * one source (`syslog:udp`); the ingest stage rejects a bad line with that position and keeps
 * its neighbours.
 */
import { createSocket, type Socket as UdpSocket } from 'node:dgram';
import { createServer, type Server, type Socket } from 'node:net';
import type { EventBus } from '../bus/index.js';
import { type RecordChunk, topics } from './topics.js';

export interface SyslogListenerOptions {
  bus: EventBus;
  host?: string;
  /** TCP port (0 for any free one); undefined: no TCP. */
  tcpPort?: number | undefined;
  udpPort?: number | undefined;
  /** Default 64 KiB. */
  maxLineBytes?: number;
  /** Default 30,000 ms. */
  idleTimeoutMs?: number;
  /** Longest time one line may take to arrive on TCP. Default 10,000 ms. */
  lineTimeoutMs?: number;
  /** Default 1,000. */
  maxConnections?: number;
  /** Lines per published chunk. Default 500. */
  chunkLines?: number;
  /** Longest wait before a partial chunk is published. Default 200 ms. */
  flushMs?: number;
}

export interface SyslogCounters {
  received: number;
  published: number;
  oversized: number;
  dropped: number;
  closedIdle: number;
  /** TCP connections closed because a line took longer than `lineTimeoutMs`. */
  closedSlow: number;
}

export interface SyslogListener {
  tcpPort: number | undefined;
  udpPort: number | undefined;
  counters: SyslogCounters;
  close(): Promise<void>;
}

export async function startSyslogListener(options: SyslogListenerOptions): Promise<SyslogListener> {
  const host = options.host ?? '127.0.0.1';
  const maxLineBytes = options.maxLineBytes ?? 65_536;
  const chunkLines = options.chunkLines ?? 500;
  const counters: SyslogCounters = {
    received: 0,
    published: 0,
    oversized: 0,
    dropped: 0,
    closedIdle: 0,
    closedSlow: 0,
  };
  const lineTimeoutMs = options.lineTimeoutMs ?? 10_000;
  const pending = new Map<string, string[]>();
  const nextLine = new Map<string, number>();
  const paused = new Set<Socket>();
  let publishing = Promise.resolve();
  let backlog = 0;

  const publish = (source: string) => {
    const lines = pending.get(source) ?? [];
    if (lines.length === 0) return;
    pending.set(source, []);
    const firstLine = nextLine.get(source) ?? 1;
    nextLine.set(source, firstLine + lines.length);
    const chunk: RecordChunk = { source, firstLine, format: 'syslog', text: `${lines.join('\n')}\n` };
    backlog += lines.length;
    publishing = publishing.then(async () => {
      await options.bus.publish(topics.records, [{ key: source, payload: chunk }]).catch(() => {
        counters.dropped += lines.length;
      });
      counters.published += lines.length;
      backlog -= lines.length;
      if (backlog < chunkLines * 4) for (const socket of paused) socket.resume();
      paused.clear();
    });
  };
  const accept = (source: string, line: string, socket?: Socket) => {
    if (line.length === 0) return;
    counters.received++;
    const lines = pending.get(source) ?? [];
    lines.push(line);
    pending.set(source, lines);
    if (lines.length >= chunkLines) publish(source);
    if (socket && backlog >= chunkLines * 4) {
      socket.pause();
      paused.add(socket);
    }
  };
  const timer = setInterval(() => {
    for (const source of pending.keys()) publish(source);
  }, options.flushMs ?? 200);

  let tcp: Server | undefined;
  const sockets = new Set<Socket>();
  if (options.tcpPort !== undefined) {
    tcp = createServer((socket) => {
      sockets.add(socket);
      // One source per connection, so a rejected line is named by connection and line within it.
      const source = `syslog:tcp:${socket.remoteAddress}:${socket.remotePort}`;
      socket.on('close', () => {
        sockets.delete(socket);
        publish(source);
        pending.delete(source);
        nextLine.delete(source);
      });
      socket.setTimeout(options.idleTimeoutMs ?? 30_000, () => {
        counters.closedIdle++;
        socket.destroy();
      });
      let partial = '';
      let partialSince = 0;
      let discarding = false;
      socket.setEncoding('utf8');
      socket.on('data', (data: string) => {
        const parts = (partial + data).split('\n');
        const hadPartial = partial !== '' || discarding;
        partial = parts.pop() ?? '';
        if (parts.length > 0 || !hadPartial) partialSince = Date.now();
        else if (Date.now() - partialSince > lineTimeoutMs) {
          counters.closedSlow++;
          socket.destroy();
          return;
        }
        for (const part of parts) {
          if (discarding || Buffer.byteLength(part) > maxLineBytes) counters.oversized++;
          else accept(source, part.replace(/\r$/, ''), socket);
          discarding = false;
        }
        if (Buffer.byteLength(partial) > maxLineBytes) {
          partial = '';
          discarding = true;
        }
      });
      socket.on('error', () => socket.destroy());
    });
    tcp.maxConnections = options.maxConnections ?? 1_000;
    await new Promise<void>((resolve) => tcp!.listen(options.tcpPort, host, resolve));
  }
  let udp: UdpSocket | undefined;
  if (options.udpPort !== undefined) {
    udp = createSocket('udp4');
    udp.on('message', (message) => {
      if (message.length > maxLineBytes) counters.oversized++;
      else if (backlog >= chunkLines * 20) counters.dropped++;
      else for (const line of message.toString('utf8').split('\n')) accept('syslog:udp', line.replace(/\r$/, ''));
    });
    await new Promise<void>((resolve) => udp!.bind(options.udpPort, host, resolve));
  }
  const tcpAddress = tcp?.address();
  return {
    tcpPort: typeof tcpAddress === 'object' && tcpAddress ? tcpAddress.port : undefined,
    udpPort: udp?.address().port,
    counters,
    async close() {
      clearInterval(timer);
      const closed = new Promise<void>((resolve) => (tcp ? tcp.close(() => resolve()) : resolve()));
      for (const socket of sockets) socket.end();
      await closed;
      udp?.close();
      for (const source of pending.keys()) publish(source);
      await publishing;
    },
  };
}
