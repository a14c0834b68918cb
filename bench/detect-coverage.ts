/**
 * Detection coverage on the OTRF Security Datasets (run: `node --import tsx bench/detect-coverage.ts
 * [rules-dir …]`). For every data set with Windows or Linux host logs, reads its files through
 * ingest, runs the given rules (Vigil's own `rules/` by default) and prints, per data set, the
 * labelled techniques, those detected, and the alert volume with the noisiest rules.
 *
 * A labelled technique counts as detected when an alert carries it, its parent technique, or one
 * of its sub-techniques (a sibling sub-technique does not count). Set COVERAGE_SIGMAHQ=1 to add a
 * second pass with every SigmaHQ Windows and Linux rule (alert volume, precision check).
 */
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { performance } from 'node:perf_hooks';
import { createDetector, loadRules, type RuleSet } from '../src/detect/index.js';
import { readEvents } from '../src/ingest/index.js';
import { repositoryRoot, sharedDataRoot } from '../test/shared-data.js';

interface DatasetEntry {
  id: string;
  title: string;
  platform: string[];
  attack_techniques: string[];
  files: Array<{ type?: string; path: string; present?: boolean }>;
}

interface RunOutcome {
  events: number;
  alerts: number;
  techniques: Set<string>;
  rules: Map<string, number>;
}

const root = sharedDataRoot();
if (!root) {
  console.log('../shared/data is absent: coverage skipped');
  process.exit(0);
}
const otrf = join(root, 'otrf-security-datasets');
const index = JSON.parse(readFileSync(join(otrf, 'index.json'), 'utf8')) as DatasetEntry[];
const datasets = index.filter(
  (entry) =>
    (entry.platform.includes('Windows') || entry.platform.includes('Linux')) &&
    entry.files.some((file) => file.type === 'Host' && file.present !== false),
);
const ruleDirectories = process.argv.slice(2);
const vigilRules = await loadRules(ruleDirectories.length > 0 ? ruleDirectories : [join(repositoryRoot, 'rules')]);
const sigmaRules =
  process.env.COVERAGE_SIGMAHQ === '1'
    ? await loadRules([join(root, 'sigma', 'rules', 'windows'), join(root, 'sigma', 'rules', 'linux')])
    : undefined;

function covers(label: string, detected: ReadonlySet<string>): boolean {
  for (const technique of detected) {
    if (technique === label || technique.startsWith(`${label}.`) || label.startsWith(`${technique}.`)) return true;
  }
  return false;
}

async function run(files: readonly string[], ruleSets: readonly RuleSet[]): Promise<RunOutcome[]> {
  const detectors = ruleSets.map((ruleSet) => createDetector(ruleSet));
  const outcomes = ruleSets.map(() => ({ events: 0, alerts: 0, techniques: new Set<string>(), rules: new Map() }));
  const record = (outcome: RunOutcome, alerts: ReturnType<(typeof detectors)[number]['flush']>) => {
    for (const alert of alerts) {
      outcome.alerts++;
      for (const technique of alert.techniques) outcome.techniques.add(technique);
      outcome.rules.set(alert.ruleTitle, (outcome.rules.get(alert.ruleTitle) ?? 0) + 1);
    }
  };
  for await (const batch of readEvents([...files])) {
    for (const event of batch.events) {
      detectors.forEach((detector, position) => {
        const outcome = outcomes[position] as RunOutcome;
        outcome.events++;
        record(outcome, detector.process(event));
      });
    }
  }
  detectors.forEach((detector, position) => {
    record(outcomes[position] as RunOutcome, detector.flush());
  });
  return outcomes;
}

const top = (rules: ReadonlyMap<string, number>, count: number) =>
  [...rules]
    .sort((left, right) => right[1] - left[1])
    .slice(0, count)
    .map(([title, alerts]) => `${title} (${alerts})`)
    .join('; ');

const start = performance.now();
let detectedSets = 0;
let labelled = 0;
let labelledDetected = 0;
const vigilNoise = new Map<string, number>();
const sigmaNoise = new Map<string, number>();
console.log(`Vigil rules: ${vigilRules.rules.length} detection, ${vigilRules.correlations.length} correlation`);
console.log('\n| data set | labelled | detected by Vigil rules | events | Vigil alerts | SigmaHQ alerts |');
console.log('|---|---|---|---|---|---|');
for (const dataset of datasets) {
  const files = dataset.files
    .filter((file) => file.type === 'Host' && file.present !== false)
    .map((file) => join(otrf, file.path));
  const [vigil, sigma] = await run([...new Set(files)], sigmaRules ? [vigilRules, sigmaRules] : [vigilRules]);
  if (vigil === undefined) continue;
  const labels = dataset.attack_techniques.filter((label) => /^T\d{4}/.test(label));
  const hits = labels.filter((label) => covers(label, vigil.techniques));
  labelled += labels.length;
  labelledDetected += hits.length;
  if (hits.length > 0) detectedSets++;
  for (const [title, count] of vigil.rules) vigilNoise.set(title, (vigilNoise.get(title) ?? 0) + count);
  for (const [title, count] of sigma?.rules ?? []) sigmaNoise.set(title, (sigmaNoise.get(title) ?? 0) + count);
  console.log(
    `| ${dataset.title} | ${labels.join(' ')} | ${hits.length > 0 ? hits.join(' ') : '—'} | ${vigil.events} | ${vigil.alerts}${vigil.alerts > 0 ? `: ${top(vigil.rules, 2)}` : ''} | ${sigma ? `${sigma.alerts}: ${top(sigma.rules, 2)}` : ''} |`,
  );
}
console.log(`\ndata sets with a labelled technique detected: ${detectedSets} of ${datasets.length}`);
console.log(`labelled techniques detected: ${labelledDetected} of ${labelled}`);
console.log(`\nnoisiest Vigil rules over all data sets: ${top(vigilNoise, 15)}`);
if (sigmaRules) console.log(`\nnoisiest SigmaHQ rules over all data sets: ${top(sigmaNoise, 15)}`);

// Benign-heavy data: alert volume of the same rules on ordinary server logs (false-positive check).
const benign = [
  ['loghub Apache', join(root, 'syslog', 'loghub', 'Apache', 'Apache_2k.log')],
  ['loghub Linux', join(root, 'syslog', 'loghub', 'Linux', 'Linux_2k.log')],
  ['loghub OpenSSH', join(root, 'syslog', 'loghub', 'OpenSSH', 'OpenSSH_2k.log')],
  ['Zeek sample data (JSON)', join(root, 'zeek', 'zed-sample-data', 'zeek-json')],
] as const;
console.log('\n| benign-heavy data | events | Vigil alerts |\n|---|---|---|');
for (const [name, path] of benign) {
  const [outcome] = await run([path], [vigilRules]);
  if (outcome)
    console.log(
      `| ${name} | ${outcome.events} | ${outcome.alerts}${outcome.alerts > 0 ? `: ${top(outcome.rules, 4)}` : ''} |`,
    );
}
console.log(`(${((performance.now() - start) / 1000).toFixed(0)} s)`);
