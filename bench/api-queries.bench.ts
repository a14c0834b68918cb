/**
 * The API's store reads, before and after in the same run (npm run bench api-queries): a SQLite
 * file holding the demo's events many times over (VIGIL_BENCH_COPIES, default 100: about 50,000
 * events), 50,000 alerts and 5,000 incidents.
 * - `/api/v1/events` with a filter: before, the window's first 50,000 events read at once and
 *   filtered in memory; after, the route (pages of 1,000 in (timestamp, id) order, stopping at
 *   `limit` matches, the loop given a turn between pages). CPU time and the longest time the event
 *   loop was held (SQLite calls are synchronous).
 * - `/metrics`' alert and incident gauges: before, listing up to 100,000 alerts and incidents and
 *   counting them; after, `countAlerts` and `countIncidentsByStatus` (SQL aggregates), and a whole
 *   scrape through the app.
 * Alternating before and after, VIGIL_BENCH_RUNS times (3), medians. Figures are for this machine
 * only, which others share: read CPU time, not wall time.
 */
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { createApp } from '../src/api/app.js';
import { createApiToken } from '../src/api/auth/api-tokens.js';
import { eventMatches, parseEntity } from '../src/api/events/event-search.js';
import { alertSchema, type Event, incidentSchema } from '../src/core/index.js';
import { readEvents } from '../src/ingest/index.js';
import { openStores } from '../src/store/index.js';
import { repositoryRoot } from '../test/shared-data.js';

const copies = Number(process.env.VIGIL_BENCH_COPIES ?? 100);
const runs = Number(process.env.VIGIL_BENCH_RUNS ?? 3);
const work = mkdtempSync(join(tmpdir(), 'vigil-api-queries-'));
process.on('exit', () => rmSync(work, { recursive: true, force: true }));

const cpu = () => {
  const usage = process.cpuUsage();
  return (usage.user + usage.system) / 1e6;
};
const median = (values: number[]) =>
  [...values].sort((left, right) => left - right)[Math.floor(values.length / 2)] ?? 0;

/**
 * CPU seconds of `work`, and the longest the event loop was held meanwhile (ms; what a request
 * such as /health waits behind), from a 1 ms timer that measures how late it fires.
 */
async function measured(work: (time: <T>(call: () => Promise<T>) => Promise<T>) => Promise<unknown>) {
  let longest = 0;
  let last = performance.now();
  const ticker = setInterval(() => {
    const now = performance.now();
    longest = Math.max(longest, now - last);
    last = now;
  }, 1);
  const before = cpu();
  await work((call) => call());
  const used = cpu() - before;
  await new Promise((resolve) => setTimeout(resolve, 5));
  clearInterval(ticker);
  return { cpu: used, longest };
}

const stores = await openStores(join(work, 'vigil.db'));
const demo: Event[] = [];
for await (const batch of readEvents([join(repositoryRoot, 'examples', 'demo', 'logs')])) demo.push(...batch.events);
for (let copy = 0; copy < copies; copy++)
  await stores.store.insertEvents(
    demo.map((event) => ({
      ...event,
      id: `${event.id}-${copy}`,
      timestamp: new Date(Date.parse(event.timestamp) + copy * 6 * 3_600_000).toISOString(),
    })),
  );
const alerts = Array.from({ length: 50_000 }, (_, index) =>
  alertSchema.parse({
    id: `alert-${index}`,
    source: 'sigma',
    ruleId: `rule-${index % 40}`,
    ruleTitle: 'Rule',
    severity: ['low', 'medium', 'high'][index % 3],
    timestamp: new Date(Date.UTC(2024, 10, 5) + index * 1_000).toISOString(),
    eventIds: [`event-${index}`],
    techniques: [],
    tactics: [],
  }),
);
await stores.store.insertAlerts(alerts);
const statuses = ['new', 'investigating', 'contained', 'resolved', 'closed'] as const;
for (let index = 0; index < 5_000; index++)
  await stores.store.saveIncident(
    incidentSchema.parse({
      id: `incident-${index}`,
      title: 'Incident',
      severity: 'high',
      status: statuses[index % statuses.length],
      alertIds: [`alert-${index}`],
      eventIds: [`event-${index}`],
      entities: { hosts: [`ws-${index % 50}`] },
      techniques: [],
      tactics: [],
      stages: [],
      firstSeen: alerts[index]!.timestamp,
      lastSeen: alerts[index]!.timestamp,
    }),
  );
const events = await stores.store.countEvents();
console.log(`store: ${events} events, ${alerts.length} alerts, 5,000 incidents (SQLite file)`);

const app = await createApp({
  store: stores.store,
  tokens: stores.tokens,
  runs: stores.runs,
  knowledge: stores.knowledge,
  taxii: stores.taxii,
  watchIntervalMs: 0,
});
await app.ready();
const token = await createApiToken(stores.tokens, { name: 'bench', role: 'viewer', createdBy: 'bench' });
const headers = { authorization: `Bearer ${token.token}` };

const searches: { name: string; query: string; criteria: Parameters<typeof eventMatches>[1] }[] = [
  {
    name: 'entity=host:ws-fin-07, limit 100',
    query: 'entity=host:ws-fin-07&limit=100',
    criteria: { entity: parseEntity('host:ws-fin-07') },
  },
  { name: 'q=Update-Check, limit 100', query: 'q=Update-Check&limit=100', criteria: { text: 'Update-Check' } },
  { name: 'q=no-such-text (no match)', query: 'q=no-such-text&limit=100', criteria: { text: 'no-such-text' } },
];
const rows: string[] = [];
for (const search of searches) {
  const before: { cpu: number; longest: number }[] = [];
  const after: { cpu: number; longest: number }[] = [];
  for (let run = 0; run < runs; run++) {
    before.push(
      await measured(async (time) => {
        const window = await time(() => stores.store.listEvents({ limit: 50_000 }));
        return window.filter((event) => eventMatches(event, search.criteria)).slice(0, 100);
      }),
    );
    after.push(
      await measured(async (time) => {
        const response = await time(() => app.inject({ url: `/api/v1/events?${search.query}`, headers }));
        if (response.statusCode !== 200) throw new Error(response.body);
      }),
    );
  }
  rows.push(
    `| events ${search.name} | ${median(before.map((m) => m.cpu)).toFixed(3)} | ${median(after.map((m) => m.cpu)).toFixed(3)} | ${median(before.map((m) => m.longest)).toFixed(0)} | ${median(after.map((m) => m.longest)).toFixed(0)} |`,
  );
}
const gaugesBefore: { cpu: number; longest: number }[] = [];
const gaugesAfter: { cpu: number; longest: number }[] = [];
const scrape: number[] = [];
for (let run = 0; run < runs; run++) {
  gaugesBefore.push(
    await measured(async (time) => {
      await time(async () => (await stores.store.listAlerts({ limit: 100_000 })).length);
      await time(async () => {
        const counts = new Map<string, number>();
        for (const incident of await stores.store.listIncidents({ limit: 100_000 }))
          counts.set(incident.status, (counts.get(incident.status) ?? 0) + 1);
        return counts;
      });
    }),
  );
  gaugesAfter.push(
    await measured(async (time) => {
      await time(() => stores.store.countAlerts());
      await time(() => stores.store.countIncidentsByStatus());
    }),
  );
  scrape.push((await measured(async (time) => time(() => app.inject({ url: '/metrics', headers })))).cpu);
}
rows.push(
  `| /metrics alert + incident gauges | ${median(gaugesBefore.map((m) => m.cpu)).toFixed(3)} | ${median(gaugesAfter.map((m) => m.cpu)).toFixed(3)} | ${median(gaugesBefore.map((m) => m.longest)).toFixed(0)} | ${median(gaugesAfter.map((m) => m.longest)).toFixed(0)} |`,
);
console.log(`\n| query | before CPU-s | after CPU-s | before loop held ms | after loop held ms |`);
console.log('|---|---|---|---|---|');
for (const row of rows) console.log(row);
console.log(`\nwhole /metrics scrape after: ${median(scrape).toFixed(3)} CPU-s (median of ${runs})`);
await app.close();
await stores.close();
