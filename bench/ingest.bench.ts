/**
 * Ingest benchmark: per format, events/s and MB/s for parse + normalise + observables + ids, the
 * ratio to a raw line-split `JSON.parse` of the same file in the same process (JSON formats), and
 * peak RSS. Each format runs in its own child process so peak RSS is its own. Two-core figures
 * run two worker threads on two copies of the file at once.
 *
 *   node --import tsx bench/ingest.bench.ts            all formats
 *   node --import tsx bench/ingest.bench.ts --mb 64    bigger inputs
 *
 * Inputs come from ../shared/data when present (OTRF, Zeek, Suricata, loghub), else from the
 * ingest fixtures, repeated up to the target size in a temporary folder.
 */
import { execFileSync } from 'node:child_process';
import { createReadStream, existsSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { Worker } from 'node:worker_threads';
import { gunzipSync } from 'node:zlib';
import { readEvents } from '../src/ingest/index.js';

const argument = (name: string) => process.argv[process.argv.indexOf(name) + 1];
const targetBytes = Number(process.argv.includes('--mb') ? argument('--mb') : 24) * 1024 * 1024;
const shared = process.env.VIGIL_SHARED_DATA ?? join(import.meta.dirname, '..', '..', 'shared', 'data');
const fixtures = join(import.meta.dirname, '..', 'src', 'ingest', '__fixtures__');

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

/** Repeats whole lines of `sample` up to the target size, keeping the header of a Zeek TSV log once. */
function buildInput(sample: Buffer, path: string): number {
  const text = sample.toString('utf8').replace(/\n?$/, '\n');
  let body = text;
  let header = '';
  if (text.startsWith('#separator')) {
    const lines = text.split('\n');
    header = `${lines.filter((line) => line.startsWith('#') && !line.startsWith('#close')).join('\n')}\n`;
    body = `${lines.filter((line) => line !== '' && !line.startsWith('#')).join('\n')}\n`;
  }
  const copies = Math.max(1, Math.ceil(targetBytes / Buffer.byteLength(body)));
  const content = header + body.repeat(copies);
  writeFileSync(path, content);
  return Buffer.byteLength(content);
}

async function ingest(path: string, format: string): Promise<number> {
  let events = 0;
  for await (const batch of readEvents([path], { format, batchSize: 5000 })) events += batch.events.length;
  return events;
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

async function timed<T>(work: () => Promise<T>): Promise<{ value: T; seconds: number }> {
  const start = process.hrtime.bigint();
  const value = await work();
  return { value, seconds: Number(process.hrtime.bigint() - start) / 1e9 };
}

/** Two worker threads, one file each; timed from when both are loaded and told to start. */
async function twoCores(paths: string[], format: string): Promise<{ events: number; seconds: number }> {
  const moduleUrl = JSON.stringify(new URL(import.meta.url).href);
  const threads = paths.map(
    (path) =>
      new Worker(
        `const { parentPort } = require('node:worker_threads');
         import('tsx/esm/api').then(({ register }) => { register(); return import(${moduleUrl}); }).then((module) => {
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
  const seconds = Number(process.hrtime.bigint() - start) / 1e9;
  await Promise.all(threads.map((thread) => thread.terminate()));
  return { events: counts.reduce((sum, count) => sum + count, 0), seconds };
}

export const workerIngest = ingest;

async function runOne(format: string): Promise<void> {
  const source = sources.find((item) => item.format === format);
  if (!source) throw new Error(`no source for ${format}`);
  const folder = mkdtempSync(join(tmpdir(), 'vigil-bench-'));
  try {
    const path = join(folder, `input-${format}.log`);
    const bytes = buildInput(source.load(), path);
    await ingest(path, format); // warm-up
    const ours = await timed(() => ingest(path, format));
    const raw = source.json ? await timed(() => rawJsonParse(path)) : undefined;
    const peakRssMegabytes = Math.round(process.resourceUsage().maxRSS / 1024);
    const copy = join(folder, `copy-${format}.log`);
    writeFileSync(copy, readFileSync(path));
    const parallel = await twoCores([path, copy], format);
    const megabytes = bytes / 1024 / 1024;
    console.log(
      JSON.stringify({
        format,
        megabytes: Number(megabytes.toFixed(1)),
        events: ours.value,
        eventsPerSecond: Math.round(ours.value / ours.seconds),
        megabytesPerSecond: Number((megabytes / ours.seconds).toFixed(1)),
        ratioToRawJsonParse: raw ? Number((raw.seconds / ours.seconds).toFixed(2)) : null,
        twoCoreEventsPerSecond: Math.round(parallel.events / parallel.seconds),
        peakRssMegabytes,
      }),
    );
  } finally {
    rmSync(folder, { recursive: true, force: true });
  }
}

const isWorker = !(await import('node:worker_threads')).isMainThread;
if (!isWorker) {
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
        ],
        { encoding: 'utf8', maxBuffer: 1 << 24 },
      );
      rows.push(JSON.parse(output.trim().split('\n').pop() as string) as Record<string, unknown>);
    }
    console.table(rows);
  }
}
