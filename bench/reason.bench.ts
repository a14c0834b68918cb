/**
 * Streaming reasoning latency (run: npm run bench reason). Replays an OTRF data set in time
 * order through detection → streaming correlation → the built-in reasoner (with ATT&CK,
 * retrieval and the technique classifier), and measures, for every event that completes an
 * alert (the last event of an attack step), the time from its arrival to the updated response
 * plan of its incident: p50, p95, p99. Arrivals follow the recorded timestamps at 1×, 10× and
 * 100× speed on a simulated clock: each event is processed when both it has arrived and the
 * previous one is done, with real measured processing times, so queueing at high speed is
 * counted without sleeping through the recording. Figures are for this machine only.
 * REASON_BENCH_DATASET picks another data set (path inside otrf-security-datasets).
 */
import { join } from 'node:path';
import { performance } from 'node:perf_hooks';
import type { Alert, Event } from '../src/core/index.js';
import { buildIncident, StreamingCorrelator } from '../src/correlate/index.js';
import { createDetector, loadAttackCatalog, loadRules } from '../src/detect/index.js';
import { readEvents } from '../src/ingest/index.js';
import {
  createBuiltinReasoner,
  readBundleProcedures,
  retrieveForIncident,
  runReasoning,
  seedRetrieval,
  trainingExamples,
  trainTechniqueClassifier,
} from '../src/reason/index.js';
import { openRetrievalStore } from '../src/store/index.js';
import { sharedDataRoot } from '../test/shared-data.js';

const root = sharedDataRoot();
if (!root) {
  console.log('../shared/data is absent: reason benchmark skipped');
  process.exit(0);
}
const dataset =
  process.env.REASON_BENCH_DATASET ??
  'datasets/compound/LSASS_campaign_01/metasploit_logonpasswords_lsass_memory_dump.zip';
const bundle = join(root, 'attack', 'stix21', 'enterprise-attack-18.1-rebuilt.json.gz');

const events: Event[] = [];
for await (const batch of readEvents([join(root, 'otrf-security-datasets', dataset)], {})) events.push(...batch.events);
events.sort((left, right) => left.timestamp.localeCompare(right.timestamp) || left.id.localeCompare(right.id));
const rules = await loadRules([join(process.cwd(), 'rules')]);
const attack = await loadAttackCatalog(bundle);
const procedures = await readBundleProcedures(bundle);
const classifier = trainTechniqueClassifier(trainingExamples({ procedures, attack }));
const retrieval = await openRetrievalStore(':memory:');
await seedRetrieval(retrieval, { attack, procedures });
const reasoner = createBuiltinReasoner();
const span = (Date.parse(events.at(-1)!.timestamp) - Date.parse(events[0]!.timestamp)) / 1000;
console.log(`${dataset}: ${events.length} events over ${span.toFixed(0)} s of recording, ${rules.rules.length} rules`);

function percentile(sorted: readonly number[], share: number): number {
  return sorted[Math.min(sorted.length - 1, Math.ceil(share * sorted.length) - 1)] ?? Number.NaN;
}

async function replay(speed: number) {
  const detector = createDetector(rules, { attack });
  const streaming = new StreamingCorrelator({ allowedLatenessMs: 0 });
  const eventsById = new Map<string, Event>();
  const latencies: number[] = [];
  const start = Date.parse(events[0]!.timestamp);
  let clock = 0;
  let plans = 0;
  const updatePlans = async (released: readonly string[]) => {
    const seen = new Set<string>();
    for (const alertId of released) {
      const group = streaming.correlator.groupOf(alertId);
      if (!group || seen.has(group.alerts[0]!.id)) continue;
      seen.add(group.alerts[0]!.id);
      const incident = buildIncident(group, eventsById);
      const incidentEvents = new Map(
        group.alerts
          .flatMap((alert) => alert.eventIds)
          .flatMap((id) => (eventsById.has(id) ? [[id, eventsById.get(id)!] as const] : [])),
      );
      await runReasoning(reasoner, {
        incident,
        alerts: group.alerts,
        events: incidentEvents,
        indicatorMatches: [],
        attack,
        classifier,
        retrieved: await retrieveForIncident(retrieval, incident, group.alerts),
      });
      plans++;
    }
  };
  for (const event of events) {
    const arrival = (Date.parse(event.timestamp) - start) / speed;
    clock = Math.max(clock, arrival);
    const began = performance.now();
    eventsById.set(event.id, event);
    const released = streaming.pushEvent(event);
    const alerts: Alert[] = detector.process(event);
    for (const alert of alerts)
      released.push(
        ...streaming.pushAlert(
          alert,
          alert.eventIds.flatMap((id) => eventsById.get(id) ?? []),
        ),
      );
    if (released.length > 0) await updatePlans(released);
    clock += (performance.now() - began) / 1000;
    if (alerts.length > 0) latencies.push(clock - arrival);
  }
  latencies.sort((left, right) => left - right);
  return { latencies, plans, late: streaming.lateAlerts, incidents: streaming.groups().length };
}

console.log(
  '| speed | attack steps (alerting events) | plans updated | late alerts | incidents | p50 ms | p95 ms | p99 ms | max ms |',
);
console.log('| --- | ---: | ---: | ---: | ---: | ---: | ---: | ---: | ---: |');
await replay(1_000); // warm-up: compiles the hot paths, not reported
for (const speed of [1, 10, 100]) {
  const { latencies, plans, late, incidents } = await replay(speed);
  const ms = (seconds: number) => (seconds * 1000).toFixed(1);
  console.log(
    `| ${speed}× | ${latencies.length} | ${plans} | ${late} | ${incidents} | ${ms(percentile(latencies, 0.5))} | ${ms(percentile(latencies, 0.95))} | ${ms(percentile(latencies, 0.99))} | ${ms(latencies.at(-1) ?? Number.NaN)} |`,
  );
}
await retrieval.close();
