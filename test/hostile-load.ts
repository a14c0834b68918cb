/**
 * Hostile load on a running `vigil serve` (the compiled CLI, as an operator starts it), shared by
 * `test/serve-hostile-load.test.ts` (which asserts what must hold) and
 * `bench/hostile-load.bench.ts` (which reports the /health latencies). Every attack goes to the
 * Splunk HEC endpoint of the same process that answers `/health`:
 * - bodies over the 16 MiB limit, a gzip bomb (80 MiB of zeros, over the 64 MiB decompressed limit), binary noise with NUL bytes;
 * - envelopes nested 100,000 levels deep, alone and between two good events of one request;
 * - slowloris: connections that send a header line now and then and never finish, and requests
 *   whose body stops short of its Content-Length;
 * - wrong tokens, which the rate limiter must not let starve the right one.
 * With `syslog: true` the server also listens for syslog, and `floodSyslog` sends, mixed with good
 * lines: 8 KiB NUL datagrams, invalid UTF-8 (datagrams and TCP lines), lines over the 64 KiB limit,
 * octet-counted frames announcing more than the limit, slowloris TCP senders that hold a frame
 * open, and many short connections.
 * Good events, each with a unique marker, are sent around the bad ones; `/health` is polled the
 * whole time.
 */
import { type ChildProcess, spawn } from 'node:child_process';
import { createSocket } from 'node:dgram';
import { mkdirSync } from 'node:fs';
import { connect, type Socket } from 'node:net';
import { join } from 'node:path';
import { gzipSync } from 'node:zlib';
import { repositoryRoot } from './shared-data.js';

export interface RunningServe {
  url: string;
  /** The syslog listener's bound ports, when started with `syslog: true`. */
  syslog?: { udp: number; tcp: number };
  adminToken: string;
  hecToken: string;
  process: ChildProcess;
  output(): string;
  /** SIGTERM, then SIGKILL after 10 s; resolves with the exit code (null when it had to be killed). */
  stop(): Promise<number | null>;
}

/**
 * Starts `node bin/vigil.js serve` on a free port with HEC on; resolves once it listens. `root`:
 * the checkout whose compiled CLI runs (default this one; the bench compares against another);
 * `syslog`: listen for syslog on free UDP and TCP ports; `extraArguments`: more `serve` flags.
 */
export async function startServe(
  home: string,
  options: { timeoutMs?: number; root?: string; syslog?: boolean; extraArguments?: readonly string[] } = {},
): Promise<RunningServe> {
  const rules = join(home, 'rules-empty');
  mkdirSync(rules, { recursive: true });
  const hecToken = 'hec-hostile-load-token';
  const child = spawn(
    process.execPath,
    [
      join(options.root ?? repositoryRoot, 'bin', 'vigil.js'),
      'serve',
      '--port',
      '0',
      '--no-build',
      '--no-respond',
      '--hec-token',
      hecToken,
      '--rules',
      rules,
      '--db',
      join(home, 'vigil.db'),
      ...(options.syslog ? ['--syslog-udp', '127.0.0.1:0', '--syslog-tcp', '127.0.0.1:0'] : []),
      ...(options.extraArguments ?? []),
    ],
    {
      cwd: options.root ?? repositoryRoot,
      env: { ...process.env, VIGIL_HOME: home, NO_COLOR: '1' },
      stdio: ['ignore', 'pipe', 'pipe'],
    },
  );
  let text = '';
  child.stdout?.on('data', (chunk: Buffer) => {
    text += chunk.toString('utf8');
  });
  child.stderr?.on('data', (chunk: Buffer) => {
    text += chunk.toString('utf8');
  });
  const started = Date.now();
  while (!/Admin token[^:]*: (\S+)/.test(text) || !/Vigil console: (http:\/\/\S+?)\//.test(text)) {
    if (child.exitCode !== null) throw new Error(`vigil serve exited ${child.exitCode}: ${text}`);
    if (Date.now() - started > (options.timeoutMs ?? 60_000)) {
      child.kill('SIGKILL');
      throw new Error(`vigil serve did not start: ${text}`);
    }
    await sleep(100);
  }
  const url = (/Vigil console: (http:\/\/\S+?)\//.exec(text)?.[1] ?? '').replace('0.0.0.0', '127.0.0.1');
  const syslog = /Syslog: udp [^ ]+:(\d+) tcp [^ ]+:(\d+)/.exec(text);
  return {
    url,
    ...(syslog ? { syslog: { udp: Number(syslog[1]), tcp: Number(syslog[2]) } } : {}),
    adminToken: /Admin token[^:]*: (\S+)/.exec(text)?.[1] as string,
    hecToken,
    process: child,
    output: () => text,
    stop: async () => {
      if (child.exitCode !== null) return child.exitCode;
      const exited = new Promise<number | null>((resolve) => child.once('exit', (code) => resolve(code)));
      child.kill('SIGTERM');
      const timer = setTimeout(() => child.kill('SIGKILL'), 10_000);
      const code = await exited;
      clearTimeout(timer);
      return code;
    },
  };
}

export const sleep = (milliseconds: number) => new Promise((resolve) => setTimeout(resolve, milliseconds));

/**
 * Polls `/health` every `everyMs` from a separate process (so the flood this process sends does
 * not delay the measurement) until stopped; each answer's latency in ms, or `timeoutMs + 1` for none.
 */
export function pollHealth(url: string, options: { everyMs?: number; timeoutMs?: number } = {}) {
  const timeoutMs = options.timeoutMs ?? 10_000;
  const script = `
    const [url, every, timeout] = process.argv.slice(1);
    const latencies = [], failures = [];
    let running = true;
    process.stdin.on('data', () => { running = false; });
    (async () => {
      while (running) {
        const started = performance.now();
        try {
          const response = await fetch(url + '/health', { signal: AbortSignal.timeout(Number(timeout)) });
          await response.text();
          if (response.status !== 200) failures.push('status ' + response.status);
          latencies.push(performance.now() - started);
        } catch (error) {
          failures.push(error.message);
          latencies.push(Number(timeout) + 1);
        }
        await new Promise((resolve) => setTimeout(resolve, Number(every)));
      }
      process.stdout.write(JSON.stringify({ latencies, failures }));
      process.exit(0);
    })();`;
  const child = spawn(process.execPath, ['-e', script, url, String(options.everyMs ?? 200), String(timeoutMs)], {
    stdio: ['pipe', 'pipe', 'inherit'],
  });
  let text = '';
  child.stdout?.on('data', (chunk: Buffer) => {
    text += chunk.toString('utf8');
  });
  const latencies: number[] = [];
  const failures: string[] = [];
  return {
    latencies,
    failures,
    stop: async () => {
      const exited = new Promise((resolve) => child.once('exit', resolve));
      child.stdin?.write('stop\n');
      await exited;
      const result = JSON.parse(text || '{"latencies":[],"failures":["the poller printed nothing"]}') as {
        latencies: number[];
        failures: string[];
      };
      latencies.push(...result.latencies);
      failures.push(...result.failures);
    },
  };
}

const goodLine = (marker: string) =>
  `<38>Mar  2 10:00:01 web1 sshd[2211]: Failed password for ${marker} from 203.0.113.9 port 22 ssh2`;
const envelope = (marker: string) => JSON.stringify({ event: goodLine(marker), sourcetype: 'syslog', host: 'web1' });

export interface FloodResult {
  /** Markers of the good events the server accepted (each must end up stored). */
  goodMarkers: string[];
  /** Status of each hostile request (or the error), for the record. */
  hostile: Record<string, string[]>;
}

/** Sends `rounds` rounds of good and hostile requests at once, plus the slow connections. */
export async function floodHec(serve: RunningServe, rounds: number): Promise<FloodResult> {
  const endpoint = `${serve.url}/services/collector/event`;
  const authorised = { authorization: `Splunk ${serve.hecToken}` };
  const hostile: Record<string, string[]> = {};
  const note = (name: string, value: string) => {
    hostile[name] = [...(hostile[name] ?? []), value];
  };
  const post = async (name: string, body: Buffer | string, headers: Record<string, string> = {}) => {
    try {
      const response = await fetch(endpoint, {
        method: 'POST',
        headers: { ...authorised, ...headers },
        body,
        signal: AbortSignal.timeout(60_000),
      });
      const text = await response.text();
      note(name, `${response.status} ${text.slice(0, 120)}`);
      return response.status;
    } catch (error) {
      note(name, (error as Error).message);
      return 0;
    }
  };
  const goodMarkers: string[] = [];
  const deep = `{"event":${'['.repeat(100_000)}${']'.repeat(100_000)}}`;
  const oversized = Buffer.alloc(17 * 1024 * 1024, 'a');
  const bomb = gzipSync(Buffer.alloc(80 * 1024 * 1024));
  const noise = Buffer.from(Array.from({ length: 1 << 20 }, (_, index) => (index * 7919 + 13) % 256));
  const slow = slowConnections(serve.url, 40);
  for (let round = 0; round < rounds; round++) {
    const alone = `good-alone-${round}`;
    const before = `good-before-${round}`;
    const after = `good-after-${round}`;
    const requests: Promise<unknown>[] = [
      post('good', envelope(alone)).then((status) => status === 200 && goodMarkers.push(alone)),
      post('good around a deep one', `${envelope(before)}${deep}${envelope(after)}`).then(() => {
        goodMarkers.push(before, after);
      }),
      post('deep', deep),
      post('oversized', oversized),
      post('gzip bomb', bomb, { 'content-encoding': 'gzip' }),
      post('binary', noise),
      post('wrong token', envelope('never'), { authorization: 'Splunk wrong' }),
    ];
    await Promise.all(requests);
  }
  await slow.close();
  for (const line of slow.results) note('slowloris', line);
  return { goodMarkers, hostile };
}

/**
 * `count` connections that never finish a request: half send one header line a second, half
 * announce a 1 MiB body and send 10 bytes of it. Closed by `close()`.
 */
function slowConnections(url: string, count: number) {
  const { hostname, port } = new URL(url);
  const sockets: Socket[] = [];
  const results: string[] = [];
  const timers: NodeJS.Timeout[] = [];
  for (let index = 0; index < count; index++) {
    const socket = connect({ host: hostname, port: Number(port) });
    socket.on('error', (error) => results.push(`error ${error.message}`));
    socket.on('close', () => results.push('closed'));
    socket.on('connect', () => {
      if (index % 2 === 0) {
        socket.write(`POST /services/collector/event HTTP/1.1\r\nHost: ${hostname}\r\n`);
        timers.push(setInterval(() => socket.writable && socket.write(`X-Slow-${index}: 1\r\n`), 1000));
      } else
        socket.write(
          `POST /services/collector/event HTTP/1.1\r\nHost: ${hostname}\r\nContent-Length: 1048576\r\n\r\n{"event":"`,
        );
    });
    sockets.push(socket);
  }
  return {
    results,
    close: async () => {
      for (const timer of timers) clearInterval(timer);
      for (const socket of sockets) socket.destroy();
      await sleep(50);
    },
  };
}

/**
 * Not hostile: `requests` HEC requests at once of `perRequest` good envelopes each (sshd failures
 * from many hosts and users), for the cost of investigating a volume of good events. Returns one
 * marker per request (its first event).
 */
export async function floodGoodVolume(serve: RunningServe, requests: number, perRequest: number): Promise<string[]> {
  const markers: string[] = [];
  await Promise.all(
    Array.from({ length: requests }, async (_, request) => {
      const envelopes: string[] = [];
      for (let index = 0; index < perRequest; index++) {
        const marker = `volume-${request}-${index}`;
        if (index === 0) markers.push(marker);
        const line = goodLine(marker)
          .replace('web1', `web${index % 7}`)
          .replace('203.0.113.9', `203.0.113.${index % 250}`);
        envelopes.push(JSON.stringify({ event: line, sourcetype: 'syslog' }));
      }
      const response = await fetch(`${serve.url}/services/collector/event`, {
        method: 'POST',
        headers: { authorization: `Splunk ${serve.hecToken}` },
        body: envelopes.join('\n'),
        signal: AbortSignal.timeout(120_000),
      });
      await response.text();
    }),
  );
  return markers;
}

export interface SyslogFloodResult {
  /** Markers of the good lines sent (each must end up stored). */
  goodMarkers: string[];
  /** Each bad message sent: where the server must name it (file contains, line) and why. */
  expectedRejections: { file: string; line: number; reason: string }[];
}

/** Sends `rounds` rounds of hostile syslog mixed with good lines over UDP and TCP at once. */
export async function floodSyslog(serve: RunningServe, rounds: number): Promise<SyslogFloodResult> {
  const ports = serve.syslog;
  if (!ports) throw new Error('vigil serve was started without syslog');
  const goodMarkers: string[] = [];
  const expectedRejections: SyslogFloodResult['expectedRejections'] = [];
  const good = (marker: string) => {
    goodMarkers.push(marker);
    return Buffer.from(goodLine(marker).replace('<38>Mar  2', '<38>Mar  3'));
  };
  const invalidUtf8 = Buffer.concat([Buffer.from('<38>Mar  3 10:00:01 web1 app: '), Buffer.from([0xc3, 0x28, 0xff])]);
  const nuls = Buffer.alloc(8 * 1024);
  const slow = await slowSyslogSenders(ports.tcp, 20);
  const udp = createSocket('udp4');
  let datagram = 0;
  const send = (message: Buffer) =>
    new Promise<number>((resolve, reject) => {
      datagram += 1;
      const number = datagram;
      udp.send(message, ports.udp, '127.0.0.1', (error) => (error ? reject(error) : resolve(number)));
    });
  const tcp = async (frames: Buffer[]) => {
    const socket = connect({ host: '127.0.0.1', port: ports.tcp });
    await new Promise<void>((resolve, reject) => socket.once('connect', resolve).once('error', reject));
    const local = `from 127.0.0.1:${socket.localPort}`;
    await new Promise<void>((resolve) => socket.end(Buffer.concat(frames), resolve));
    await new Promise((resolve) => socket.once('close', resolve));
    return local;
  };
  for (let round = 0; round < rounds; round++) {
    // UDP: good datagrams around a NUL one and an invalid UTF-8 one (sent one by one: UDP on a busy
    // host drops what overflows the socket buffer, which is not what this measures)
    for (let index = 0; index < 20; index++) {
      await send(good(`udp-${round}-${index}`));
      if (index === 5) expectedRejections.push({ file: 'datagram from', line: await send(nuls), reason: 'NUL' });
      if (index === 12)
        expectedRejections.push({ file: 'datagram from', line: await send(invalidUtf8), reason: 'UTF-8' });
    }
    // TCP: newline framing with an invalid UTF-8 line, an overlong line and a NUL-trailed line
    const newlineFramed = tcp([
      good(`tcp-${round}-1`),
      Buffer.from('\n'),
      invalidUtf8,
      Buffer.from('\n'),
      good(`tcp-${round}-3`),
      Buffer.from(`\n${'x'.repeat(100 * 1024)}\n`),
      good(`tcp-${round}-5`),
      Buffer.from('\0\n'),
    ]).then((local) => {
      expectedRejections.push(
        { file: local, line: 2, reason: 'UTF-8' },
        { file: local, line: 4, reason: 'longer than' },
      );
    });
    // TCP: octet counting, one frame announcing 1 MiB (over the limit) between good ones
    const counted = (text: Buffer) => Buffer.concat([Buffer.from(`${text.length} `), text]);
    const octetCounted = tcp([
      counted(good(`counted-${round}-1`)),
      Buffer.from(`${1024 * 1024} `),
      Buffer.alloc(1024 * 1024, 'y'),
      counted(good(`counted-${round}-3`)),
    ]).then((local) => expectedRejections.push({ file: local, line: 2, reason: 'longer than' }));
    // many short connections, one good line each
    const many = Array.from({ length: 25 }, (_, index) => tcp([good(`conn-${round}-${index}`), Buffer.from('\n')]));
    await Promise.all([newlineFramed, octetCounted, ...many]);
  }
  udp.close();
  for (const local of await slow.close())
    expectedRejections.push({ file: local, line: 1, reason: 'connection closed inside a syslog frame' });
  return { goodMarkers, expectedRejections };
}

/** `count` TCP senders that start a counted frame and add a byte a second, never ending it, until closed. */
async function slowSyslogSenders(port: number, count: number) {
  const timers: NodeJS.Timeout[] = [];
  const sockets = await Promise.all(
    Array.from({ length: count }, async () => {
      const socket = connect({ host: '127.0.0.1', port });
      socket.on('error', () => undefined);
      await new Promise<void>((resolve) => socket.once('connect', resolve));
      // an octet-counted frame announcing 4000 bytes, of which it sends a few
      socket.write('4000 <38>Mar  3 10:00:01 web1 sshd[1]: never ends ');
      timers.push(setInterval(() => socket.writable && socket.write('.'), 1000));
      return socket;
    }),
  );
  return {
    /** Half-closes each connection (the server sees the frame left open); their local addresses. */
    close: async () => {
      for (const timer of timers) clearInterval(timer);
      const locals = sockets.map((socket) => `from 127.0.0.1:${socket.localPort}`);
      await Promise.all(sockets.map((socket) => new Promise((resolve) => socket.end(() => resolve(undefined)))));
      return locals;
    },
  };
}

/** The server's rejections (oldest first, up to 5000). */
export async function storedRejections(
  serve: RunningServe,
): Promise<{ file: string; line?: number; reason: string }[]> {
  const response = await fetch(`${serve.url}/api/v1/rejections?limit=5000`, {
    headers: { authorization: `Bearer ${serve.adminToken}` },
  });
  return ((await response.json()) as { items: { file: string; line?: number; reason: string }[] }).items;
}

/** Waits until every marker is in a stored event (API search); returns the ones still missing. */
export async function waitForStored(
  serve: RunningServe,
  markers: readonly string[],
  timeoutMs: number,
): Promise<string[]> {
  const started = Date.now();
  let missing = [...markers];
  while (missing.length > 0 && Date.now() - started < timeoutMs) {
    const response = await fetch(`${serve.url}/api/v1/events?limit=1000`, {
      headers: { authorization: `Bearer ${serve.adminToken}` },
    });
    const raws = ((await response.json()) as { items?: { raw: string }[] }).items?.map((event) => event.raw) ?? [];
    missing = missing.filter((marker) => !raws.some((raw) => raw.includes(`for ${marker} from`)));
    if (missing.length > 0) await sleep(500);
  }
  return missing;
}

/**
 * The server's own event-loop delay since the previous call (`vigil_event_loop_delay_seconds` on
 * `/metrics`, whose histogram restarts at each scrape): p99 and max in ms.
 */
export async function eventLoopDelay(serve: RunningServe): Promise<{ p99: number; max: number }> {
  const response = await fetch(`${serve.url}/metrics`, { headers: { authorization: `Bearer ${serve.adminToken}` } });
  const text = await response.text();
  const value = (quantile: string) => {
    const line = text
      .split('\n')
      .find((row) => row.startsWith(`vigil_event_loop_delay_seconds{quantile="${quantile}"}`));
    return Number(line?.split(' ').at(-1) ?? Number.NaN) * 1000;
  };
  return { p99: value('0.99'), max: value('1') };
}

/**
 * Waits until the store holds at least `count` events (`vigil_events_stored` on /metrics). Each
 * scrape restarts the server's event-loop delay histogram, so the delays seen meanwhile are
 * returned too: the largest per-scrape p99 and max.
 */
export async function waitForEventCount(
  serve: RunningServe,
  count: number,
  timeoutMs: number,
): Promise<{ stored: number; loop: { p99: number; max: number } }> {
  const started = Date.now();
  let stored = 0;
  const loop = { p99: 0, max: 0 };
  while (Date.now() - started < timeoutMs) {
    const response = await fetch(`${serve.url}/metrics`, { headers: { authorization: `Bearer ${serve.adminToken}` } });
    const text = await response.text();
    stored = Number(/^vigil_events_stored (\d+)$/m.exec(text)?.[1] ?? 0);
    const delay = (quantile: string) =>
      Number(
        text
          .split('\n')
          .find((row) => row.startsWith(`vigil_event_loop_delay_seconds{quantile="${quantile}"}`))
          ?.split(' ')
          .at(-1) ?? 0,
      ) * 1000;
    loop.p99 = Math.max(loop.p99, delay('0.99'));
    loop.max = Math.max(loop.max, delay('1'));
    if (stored >= count) break;
    await sleep(500);
  }
  return { stored, loop };
}

/** p50, p95 and max of latencies in ms. */
export function latencySummary(latencies: readonly number[]) {
  const sorted = [...latencies].sort((left, right) => left - right);
  const at = (fraction: number) => sorted[Math.min(sorted.length - 1, Math.floor(fraction * sorted.length))] ?? 0;
  return { count: sorted.length, p50: at(0.5), p95: at(0.95), max: sorted.at(-1) ?? 0 };
}
