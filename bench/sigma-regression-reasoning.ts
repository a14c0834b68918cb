/**
 * Held-out check of technique and tactic recall (run: `node --import tsx
 * bench/sigma-regression-reasoning.ts [--cases FILE]`). SigmaHQ's regression recordings in
 * ../shared (`sigma/regression-index.jsonl`: one raw `.evtx` per SigmaHQ rule, recorded for that
 * rule) are investigated with Vigil's own rules only (not SigmaHQ's), ATT&CK and Atomic Red Team,
 * exactly as `reason-corpus.ts` investigates the OTRF sets. Vigil's rules were not written beside
 * these recordings, so the figures say how far its detection and reasoning generalise: the
 * fraction of recordings whose incidents report a technique (parent level) and a tactic of the
 * rule the recording was made for, the precision of the reported techniques against those tags,
 * and how many recordings gave no incident. `--cases FILE` writes the per-recording outcome.
 * `--split development|test` investigates one half only: a recording's half is fixed by the first
 * byte of the SHA-256 of its rule id (even: development, odd: test), so work on the mechanisms
 * looks at the development half and the test half stays unseen until the before/after report.
 * Figures are counts; they are a measurement, never a target to tune rules or weights to.
 */
import { createHash } from 'node:crypto';
import { readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { investigate } from '../src/pipeline/index.js';
import { openStore } from '../src/store/index.js';
import { sharedDataRoot } from '../test/shared-data.js';
import { loadCorpusKnowledge } from './corpus-knowledge.js';

interface RegressionCase {
  rule_id: string;
  title: string;
  rule_path: string;
  evtx: string;
  attack_techniques_v18: string[];
  attack_tactics_v18: string[];
}

const root = sharedDataRoot();
if (!root) {
  console.log('../shared/data is absent: Sigma regression reasoning skipped');
  process.exit(0);
}
const casesIndex = process.argv.indexOf('--cases');
const casesFile = casesIndex > 0 ? process.argv[casesIndex + 1] : undefined;
const splitIndex = process.argv.indexOf('--split');
const split = splitIndex > 0 ? process.argv[splitIndex + 1] : undefined;
if (split !== undefined && split !== 'development' && split !== 'test')
  throw new Error(`--split must be development or test, not ${split}`);
const cases = readFileSync(join(root, 'sigma', 'regression-index.jsonl'), 'utf8')
  .split('\n')
  .filter((line) => line.trim() !== '')
  .map((line) => JSON.parse(line) as RegressionCase)
  .filter((entry) => split === undefined || splitOf(entry.rule_id) === split);
const { knowledge, classifier, retrieval } = await loadCorpusKnowledge(root, { inference: true });
const parent = (id: string) => id.split('.')[0]!;

/** The half a recording belongs to, by its rule id: fixed, and blind to what the recording holds. */
function splitOf(ruleId: string): 'development' | 'test' {
  return createHash('sha256').update(ruleId).digest()[0]! % 2 === 0 ? 'development' : 'test';
}

const totals = {
  cases: 0,
  withTechniques: 0,
  techniqueFound: 0,
  techniqueAlerted: 0,
  tacticFound: 0,
  reported: 0,
  reportedCorrect: 0,
  noIncident: 0,
  noAlert: 0,
  failed: 0,
};
const byTactic = new Map<string, { cases: number; found: number }>();
const outcomes: Array<Record<string, unknown>> = [];
for (const entry of cases) {
  totals.cases += 1;
  const store = await openStore(':memory:');
  let result: Awaited<ReturnType<typeof investigate>>;
  try {
    result = await investigate([join(root, 'sigma', entry.evtx)], knowledge, store, { retrieval, classifier });
  } catch (error) {
    totals.failed += 1;
    outcomes.push({ rule: entry.rule_path, failed: (error as Error).message.slice(0, 200) });
    await store.close();
    continue;
  }
  const alerts = await store.listAlerts();
  await store.close();
  const labels = new Set(entry.attack_techniques_v18.map(parent));
  const reported = new Set(
    result.incidents.flatMap((item) => item.reasoning.sequence.steps.flatMap((step) => step.techniques)),
  );
  const tactics = new Set<string>(
    result.incidents.flatMap((item) => item.reasoning.sequence.steps.map((step) => step.tactic)),
  );
  const techniqueFound = [...reported].some((id) => labels.has(parent(id)));
  const techniqueAlerted = alerts.some((alert) => alert.techniques.some((id) => labels.has(parent(id))));
  const tacticFound = entry.attack_tactics_v18.some((tactic) => tactics.has(tactic));
  if (labels.size > 0) {
    totals.withTechniques += 1;
    if (techniqueFound) totals.techniqueFound += 1;
    if (techniqueAlerted) totals.techniqueAlerted += 1;
    totals.reported += reported.size;
    totals.reportedCorrect += [...reported].filter((id) => labels.has(parent(id))).length;
  }
  if (tacticFound) totals.tacticFound += 1;
  if (result.incidents.length === 0) totals.noIncident += 1;
  if (alerts.length === 0) totals.noAlert += 1;
  for (const tactic of entry.attack_tactics_v18) {
    const row = byTactic.get(tactic) ?? { cases: 0, found: 0 };
    row.cases += 1;
    if (tactics.has(tactic)) row.found += 1;
    byTactic.set(tactic, row);
  }
  outcomes.push({
    rule: entry.rule_path,
    labels: entry.attack_techniques_v18,
    tacticLabels: entry.attack_tactics_v18,
    reported: [...reported].sort(),
    tactics: [...tactics].sort(),
    alerts: [...new Set(alerts.map((alert) => `${alert.ruleTitle} [${alert.source}] ${alert.techniques.join(',')}`))],
    incidents: result.incidents.length,
    techniqueFound,
    tacticFound,
  });
}
await retrieval.close();
if (casesFile) writeFileSync(casesFile, `${JSON.stringify(outcomes, null, 1)}\n`);
const share = (part: number, whole: number) =>
  whole === 0 ? '–' : `${part}/${whole} (${((100 * part) / whole).toFixed(1)}%)`;
console.log(
  `SigmaHQ regression recordings investigated with Vigil's own rules: ${totals.cases}${split ? ` (${split} half)` : ''}`,
);
console.log('| measure | value |');
console.log('| --- | ---: |');
console.log(
  `| technique of the recorded rule reported (parent) | ${share(totals.techniqueFound, totals.withTechniques)} |`,
);
console.log(
  `| technique of the recorded rule claimed by any alert (parent) | ${share(totals.techniqueAlerted, totals.withTechniques)} |`,
);
console.log(`| tactic of the recorded rule reported | ${share(totals.tacticFound, totals.cases)} |`);
console.log(
  `| reported techniques that are the recorded rule's (parent) | ${share(totals.reportedCorrect, totals.reported)} |`,
);
console.log(`| recordings with no incident | ${share(totals.noIncident, totals.cases)} |`);
console.log(`| recordings with no alert | ${share(totals.noAlert, totals.cases)} |`);
console.log(`| failed | ${totals.failed} |`);
console.log('\n| tactic of the recorded rule | recordings | reported |');
console.log('| --- | ---: | ---: |');
for (const [tactic, row] of [...byTactic].sort((left, right) => right[1].cases - left[1].cases))
  console.log(`| ${tactic} | ${row.cases} | ${share(row.found, row.cases)} |`);
