import { createSocket, type RemoteInfo, type Socket as UdpSocket } from 'node:dgram';
import { type AddressInfo, createServer, type Server, type Socket } from 'node:net';
import type { Event } from '../../core/index.js';
import { decodeRecord } from '../framing/decode-record.js';
import type { FramedItem } from '../framing/framed-item.js';
import type { RecordProcessor } from '../record-processor.js';
import type { Rejection } from '../types.js';
import type { EventQueue } from './event-queue.js';
import { createLiveProcessor, type LiveFormatOptions } from './live-processor.js';
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
  /** Longest accepted message on TCP (default 64 KiB); UDP datagrams are bounded by the protocol. */
  maxMessageBytes?: number;
}

export interface SyslogListenerStatistics {
  messages: number;
  /** UDP datagrams dropped because the queue was full (UDP cannot slow its sender). */
  droppedDatagrams: number;
  connections: number;
}

export interface SyslogListener {
  readonly udpAddress: AddressInfo | undefined;
  readonly tcpAddress: AddressInfo | undefined;
  readonly statistics: SyslogListenerStatistics;
  close(): Promise<void>;
}

/** Numbers a transport's messages from 1 and turns them into events or rejections. */
class MessageSink {
  private sequence = 0;

  constructor(private readonly processor: RecordProcessor) {}

  process(items: FramedItem[], source: string): { events: Event[]; rejected: Rejection[] } {
    const events: Event[] = [];
    const rejected: Rejection[] = [];
    this.processor.setFallbackTime(new Date());
    for (const item of items) {
      this.sequence += 1;
      if (item.type === 'reject') {
        rejected.push({ file: source, line: this.sequence, reason: item.reason });
        continue;
      }
      const output = this.processor.process({ text: item.record.text, line: this.sequence });
      if (output?.type === 'event') events.push(output.event);
      else if (output) rejected.push(output.rejection);
    }
    return { events, rejected };
  }
}

function sourceName(protocol: 'udp' | 'tcp', address: AddressInfo): string {
  const host = address.family === 'IPv6' ? `[${address.address}]` : address.address;
  return `syslog+${protocol}://${host}:${address.port}`;
}

async function startUdp(
  options: SyslogListenerOptions,
  address: ListenAddress,
  statistics: SyslogListenerStatistics,
): Promise<UdpSocket> {
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
  socket.on('message', (datagram: Buffer, _peer: RemoteInfo) => {
    statistics.messages += 1;
    if (options.queue.full) {
      statistics.droppedDatagrams += 1;
      return;
    }
    let end = datagram.length;
    while (end > 0 && (datagram[end - 1] === 0x0a || datagram[end - 1] === 0x0d || datagram[end - 1] === 0)) end -= 1;
    const item = decodeRecord(datagram.subarray(0, end), 0);
    if (!item) return;
    const { events, rejected } = sink.process([item], source);
    if (!options.queue.offer(events, rejected)) statistics.droppedDatagrams += 1;
  });
  return socket;
}

/** One TCP connection: frames in order; while the queue is full the socket is paused (TCP backpressure). */
function serveConnection(
  socket: Socket,
  options: SyslogListenerOptions,
  sink: MessageSink,
  source: string,
  statistics: SyslogListenerStatistics,
): void {
  const framer = new SyslogStreamFramer(options.maxMessageBytes ?? 64 * 1024);
  let pending: Promise<void> = Promise.resolve();
  const deliver = async (items: FramedItem[]) => {
    if (items.length === 0) return;
    statistics.messages += items.length;
    const { events, rejected } = sink.process(items, source);
    if (events.length === 0 && rejected.length === 0) return;
    try {
      await options.queue.put(events, rejected);
    } catch {
      socket.destroy(); // the queue closed: nothing more will be read
    }
  };
  socket.on('data', (chunk: Buffer) => {
    const items = framer.push(chunk);
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
  const source = sourceName('tcp', server.address() as AddressInfo);
  const sink = new MessageSink(createLiveProcessor(source, 'syslog', options));
  server.on('connection', (socket) => {
    statistics.connections += 1;
    sockets.add(socket);
    socket.on('close', () => sockets.delete(socket));
    serveConnection(socket, options, sink, source, statistics);
  });
  return server;
}

/**
 * Listens for syslog over UDP (one message per datagram) and TCP (RFC 6587 octet counting and
 * newline framing, decided per frame) and puts the events on the queue. A message gives the same
 * event, id included, as the same line read from a file with the same format (default `syslog`);
 * `origin.file` names the listener (`syslog+tcp://0.0.0.0:6514`) and `origin.line` numbers its
 * messages. Backpressure: TCP connections are paused while the queue is full; UDP datagrams that
 * find it full are dropped and counted, since UDP cannot slow its sender.
 */
export async function startSyslogListener(options: SyslogListenerOptions): Promise<SyslogListener> {
  const statistics: SyslogListenerStatistics = { messages: 0, droppedDatagrams: 0, connections: 0 };
  const sockets = new Set<Socket>();
  const udp = options.udp ? await startUdp(options, options.udp, statistics) : undefined;
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
      for (const socket of sockets) socket.destroy();
      await Promise.all([
        udp ? new Promise<void>((resolve) => udp.close(() => resolve())) : undefined,
        tcp ? new Promise<void>((resolve) => tcp.close(() => resolve())) : undefined,
      ]);
    },
  };
}
