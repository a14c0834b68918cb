import { existsSync, mkdtempSync, readFileSync, rmSync, statSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import BetterSqlite3 from 'better-sqlite3';
import type { Event } from '../src/core/index.js';
import { readEvents } from '../src/ingest/index.js';
import { ingestIntoStore } from '../src/pipeline/ingest/index.js';
import { openStore } from '../src/store/index.js';
import { eventRow } from '../src/store/sql-store.js';
import { sharedDataRoot } from '../test/shared-data.js';
import { covenantEventsFile, prepareBaselineCheckout } from './baseline-checkout.js';
import { hasGnuTime, type Measure, measure, summarise } from './gnu-time.js';

const data = sharedDataRoot();
if (!data) {
  console.log('../shared/data is absent: store-ingest benchmark skipped');
  process.exit(0);
}
if (!hasGnuTime()) {
  console.log('GNU time (/usr/bin/time) is missing: store-ingest benchmark skipped (apt-get install time)');
  process.exit(0);
}
const repository = join(import.meta.dirname, '..');
const baselineRef = process.env.VIGIL_BENCH_BASELINE ?? '4673563';
const runs = Number(process.env.VIGIL_BENCH_RUNS ?? 3);
const work = mkdtempSync(join(tmpdir(), 'vigil-store-ingest-'));
process.on('exit', () => rmSync(work, { recursive: true, force: true }));
const baseline = prepareBaselineCheckout(repository, baselineRef, work);
const eventsFile = covenantEventsFile(data, work);
const oneEvent = join(work, 'one.json');
writeFileSync(oneEvent, `${readFileSync(eventsFile, 'utf8').split('\n')[0]}\n`);

const database = (name: string) => join(work, `${name}.db`);
const removeDatabase = (path: string) => {
  for (const suffix of ['', '-wal', '-shm']) rmSync(`${path}${suffix}`, { force: true });
};
const cli = (tree: string, name: string, ...args: string[]) =>
  measure([process.execPath, 'bin/vigil.js', ...args], { cwd: tree, env: { VIGIL_HOME: join(work, `home-${name}`) } });
const rawParse = () =>
  measure(
    [
      process.execPath,
      '-e',
      `const fs=require('fs');for(const l of fs.readFileSync(${JSON.stringify(eventsFile)},'utf8').split('\\n'))if(l.trim())JSON.parse(l)`,
    ],
    { cwd: work },
  );

/** Before and after alternating, `prepare` (of the side about to run) outside the timing. */
function compare(before: () => Measure, after: () => Measure, prepare: (side: 'before' | 'after') => void = () => {}) {
  const results = { before: [] as Measure[], after: [] as Measure[], raw: [] as Measure[] };
  for (let index = 0; index < runs; index++) {
    results.raw.push(rawParse());
    prepare('before');
    results.before.push(before());
    prepare('after');
    results.after.push(after());
  }
  return { before: summarise(results.before), after: summarise(results.after), raw: summarise(results.raw) };
}

const fresh = (side: 'before' | 'after') => removeDatabase(database(side));
const ingest = compare(
  () => cli(baseline, 'before', 'ingest', eventsFile, '--db', database('before'), '--json'),
  () => cli(repository, 'after', 'ingest', eventsFile, '--db', database('after'), '--json'),
  fresh,
);
const size = (path: string) =>
  ['', '-wal'].reduce((total, suffix) => total + (existsSync(path + suffix) ? statSync(path + suffix).size : 0), 0) /
  1e6;
const sizes = { before: size(database('before')), after: size(database('after')) };
// Start-up: one event into the database just written.
const startUp = compare(
  () => cli(baseline, 'before', 'ingest', oneEvent, '--db', database('before'), '--json'),
  () => cli(repository, 'after', 'ingest', oneEvent, '--db', database('after'), '--json'),
);

const figure = (value: Measure) => `${value.cpu.toFixed(2)} / ${value.wall.toFixed(2)}`;
const ratio = (raw: Measure, value: Measure) => (raw.cpu / value.cpu).toFixed(2);
console.log(`baseline ${baselineRef}, ${runs} runs each, medians; CPU-s / wall-s`);
console.log('| row | before | after | target |');
console.log('|---|---|---|---|');
console.log(`| raw line-split JSON.parse | ${figure(ingest.raw)} | | |`);
console.log(
  `| vigil ingest, fresh SQLite file | ${figure(ingest.before)} (${ratio(ingest.raw, ingest.before)} of raw) | ${figure(ingest.after)} (${ratio(ingest.raw, ingest.after)} of raw) | ≥ 0.6 of raw |`,
);
console.log(`| vigil ingest, 1 event (start-up) | ${figure(startUp.before)} | ${figure(startUp.after)} | |`);
console.log(`| database size, MB | ${sizes.before.toFixed(1)} | ${sizes.after.toFixed(1)} | |`);

// Where this checkout's time goes, in one process (CPU-s; warm JIT after the first round).
const cpu = () => {
  const usage = process.cpuUsage();
  return (usage.user + usage.system) / 1e6;
};
const timed = async (work: () => Promise<unknown> | unknown) => {
  const start = cpu();
  await work();
  return cpu() - start;
};
const events: Event[] = [];
const split: Record<string, number[]> = { read: [], rows: [], memory: [], file: [] };
for (let round = 0; round < 2; round++) {
  events.length = 0;
  split.read!.push(
    await timed(async () => {
      for await (const batch of readEvents([eventsFile], { recordSnapshots: true })) events.push(...batch.events);
    }),
  );
  split.rows!.push(await timed(() => events.map(eventRow)));
  const memory = await openStore(':memory:');
  split.memory!.push(await timed(() => memory.insertEvents(events, { durability: 'replayable' })));
  await memory.close();
  const path = database(`split-${round}`);
  split.file!.push(
    await timed(async () => {
      const store = await openStore(path);
      await ingestIntoStore([eventsFile], store, { durability: 'replayable' });
      await store.close();
    }),
  );
}
const best = (values: number[]) => Math.min(...values).toFixed(2);
console.log('\nthis checkout in one process, CPU-s (best of 2)');
console.log(`- read, parse, normalise (with record snapshots): ${best(split.read!)}`);
console.log(`- building rows (eventRow): ${best(split.rows!)}`);
console.log(`- rows + SQLite insert, in memory, one transaction: ${best(split.memory!)}`);
console.log(`- the whole ingest into a SQLite file (as vigil ingest, without start-up): ${best(split.file!)}`);

const stats = new BetterSqlite3(database('split-1'), { readonly: true });
const content = stats
  .prepare(
    'select count(*) as events, sum(length(raw)) as raw, sum(length(body)) as body, sum(length(id)) as id from events',
  )
  .get() as { events: number; raw: number; body: number; id: number };
const pages = stats
  .prepare(
    "select name, sum(pgsize) as size, sum(unused) as unused from dbstat where name like 'events%' or name = 'sqlite_autoindex_events_1' group by name",
  )
  .all() as { name: string; size: number; unused: number }[];
stats.close();
const perEvent = (bytes: number) => `${(bytes / content.events / 1024).toFixed(2)} KB`;
console.log(`\nwhere the bytes go, per event (${content.events} events, this checkout)`);
console.log(`- raw record: ${perEvent(content.raw)}; body: ${perEvent(content.body)}; id: ${perEvent(content.id)}`);
for (const page of pages)
  console.log(`- ${page.name}: ${perEvent(page.size)} on disk, of it unused ${perEvent(page.unused)}`);
