/**
 * Detection benchmark (run: npm run bench detect). With every SigmaHQ Windows rule loaded, runs
 * the Sysmon events of an OTRF data set through the detector and compares the rate with a bare
 * `JSON.parse` of the same lines; then runs ingest + detection over the whole file. Also prints the
 * alert volume and the noisiest rules. Figures are for this machine only.
 */
import { execFileSync } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { performance } from 'node:perf_hooks';
import type { Event } from '../src/core/index.js';
import {
  createBehaviourAnalytics,
  createDetector,
  loadRules,
  type RuleSet,
  runAnalytics,
} from '../src/detect/index.js';
import { readEvents } from '../src/ingest/index.js';
import { sharedDataRoot } from '../test/shared-data.js';

const root = sharedDataRoot();
if (!root) {
  console.log('../shared/data is absent: detect benchmark skipped');
  process.exit(0);
}
const dataset =
  process.env.DETECT_BENCH_DATASET ??
  'otrf-security-datasets/datasets/atomic/windows/credential_access/host/empire_mimikatz_sam_access.zip';
const sysmonChannel = 'Microsoft-Windows-Sysmon/Operational';

const loadStart = performance.now();
const ruleSet = await loadRules([join(root, 'sigma', 'rules', 'windows')]);
const loadMs = performance.now() - loadStart;
// The reference compilation (one predicate per value), to compare in the same run.
const referenceRuleSet = await loadRules([join(root, 'sigma', 'rules', 'windows')], { multiPattern: false });

const folder = mkdtempSync(join(tmpdir(), 'vigil-detect-bench-'));
const jsonFile = join(folder, 'events.json');
writeFileSync(jsonFile, execFileSync('unzip', ['-p', join(root, dataset)], { maxBuffer: 1 << 30 }));
const lines = readFileSync(jsonFile, 'utf8')
  .split('\n')
  .filter((line) => line.trim() !== '');
const sysmonLines = lines.filter((line) => line.includes(sysmonChannel));

/** NXLog JSON line → Event, as a minimal stand-in for ingest (not timed in "detection alone"). */
function toEvent(line: string, index: number): Event {
  const fields = JSON.parse(line) as Record<string, unknown>;
  return {
    id: `bench-${index}`,
    timestamp: new Date(String(fields['@timestamp'] ?? '2020-01-01T00:00:00Z')).toISOString(),
    origin: { format: 'windows-json', dataset: String(fields.Channel ?? '') },
    kind: 'event',
    category: [],
    outcome: 'unknown',
    observables: [],
    fields,
    raw: line,
  };
}

function rate(count: number, milliseconds: number): number {
  return Math.round(count / (milliseconds / 1000));
}

/** The fastest of three runs: the machine is shared, so the minimum is the least disturbed figure. */
function bestOf(run: () => void): number {
  let best = Number.POSITIVE_INFINITY;
  for (let round = 0; round < 3; round++) {
    const start = performance.now();
    run();
    best = Math.min(best, performance.now() - start);
  }
  return best;
}

function timeJsonParse(input: readonly string[]): number {
  let keys = 0;
  const milliseconds = bestOf(() => {
    for (const line of input) keys += Object.keys(JSON.parse(line)).length;
  });
  if (keys < 0) console.log(keys);
  return milliseconds;
}

/** Detection alone over already-built events: the best of three runs, and the alert counts. */
function timeDetection(rules: RuleSet, input: readonly Event[]): { milliseconds: number; alerts: Map<string, number> } {
  const alertCounts = new Map<string, number>();
  const milliseconds = bestOf(() => {
    const detector = createDetector(rules);
    alertCounts.clear();
    for (const event of input) {
      for (const alert of detector.process(event))
        alertCounts.set(alert.ruleTitle, (alertCounts.get(alert.ruleTitle) ?? 0) + 1);
    }
  });
  return { milliseconds, alerts: alertCounts };
}

const parseMs = timeJsonParse(sysmonLines);
const events = sysmonLines.map(toEvent);
const referenceSysmon = timeDetection(referenceRuleSet, events);
const sysmon = timeDetection(ruleSet, events);
const alertCounts = sysmon.alerts;
const alerts = [...alertCounts.values()].reduce((sum, count) => sum + count, 0);
const detectMs = sysmon.milliseconds;
const ingested: Event[] = [];
for await (const batch of readEvents([jsonFile])) ingested.push(...batch.events);
const referenceAll = timeDetection(referenceRuleSet, ingested);
const all = timeDetection(ruleSet, ingested);

const allParseMs = timeJsonParse(lines);
const ingestStart = performance.now();
let ingestOnly = 0;
try {
  for await (const batch of readEvents([jsonFile])) ingestOnly += batch.events.length;
} catch {
  ingestOnly = -1;
}
const ingestMs = performance.now() - ingestStart;
const pipelineDetector = createDetector(ruleSet);
let ingestedCount = 0;
let ingestError: string | undefined;
const pipelineStart = performance.now();
try {
  for await (const batch of readEvents([jsonFile])) {
    for (const event of batch.events) {
      ingestedCount++;
      pipelineDetector.process(event);
    }
  }
} catch (error) {
  ingestError = (error as Error).message;
}
const pipelineMs = performance.now() - pipelineStart;
// The same with the behaviour analytics beside the rules (what the pipeline's detect stage runs),
// alternated with runs without them, best of two each: one slow run on a shared machine decides nothing.
async function timeIngestDetection(withAnalytics: boolean): Promise<{ milliseconds: number; alerts: number }> {
  const detector = createDetector(ruleSet);
  const analytics = withAnalytics ? runAnalytics(createBehaviourAnalytics()) : undefined;
  let found = 0;
  const started = performance.now();
  for await (const batch of readEvents([jsonFile])) {
    for (const event of batch.events) {
      detector.process(event);
      if (analytics) found += analytics.process(event).length;
    }
  }
  return { milliseconds: performance.now() - started, alerts: found };
}
const withoutRuns: number[] = [];
const withRuns: number[] = [];
let analyticsAlerts = 0;
for (let round = 0; round < 2; round++) {
  withoutRuns.push((await timeIngestDetection(false)).milliseconds);
  const run = await timeIngestDetection(true);
  withRuns.push(run.milliseconds);
  analyticsAlerts = run.alerts;
}
const withoutMs = Math.min(...withoutRuns);
const analyticsMs = Math.min(...withRuns);
rmSync(folder, { recursive: true, force: true });

console.log(`data set: ${dataset} (${lines.length} lines, ${sysmonLines.length} Sysmon)`);
console.log('| measure | value |');
console.log('|---|---|');
console.log(`| SigmaHQ windows rules compiled | ${ruleSet.rules.length} (${ruleSet.failed.length} failed) |`);
console.log(`| load + compile | ${loadMs.toFixed(0)} ms |`);
console.log(`| JSON.parse, Sysmon lines | ${rate(sysmonLines.length, parseMs).toLocaleString('en')} lines/s |`);
console.log(
  `| detection alone, Sysmon events, one predicate per value (before) | ${rate(events.length, referenceSysmon.milliseconds).toLocaleString('en')} events/s (${(parseMs / referenceSysmon.milliseconds).toFixed(2)} of JSON.parse) |`,
);
console.log(
  `| detection alone, Sysmon events, multi-pattern lists (after) | ${rate(events.length, detectMs).toLocaleString('en')} events/s (${(parseMs / detectMs).toFixed(2)} of JSON.parse) |`,
);
console.log(
  `| detection alone, all ingested events (before → after) | ${rate(ingested.length, referenceAll.milliseconds).toLocaleString('en')} → ${rate(ingested.length, all.milliseconds).toLocaleString('en')} events/s |`,
);
console.log(`| JSON.parse, all lines | ${rate(lines.length, allParseMs).toLocaleString('en')} lines/s |`);
if (ingestOnly >= 0)
  console.log(
    `| ingest alone, all events | ${rate(ingestOnly, ingestMs).toLocaleString('en')} events/s (${(allParseMs / ingestMs).toFixed(2)} of JSON.parse) |`,
  );
if (ingestError) console.log(`| ingest + detection | failed: ${ingestError} |`);
else
  console.log(
    `| ingest + detection, all events | ${rate(ingestedCount, pipelineMs).toLocaleString('en')} events/s (${ingestedCount} events; ${(allParseMs / pipelineMs).toFixed(2)} of JSON.parse) |`,
  );
console.log(
  `| ingest + detection without → with behaviour analytics (best of 2, alternated) | ${rate(ingestedCount, withoutMs).toLocaleString('en')} → ${rate(ingestedCount, analyticsMs).toLocaleString('en')} events/s (${((analyticsMs / withoutMs - 1) * 100).toFixed(1)}% time; ${analyticsAlerts} analytic alerts) |`,
);
console.log(`| alerts on Sysmon events | ${alerts} |`);
const sameAlerts = (left: Map<string, number>, right: Map<string, number>) =>
  left.size === right.size && [...left].every(([title, count]) => right.get(title) === count);
console.log(
  `| same alerts before and after | ${sameAlerts(referenceSysmon.alerts, sysmon.alerts) && sameAlerts(referenceAll.alerts, all.alerts) ? 'yes' : 'NO'} |`,
);
console.log('\nnoisiest rules:');
for (const [title, count] of [...alertCounts].sort((left, right) => right[1] - left[1]).slice(0, 10))
  console.log(`- ${count} × ${title}`);
