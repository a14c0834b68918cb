import { createSocket, type RemoteInfo, type Socket as UdpSocket } from 'node:dgram';
import { type AddressInfo, createServer, type Server, type Socket } from 'node:net';
import type { Event } from '../../core/index.js';
import { decodeRecord } from '../framing/decode-record.js';
import type { FramedItem } from '../framing/framed-item.js';
import type { RecordProcessor } from '../record-processor.js';
import type { Rejection } from '../types.js';
import { BoundedRejections } from './bounded-rejections.js';
import type { EventQueue } from './event-queue.js';
import { createLiveProcessor, type LiveFormatOptions } from './live-processor.js';
import { SenderRejections } from './sender-rejections.js';
import { SyslogStreamFramer } from './syslog-stream-framer.js';

export interface ListenAddress {
  port: number;
  /** Default `0.0.0.0`. */
  host?: string;
}

export interface SyslogListenerOptions extends LiveFormatOptions {
  /** Where events go; a full queue pauses TCP senders and drops UDP datagrams (counted). */
  queue: EventQueue;
  udp?: ListenAddress;
  tcp?: ListenAddress;
  /** Longest accepted message (default 64 KiB), on TCP and UDP. */
  maxMessageBytes?: number;
  /** A TCP connection that sends nothing for this long is closed (default 30 s). */
  idleTimeoutMs?: number;
  /** A TCP connection that takes longer than this to finish one message is closed (default 10 s). */
  frameTimeoutMs?: number;
  /** Most TCP connections at once (default 1000); more are refused by the kernel's backlog. */
  maxConnections?: number;
  /** Rejections of one TCP connection recorded one by one (default 100); the rest as one counted row at its close. */
  maxRejectionsPerConnection?: number;
  /**
   * Rejections of one UDP sender address recorded one by one per window (default 100); the rest as
   * one counted row per sender at the end of the window. Default window 60 s.
   */
  maxRejectionsPerSender?: number;
  senderWindowMs?: number;
}

export interface SyslogListenerStatistics {
  messages: number;
  /** UDP datagrams dropped because the queue was full (UDP cannot slow its sender). */
  droppedDatagrams: number;
  connections: number;
  /** TCP connections closed for sending nothing (idle) or for holding one message open too long (slow). */
  closedIdle: number;
  closedSlow: number;
}

export interface SyslogListener {
  readonly udpAddress: AddressInfo | undefined;
  readonly tcpAddress: AddressInfo | undefined;
  readonly statistics: SyslogListenerStatistics;
  close(): Promise<void>;
}

/**
 * Numbers a listener's messages from 1 (the events' `origin.line`) and turns them into events or
 * rejections. A rejection is named by where the sender can find it: `position` is the
 * connection (or datagram peer) as `file` and the frame within it (the datagram number) as `line`.
 */
class MessageSink {
  private sequence = 0;

  constructor(private readonly processor: RecordProcessor) {}

  process(items: FramedItem[], position: { file: string }): { events: Event[]; rejected: Rejection[] } {
    const events: Event[] = [];
    const rejected: Rejection[] = [];
    this.processor.setFallbackTime(new Date());
    for (const item of items) {
      this.sequence += 1;
      if (item.type === 'reject') {
        rejected.push({ file: position.file, line: item.line, reason: item.reason });
        continue;
      }
      const output = this.processor.process({ text: item.record.text, line: this.sequence });
      if (output?.type === 'event') events.push(output.event);
      else if (output) rejected.push({ file: position.file, line: item.record.line, reason: output.rejection.reason });
    }
    return { events, rejected };
  }
}

function peerOf(address: string | undefined, port: number | undefined): string {
  return address?.includes(':') ? `[${address}]:${port}` : `${address}:${port}`;
}

function sourceName(protocol: 'udp' | 'tcp', address: AddressInfo): string {
  const host = address.family === 'IPv6' ? `[${address.address}]` : address.address;
  return `syslog+${protocol}://${host}:${address.port}`;
}

async function startUdp(
  options: SyslogListenerOptions,
  address: ListenAddress,
  statistics: SyslogListenerStatistics,
): Promise<{ socket: UdpSocket; flush: () => void }> {
  const socket = createSocket({ type: address.host?.includes(':') ? 'udp6' : 'udp4' });
  await new Promise<void>((resolve, reject) => {
    socket.once('error', reject);
    socket.bind(address.port, address.host ?? '0.0.0.0', () => {
      socket.off('error', reject);
      resolve();
    });
  });
  const source = sourceName('udp', socket.address());
  const sink = new MessageSink(createLiveProcessor(source, 'syslog', options));
  const maxMessageBytes = options.maxMessageBytes ?? 64 * 1024;
  const senders = new SenderRejections(source, { maxPerSender: options.maxRejectionsPerSender ?? 100 });
  // Counted rows the queue had no room for wait for the next window; they are never dropped.
  let unsent: Rejection[] = [];
  const flush = () => {
    const rows = [...unsent, ...senders.flush()];
    unsent = rows.length > 0 && !options.queue.offer([], rows) ? rows : [];
  };
  const window = setInterval(flush, options.senderWindowMs ?? 60_000);
  window.unref();
  socket.once('close', () => clearInterval(window));
  let datagrams = 0;
  socket.on('message', (datagram: Buffer, peer: RemoteInfo) => {
    statistics.messages += 1;
    datagrams += 1;
    if (options.queue.full) {
      statistics.droppedDatagrams += 1;
      return;
    }
    const item = datagramItem(datagram, datagrams, maxMessageBytes);
    if (!item) return;
    const position = { file: `${source} datagram from ${peerOf(peer.address, peer.port)}` };
    const { events, rejected } = sink.process([item], position);
    const listed = senders.admit(peer.address, rejected);
    if (events.length === 0 && listed.length === 0) return;
    if (!options.queue.offer(events, listed)) statistics.droppedDatagrams += 1;
  });
  return { socket, flush };
}

/**
 * One datagram as one message (trailing LF, CR and NUL trimmed, as senders add them); a datagram
 * of nothing but those is noise when blank, rejected when it held NUL bytes.
 */
function datagramItem(datagram: Buffer, number: number, maxMessageBytes: number): FramedItem | undefined {
  if (datagram.length > maxMessageBytes)
    return { type: 'reject', line: number, reason: `syslog message longer than ${maxMessageBytes} bytes` };
  let end = datagram.length;
  let nul = false;
  while (end > 0 && (datagram[end - 1] === 0x0a || datagram[end - 1] === 0x0d || datagram[end - 1] === 0)) {
    nul ||= datagram[end - 1] === 0;
    end -= 1;
  }
  if (end === 0)
    return nul ? { type: 'reject', line: number, reason: 'binary content (NUL bytes only) in datagram' } : undefined;
  return decodeRecord(datagram.subarray(0, end), number);
}

/**
 * One TCP connection: frames in order; while the queue is full the socket is paused (TCP
 * backpressure). Slow senders are closed: idle for `idleTimeoutMs`, or one message open for
 * longer than `frameTimeoutMs` (slowloris); the message left open is rejected with its position.
 */
function serveConnection(
  socket: Socket,
  options: SyslogListenerOptions,
  sink: MessageSink,
  position: { file: string },
  statistics: SyslogListenerStatistics,
): void {
  const framer = new SyslogStreamFramer(options.maxMessageBytes ?? 64 * 1024);
  const frameTimeoutMs = options.frameTimeoutMs ?? 10_000;
  let frameSince: number | undefined;
  let pending: Promise<void> = Promise.resolve();
  const bounded = new BoundedRejections(position.file, options.maxRejectionsPerConnection ?? 100);
  const deliver = async (items: FramedItem[]) => {
    if (items.length === 0) return;
    statistics.messages += items.length;
    const processed = sink.process(items, position);
    const { events } = processed;
    const rejected = processed.rejected.flatMap(
      (rejection) => bounded.admit(rejection.line ?? 0, rejection.reason) ?? [],
    );
    if (events.length === 0 && rejected.length === 0) return;
    try {
      await options.queue.put(events, rejected);
    } catch {
      socket.destroy(); // the queue closed: nothing more will be read
    }
  };
  const closeSlow = (reason: string, counter: 'closedIdle' | 'closedSlow') => {
    statistics[counter] += 1;
    const items: FramedItem[] = framer.inFrame ? [{ type: 'reject', line: framer.position, reason }] : [];
    pending = pending.then(() => deliver(items));
    socket.destroy();
  };
  socket.setTimeout(options.idleTimeoutMs ?? 30_000, () => {
    if (socket.isPaused()) return; // waiting for the consumer (backpressure), not for the sender
    closeSlow(`connection idle for ${options.idleTimeoutMs ?? 30_000} ms inside a syslog frame`, 'closedIdle');
  });
  socket.on('data', (chunk: Buffer) => {
    const items = framer.push(chunk);
    if (!framer.inFrame) frameSince = undefined;
    else if (frameSince === undefined || items.length > 0) frameSince = Date.now();
    else if (Date.now() - frameSince > frameTimeoutMs) {
      pending = pending.then(() => deliver(items));
      closeSlow(`syslog frame not finished within ${frameTimeoutMs} ms`, 'closedSlow');
      return;
    }
    socket.pause();
    pending = pending
      .then(() => deliver(items))
      .then(() => {
        if (!socket.destroyed) socket.resume();
      });
  });
  socket.on('end', () => {
    pending = pending.then(() => deliver(framer.end()));
  });
  socket.on('close', () => {
    pending = pending.then(async () => {
      const summary = bounded.summary();
      if (summary) await options.queue.put([], [summary]).catch(() => undefined);
    });
  });
  socket.on('error', () => socket.destroy());
}

async function startTcp(
  options: SyslogListenerOptions,
  address: ListenAddress,
  statistics: SyslogListenerStatistics,
  sockets: Set<Socket>,
): Promise<Server> {
  const server = createServer();
  await new Promise<void>((resolve, reject) => {
    server.once('error', reject);
    server.listen(address.port, address.host ?? '0.0.0.0', () => {
      server.off('error', reject);
      resolve();
    });
  });
  server.maxConnections = options.maxConnections ?? 1000;
  const source = sourceName('tcp', server.address() as AddressInfo);
  const sink = new MessageSink(createLiveProcessor(source, 'syslog', options));
  server.on('connection', (socket) => {
    statistics.connections += 1;
    sockets.add(socket);
    socket.on('close', () => sockets.delete(socket));
    const peer = peerOf(socket.remoteAddress, socket.remotePort);
    const position = { file: `${source} connection ${statistics.connections} from ${peer}` };
    serveConnection(socket, options, sink, position, statistics);
  });
  return server;
}

/**
 * Listens for syslog over UDP (one message per datagram) and TCP (RFC 6587 octet counting and
 * newline framing, decided per frame) and puts the events on the queue. A message gives the same
 * event, id included, as the same line read from a file with the same format (default `syslog`);
 * `origin.file` names the listener (`syslog+tcp://0.0.0.0:6514`) and `origin.line` numbers its
 * messages. A bad message (binary, invalid UTF-8, too long, left unfinished) is rejected alone,
 * named by its connection (`… connection 3 from 192.0.2.1:50000`, frame number as `line`) or its
 * datagram (peer, datagram number); the messages around it are kept. Rejections are bounded:
 * per TCP connection, and per UDP sender address and minute (`SenderRejections`), the first 100 are
 * listed and the rest stored as one counted row. Backpressure: TCP connections are paused while the queue is full; UDP datagrams that
 * find it full are dropped and counted, since UDP cannot slow its sender.
 */
export async function startSyslogListener(options: SyslogListenerOptions): Promise<SyslogListener> {
  const statistics: SyslogListenerStatistics = {
    messages: 0,
    droppedDatagrams: 0,
    connections: 0,
    closedIdle: 0,
    closedSlow: 0,
  };
  const sockets = new Set<Socket>();
  const udpListener = options.udp ? await startUdp(options, options.udp, statistics) : undefined;
  const udp = udpListener?.socket;
  let tcp: Server | undefined;
  try {
    tcp = options.tcp ? await startTcp(options, options.tcp, statistics, sockets) : undefined;
  } catch (error) {
    udp?.close();
    throw error;
  }
  return {
    udpAddress: udp?.address(),
    tcpAddress: tcp?.address() as AddressInfo | undefined,
    statistics,
    async close() {
      udpListener?.flush();
      for (const socket of sockets) socket.destroy();
      await Promise.all([
        udp ? new Promise<void>((resolve) => udp.close(() => resolve())) : undefined,
        tcp ? new Promise<void>((resolve) => tcp.close(() => resolve())) : undefined,
      ]);
    },
  };
}
