/**
 * Ingest benchmark: per format, events/s and MB/s for parse + normalise + observables + ids, the
 * ratio to a raw line-split `JSON.parse` of the same file in the same process (JSON formats), and
 * peak RSS. Each format runs in its own child process so peak RSS is its own. Every figure is the
 * best of `--rounds` runs (default 3), with ours and the raw parse interleaved, because the bench
 * machines are shared and noisy.
 *
 *   node --import tsx bench/ingest.bench.ts                 all formats
 *   node --import tsx bench/ingest.bench.ts --mb 64         bigger inputs
 *   VIGIL_BENCH_BASELINE=/old/tree/src/ingest/index.ts …    also time another tree's readEvents
 *                                                           in the same process (before/after)
 *
 * Two-core figures run two worker threads, each ingesting its own copy of the file at once (the
 * events stay in the workers). `transferSeconds` is what handing those events to one main thread
 * would cost (structured clone): it is why the library has no worker-thread reader; see the
 * closing comment at the end of this file.
 *
 * Inputs come from ../shared/data when present (OTRF, Zeek, Suricata, loghub), else from the
 * ingest fixtures, repeated up to the target size. Real JSON logs never repeat a line (times,
 * flow ids), so each copy of a JSON sample gets a `"_copy":N` member to keep its lines distinct;
 * text samples repeat as they are (exercising the repeated-record path of the fingerprints).
 */
import { execFileSync } from 'node:child_process';
import { createReadStream, existsSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { deserialize, serialize } from 'node:v8';
import { isMainThread, Worker } from 'node:worker_threads';
import { gunzipSync } from 'node:zlib';
import { readEvents } from '../src/ingest/index.js';

const argument = (name: string) => process.argv[process.argv.indexOf(name) + 1];
const targetBytes = Number(process.argv.includes('--mb') ? argument('--mb') : 24) * 1024 * 1024;
const rounds = Number(process.argv.includes('--rounds') ? argument('--rounds') : 3);
const shared = process.env.VIGIL_SHARED_DATA ?? join(import.meta.dirname, '..', '..', 'shared', 'data');
const fixtures = join(import.meta.dirname, '..', 'src', 'ingest', '__fixtures__');

type ReadEvents = typeof readEvents;

interface Source {
  format: string;
  json: boolean;
  load(): Buffer;
}

const fromShared = (path: string, fallback: string) => () => {
  const full = join(shared, path);
  if (!existsSync(full)) return readFileSync(join(fixtures, fallback));
  const bytes = readFileSync(full);
  return full.endsWith('.gz') ? gunzipSync(bytes) : bytes;
};

const sources: Source[] = [
  {
    format: 'windows-json',
    json: true,
    load: () => {
      const zip = join(
        shared,
        'otrf-security-datasets/datasets/atomic/windows/lateral_movement/host/covenant_dcom_registerxll.zip',
      );
      if (!existsSync(zip)) return readFileSync(join(fixtures, 'windows/nxlog-sysmon-security.jsonl'));
      return execFileSync('unzip', ['-p', zip], { maxBuffer: 1 << 30 });
    },
  },
  {
    format: 'zeek-tsv',
    json: false,
    load: fromShared('zeek/zed-sample-data/zeek-default/dns.log.gz', 'zeek/concatenated.log'),
  },
  { format: 'zeek-json', json: true, load: fromShared('zeek/zed-sample-data/zeek-json/ssl.json.gz', 'zeek/http.log') },
  {
    format: 'suricata-eve',
    json: true,
    load: () => {
      const path = join(shared, 'suricata/samples/wrccdc-2018/alerts-only.json');
      if (!existsSync(path)) return readFileSync(join(fixtures, 'suricata/eve.json'));
      const records = JSON.parse(readFileSync(path, 'utf8')) as unknown[];
      return Buffer.from(`${records.map((record) => JSON.stringify(record)).join('\n')}\n`);
    },
  },
  { format: 'syslog', json: false, load: fromShared('syslog/loghub/OpenSSH/OpenSSH_2k.log', 'syslog/mixed.log') },
  { format: 'splunk-json', json: true, load: () => readFileSync(join(fixtures, 'splunk/export.json')) },
  { format: 'text', json: false, load: fromShared('syslog/loghub/Apache/Apache_2k.log', 'syslog/mixed.log') },
];

/** The sample's lines for copy `copy`: JSON object lines get a `"_copy":N` member from the second copy on. */
function copyOf(body: string, copy: number, json: boolean): string {
  if (!json || copy === 0) return body;
  return body.replace(/^\{/gm, `{"_copy":${copy},`);
}

/** Repeats whole lines of `sample` up to the target size, keeping the header of a Zeek TSV log once. */
function buildInput(sample: Buffer, path: string, json: boolean): number {
  const text = sample.toString('utf8').replace(/\n?$/, '\n');
  let body = text;
  let header = '';
  if (text.startsWith('#separator')) {
    const lines = text.split('\n');
    header = `${lines.filter((line) => line.startsWith('#') && !line.startsWith('#close')).join('\n')}\n`;
    body = `${lines.filter((line) => line !== '' && !line.startsWith('#')).join('\n')}\n`;
  }
  const copies = Math.max(1, Math.ceil(targetBytes / Buffer.byteLength(body)));
  const parts = [header];
  for (let copy = 0; copy < copies; copy += 1) parts.push(copyOf(body, copy, json));
  const content = parts.join('');
  writeFileSync(path, content);
  return Buffer.byteLength(content);
}

/** Ingests with the library's default batch size, as the CLI and pipeline do; keeps the last batch. */
async function ingest(read: ReadEvents, path: string, format: string): Promise<{ events: number; last: unknown[] }> {
  let events = 0;
  let last: unknown[] = [];
  for await (const batch of read([path], { format })) {
    events += batch.events.length;
    last = batch.events;
  }
  return { events, last };
}

/** The reference: read the same file in the same chunks, split lines, JSON.parse each. */
async function rawJsonParse(path: string): Promise<number> {
  let count = 0;
  let rest = '';
  for await (const chunk of createReadStream(path, { encoding: 'utf8', highWaterMark: 256 * 1024 })) {
    const lines = (rest + chunk).split('\n');
    rest = lines.pop() ?? '';
    for (const line of lines) if (line !== '') count += JSON.parse(line) === null ? 0 : 1;
  }
  return count;
}

async function seconds(work: () => Promise<unknown>): Promise<number> {
  const start = process.hrtime.bigint();
  await work();
  return Number(process.hrtime.bigint() - start) / 1e9;
}

/** Two worker threads, one file each; timed from when both are loaded and told to start. */
async function twoCores(paths: string[], format: string): Promise<{ events: number; seconds: number }> {
  const moduleUrl = JSON.stringify(new URL(import.meta.url).href);
  const threads = paths.map(
    (path) =>
      new Worker(
        `const { parentPort } = require('node:worker_threads');
         import('tsx/esm/api').then(({ register }) => { register(); return import(${moduleUrl}); }).then(async (module) => {
           await module.workerIngest(${JSON.stringify(path)}, ${JSON.stringify(format)}); // warm-up, as for one core
           parentPort.postMessage('ready');
           parentPort.once('message', () => module.workerIngest(${JSON.stringify(path)}, ${JSON.stringify(format)}).then((n) => parentPort.postMessage(n)));
         });`,
        { eval: true },
      ),
  );
  const next = (thread: Worker) =>
    new Promise<unknown>((resolve, reject) => {
      thread.once('message', resolve);
      thread.once('error', reject);
    });
  await Promise.all(threads.map(next));
  const start = process.hrtime.bigint();
  const done = threads.map(next);
  for (const thread of threads) thread.postMessage('go');
  const counts = (await Promise.all(done)) as number[];
  const elapsed = Number(process.hrtime.bigint() - start) / 1e9;
  await Promise.all(threads.map((thread) => thread.terminate()));
  return { events: counts.reduce((sum, count) => sum + count, 0), seconds: elapsed };
}

export const workerIngest = async (path: string, format: string) => (await ingest(readEvents, path, format)).events;

async function runOne(format: string): Promise<void> {
  const source = sources.find((item) => item.format === format);
  if (!source) throw new Error(`no source for ${format}`);
  const baselinePath = process.env.VIGIL_BENCH_BASELINE;
  const baseline = baselinePath ? ((await import(baselinePath)) as { readEvents: ReadEvents }).readEvents : undefined;
  const folder = mkdtempSync(join(tmpdir(), 'vigil-bench-'));
  try {
    const path = join(folder, `input-${format}.log`);
    const bytes = buildInput(source.load(), path, source.json);
    const { events, last } = await ingest(readEvents, path, format); // warm-up
    if (baseline) await ingest(baseline, path, format);
    let ours = Number.POSITIVE_INFINITY;
    let before = Number.POSITIVE_INFINITY;
    let raw = Number.POSITIVE_INFINITY;
    for (let round = 0; round < rounds; round += 1) {
      if (source.json) raw = Math.min(raw, await seconds(() => rawJsonParse(path)));
      if (baseline) before = Math.min(before, await seconds(() => ingest(baseline, path, format)));
      ours = Math.min(ours, await seconds(() => ingest(readEvents, path, format)));
    }
    const peakRssMegabytes = Math.round(process.resourceUsage().maxRSS / 1024);
    const transferStart = process.hrtime.bigint();
    deserialize(serialize(last));
    const transferSeconds = (Number(process.hrtime.bigint() - transferStart) / 1e9) * (events / last.length);
    const copy = join(folder, `copy-${format}.log`);
    writeFileSync(copy, readFileSync(path));
    const parallel = await twoCores([path, copy], format);
    const megabytes = bytes / 1024 / 1024;
    const ratio = (time: number) => (source.json ? Number((raw / time).toFixed(2)) : null);
    console.log(
      JSON.stringify({
        format,
        megabytes: Number(megabytes.toFixed(1)),
        events,
        eventsPerSecond: Math.round(events / ours),
        megabytesPerSecond: Number((megabytes / ours).toFixed(1)),
        ratioToRawJsonParse: ratio(ours),
        ...(baseline ? { beforeEventsPerSecond: Math.round(events / before), beforeRatio: ratio(before) } : {}),
        twoCoreEventsPerSecond: Math.round(parallel.events / parallel.seconds),
        transferSeconds: Number(transferSeconds.toFixed(3)),
        ingestSeconds: Number(ours.toFixed(3)),
        peakRssMegabytes,
      }),
    );
  } finally {
    rmSync(folder, { recursive: true, force: true });
  }
}

if (isMainThread) {
  if (process.argv.includes('--one')) await runOne(argument('--one') as string);
  else {
    const rows: Record<string, unknown>[] = [];
    for (const source of sources) {
      const output = execFileSync(
        process.execPath,
        [
          '--import',
          'tsx',
          new URL(import.meta.url).pathname,
          '--one',
          source.format,
          '--mb',
          String(targetBytes / 1048576),
          '--rounds',
          String(rounds),
        ],
        { encoding: 'utf8', maxBuffer: 1 << 24 },
      );
      rows.push(JSON.parse(output.trim().split('\n').pop() as string) as Record<string, unknown>);
    }
    console.table(rows);
  }
}

/*
 * Why no worker-thread reader in the library: handing events from a worker to the thread that
 * consumes them is a structured clone, and deserialising a batch of normalised events costs the
 * receiving thread more than parsing and normalising it did (`transferSeconds` > `ingestSeconds`
 * on every format measured). On two cores a parallel reader therefore slows the consumer down.
 * Two cores pay when each worker both ingests and consumes (its own files or bus partitions), as
 * `twoCoreEventsPerSecond` shows; that is the scale-out design (src/bus), not a reader option.
 */
