/**
 * `vigil ingest-listener`: receives syslog (TCP, UDP) and Splunk HEC through the ingest module's
 * listeners (the ones `vigil serve` runs), and publishes their events to the event bus for the
 * ingest workers; also publishes log files given with --files. Bus from --bus or `VIGIL_BUS`;
 * HEC tokens from --hec-token or `VIGIL_HEC_TOKENS` (comma-separated).
 */
import type { Command } from 'commander';
import { openEventBus } from '../../bus/index.js';
import { UsageError } from '../../core/index.js';
import { publishFiles, startHecListener, startSyslogPublisher } from '../../worker/index.js';
import { listenAddressOf } from '../listen-address.js';
import { addInputLimitOptions, collect, type InputLimitFlags, inputLimitsOf } from '../options.js';
import { createOutput } from '../output.js';
import { untilStopSignal } from '../until-stopped.js';

interface ListenerFlags extends InputLimitFlags {
  bus?: string;
  partitions: string;
  host: string;
  syslogTcp?: string;
  syslogUdp?: string;
  maxLineBytes: string;
  idleTimeoutMs: string;
  lineTimeoutMs: string;
  hecPort?: string;
  hecToken?: string[];
  hecAck: boolean;
  files?: string[];
}

const portOf = (text: string | undefined): number | undefined => {
  if (text === undefined) return undefined;
  const port = Number(text);
  if (!Number.isInteger(port) || port < 0 || port > 65_535) throw new UsageError(`bad port ${text}`);
  return port;
};

const positive = (text: string, flag: string): number => {
  const value = Number(text);
  if (!Number.isInteger(value) || value <= 0)
    throw new UsageError(`${flag}: expected a positive whole number, not "${text}"`);
  return value;
};

export function registerIngestListenerCommand(program: Command): void {
  const command = program
    .command('ingest-listener')
    .description('receive syslog (TCP/UDP) and publish it, with any --files, to the event bus')
    .option('--bus <location>', 'event bus: redis://… (default $VIGIL_BUS)')
    .option('--partitions <n>', 'partitions per topic, as for the workers', '8')
    .option('--host <address>', 'address to listen on', '127.0.0.1')
    .option('--syslog-tcp <address>', 'listen for syslog on TCP (RFC 6587 framing): HOST:PORT or a port on --host')
    .option('--syslog-udp <address>', 'listen for syslog datagrams on UDP: HOST:PORT or a port on --host')
    .option(
      '--max-line-bytes <n>',
      'longest accepted syslog message; longer ones are rejected with their position',
      '65536',
    )
    .option('--idle-timeout-ms <n>', 'close TCP connections idle this long', '30000')
    .option('--line-timeout-ms <n>', 'close TCP connections that take longer than this to send one message', '10000')
    .option('--hec-port <port>', 'serve the Splunk HTTP Event Collector API on this port')
    .option(
      '--hec-token <token>',
      'accepted HEC token (repeatable; default $VIGIL_HEC_TOKENS, comma-separated)',
      collect,
    )
    .option('--hec-ack', 'HEC indexer acknowledgement (clients send a channel and poll /ack)', false)
    .option('--files <path>', 'publish these log files, then keep listening (repeatable)', collect);
  addInputLimitOptions(command).action(async (flags: ListenerFlags) => {
    const output = createOutput(false);
    const busLocation = flags.bus ?? process.env.VIGIL_BUS;
    if (!busLocation || busLocation === 'memory')
      throw new UsageError('ingest-listener needs a shared bus: --bus redis://… or VIGIL_BUS');
    const bus = openEventBus(busLocation, { partitions: Number(flags.partitions) || 8 });
    const syslog = await startSyslogPublisher({
      bus,
      tcp: flags.syslogTcp ? listenAddressOf(flags.syslogTcp, flags.host, '--syslog-tcp') : undefined,
      udp: flags.syslogUdp ? listenAddressOf(flags.syslogUdp, flags.host, '--syslog-udp') : undefined,
      maxMessageBytes: positive(flags.maxLineBytes, '--max-line-bytes'),
      idleTimeoutMs: positive(flags.idleTimeoutMs, '--idle-timeout-ms'),
      frameTimeoutMs: positive(flags.lineTimeoutMs, '--line-timeout-ms'),
    });
    const hecPort = portOf(flags.hecPort);
    const hecTokens = flags.hecToken ?? (process.env.VIGIL_HEC_TOKENS ?? '').split(',').filter(Boolean);
    if (hecPort !== undefined && hecTokens.length === 0)
      throw new UsageError('HEC needs at least one token: --hec-token TOKEN or VIGIL_HEC_TOKENS');
    const hec =
      hecPort === undefined
        ? undefined
        : await startHecListener({
            bus,
            host: flags.host,
            port: hecPort,
            tokens: hecTokens,
            acknowledgements: flags.hecAck,
          });
    output.warn(
      `vigil ingest-listener: syslog tcp ${syslog.listener.tcpAddress?.port ?? '-'} udp ${syslog.listener.udpAddress?.port ?? '-'}, HEC ${hec?.port ?? '-'}`,
    );
    if (flags.files && flags.files.length > 0) {
      const published = await publishFiles(bus, flags.files, { limits: inputLimitsOf(flags) });
      output.warn(`vigil ingest-listener: published ${published.lines} lines in ${published.chunks} chunks`);
      for (const failure of published.failures)
        output.warn(`vigil ingest-listener: ${failure.file}: ${failure.reason}`);
    }
    await untilStopSignal();
    await syslog.close();
    await hec?.close();
    const counters = { ...syslog.listener.statistics, ...syslog.pump.counters };
    output.warn(
      `vigil ingest-listener: syslog ${JSON.stringify(counters)}${hec ? `, HEC ${JSON.stringify(hec.pump.counters)}` : ''}`,
    );
    await bus.close();
  });
}
