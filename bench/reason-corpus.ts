/**
 * Corpus evaluation of correlation and reasoning (run: node --import tsx bench/reason-corpus.ts
 * [id-filter] [--max-mb N] [--sigmahq]). Runs `investigate` over every OTRF host data set in ../shared with
 * Vigil's rules (and with `--sigmahq` SigmaHQ's Windows, Linux and network rules beside them) and the ATT&CK bundle, and compares the incidents' techniques and tactics with
 * the data set's labels: technique recall and precision (exact id, and at parent-technique
 * level), tactic recall, incidents, alerts and knowledge reuse per data set. Prints a markdown
 * table. One retrieval index and one classifier serve the whole run, so later data sets can
 * cite incidents of earlier ones. A second table lists the data sets where no rule or analytic
 * fires (every alert there, if any, comes from evidence inference) and what inference found there:
 * technique recall with precision, tactic recall, inference alerts and incidents. Figures are for
 * this machine only.
 */
import { readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { performance } from 'node:perf_hooks';
import { tacticIds } from '../src/core/index.js';
import { investigate } from '../src/pipeline/index.js';
import { openStore } from '../src/store/index.js';
import { sharedDataRoot } from '../test/shared-data.js';
import { loadCorpusKnowledge } from './corpus-knowledge.js';

interface DatasetEntry {
  id: string;
  title: string;
  attack_techniques: string[];
  attack_tactics: string[];
  files: Array<{ type: string; path: string; present: boolean; members?: Array<{ size: number }> }>;
}

const root = sharedDataRoot();
if (!root) {
  console.log('../shared/data is absent: corpus evaluation skipped');
  process.exit(0);
}
const valueOptions = new Set(['--max-mb', '--explain', '--misses']);
const filter = process.argv
  .slice(2)
  .find(
    (argument, position, all) =>
      !argument.startsWith('--') && !valueOptions.has(all[position - 1] ?? '') && !/^\d+$/.test(argument),
  );
const maxMbIndex = process.argv.indexOf('--max-mb');
const maxMb = maxMbIndex > 0 ? Number(process.argv[maxMbIndex + 1]) : Number.POSITIVE_INFINITY;
const corpus = join(root, 'otrf-security-datasets');
const index = JSON.parse(readFileSync(join(corpus, 'index.json'), 'utf8')) as DatasetEntry[];
const tacticByTa = new Map(Object.entries(tacticIds).map(([name, id]) => [id, name]));
const parent = (id: string) => id.split('.')[0]!;

const withoutInference = process.argv.includes('--no-inference');
/** `--explain FILE`: every reported technique the labels do not name, with what claimed it and why it was kept. */
const explainIndex = process.argv.indexOf('--explain');
const explainFile = explainIndex > 0 ? process.argv[explainIndex + 1] : undefined;
const explained: Array<Record<string, unknown>> = [];
/**
 * `--misses FILE`: every labelled technique and tactic the incidents do not report, with where
 * it was lost: assessed in an incident but not reported (and why), claimed by an alert outside
 * every incident, inferred below the reporting bar, or never claimed; for a tactic, whether a
 * reported technique or an alert carries it.
 */
const missesIndex = process.argv.indexOf('--misses');
const missesFile = missesIndex > 0 ? process.argv[missesIndex + 1] : undefined;
const misses: Array<Record<string, unknown>> = [];
const withSigmaHq = process.argv.includes('--sigmahq');
const { knowledge, classifier, retrieval } = await loadCorpusKnowledge(root, {
  inference: !withoutInference,
  sigmaHq: withSigmaHq,
});
console.error(`rules: ${knowledge.rules.rules.length}${withSigmaHq ? " (Vigil's and SigmaHQ's)" : " (Vigil's)"}`);

const rows: string[] = [];
/** Data sets where no rule or analytic fired, with what inference found there. */
const silent: string[] = [];
const silentTotals = {
  datasets: 0,
  labels: 0,
  foundParent: 0,
  predicted: 0,
  correct: 0,
  tactics: 0,
  tacticsFound: 0,
  incidents: 0,
  inferenceAlerts: 0,
};
const totals = {
  labels: 0,
  found: 0,
  foundParent: 0,
  predicted: 0,
  correct: 0,
  tactics: 0,
  tacticsFound: 0,
  incidents: 0,
};
for (const entry of index) {
  const files = entry.files.filter((file) => file.type === 'Host' && file.present);
  const megabytes = files.flatMap((file) => file.members ?? []).reduce((sum, member) => sum + member.size, 0) / 1e6;
  if (
    files.length === 0 ||
    megabytes > maxMb ||
    (filter && !entry.id.includes(filter) && !entry.title.includes(filter))
  )
    continue;
  const store = await openStore(':memory:');
  const started = performance.now();
  let result: Awaited<ReturnType<typeof investigate>>;
  try {
    result = await investigate(
      files.map((file) => join(corpus, file.path)),
      knowledge,
      store,
      { retrieval, classifier, ...(withoutInference ? { evidenceInference: false } : {}) },
    );
  } catch (error) {
    rows.push(`| ${entry.id} | ${entry.title.slice(0, 40)} | failed: ${(error as Error).message.slice(0, 60)} |`);
    await store.close();
    continue;
  }
  const seconds = (performance.now() - started) / 1000;
  const stored = await store.listAlerts();
  const ruleAlerts = stored.filter((alert) => alert.source !== 'inference').length;
  const inferenceAlerts = stored.length - ruleAlerts;
  await store.close();
  if (explainFile) {
    const titles = new Map(
      stored.map((alert) => [alert.id, `${alert.ruleTitle} [${alert.severity}, ${alert.source}]`]),
    );
    for (const incident of result.incidents)
      for (const check of incident.reasoning.sequence.techniques ?? []) {
        if (check.reported === false) continue;
        explained.push({
          dataset: entry.id,
          labels: entry.attack_techniques,
          technique: check.id,
          labelled: entry.attack_techniques.some((label) => parent(label) === parent(check.id)),
          confidence: check.confidence,
          basis: check.basis,
          reasons: check.reasons,
          alerts: [...new Set(check.evidence.flatMap((reference) => titles.get(reference.id) ?? []))],
        });
      }
  }
  const predicted = new Set(
    result.incidents.flatMap((item) => item.reasoning.sequence.steps.flatMap((step) => step.techniques)),
  );
  const tactics = new Set(result.incidents.flatMap((item) => item.reasoning.sequence.steps.map((step) => step.tactic)));
  const labels = entry.attack_techniques;
  if (missesFile) {
    const checks = result.incidents.flatMap((item) => item.reasoning.sequence.techniques ?? []);
    const inferred = result.incidents.flatMap((item) => item.reasoning.sequence.inferred ?? []);
    const inIncidents = new Set(result.incidents.flatMap((item) => item.alerts.map((alert) => alert.id)));
    for (const label of labels) {
      if ([...predicted].some((id) => parent(id) === parent(label))) continue;
      const assessed = checks.filter((check) => parent(check.id) === parent(label));
      const claiming = stored.filter((alert) => alert.techniques.some((id) => parent(id) === parent(label)));
      const outside = claiming.filter((alert) => !inIncidents.has(alert.id));
      const inference = inferred.filter((item) => parent(item.technique) === parent(label));
      misses.push({
        dataset: entry.id,
        title: entry.title,
        kind: 'technique',
        missed: label,
        cause:
          assessed.length > 0
            ? 'assessed, not reported'
            : outside.length > 0
              ? 'alert outside every incident'
              : inference.length > 0
                ? 'inferred, not reported'
                : 'never claimed',
        assessed: assessed.map((check) => ({
          id: check.id,
          confidence: check.confidence,
          basis: check.basis,
          reasons: check.reasons,
        })),
        alerts: [...new Set(claiming.map((alert) => `${alert.ruleTitle} [${alert.source}]`))].slice(0, 5),
        inferences: inference
          .slice(0, 3)
          .map((item) => `${item.technique} ${item.confidence} ${item.field}: ${item.value.slice(0, 120)}`),
      });
    }
    for (const ta of entry.attack_tactics) {
      const name = tacticByTa.get(ta);
      if (!name || tactics.has(name as never)) continue;
      const carrying = [...predicted].filter((id) => knowledge.attack?.coreTacticsOf(id).includes(name as never));
      const alertsWith = stored.filter((alert) => alert.tactics.includes(name as never));
      const labelledOfTactic = labels.filter((id) => knowledge.attack?.coreTacticsOf(id).includes(name as never));
      misses.push({
        dataset: entry.id,
        title: entry.title,
        kind: 'tactic',
        missed: name,
        cause:
          carrying.length > 0
            ? 'a reported technique has it in ATT&CK, no step names it'
            : alertsWith.length > 0
              ? 'an alert carries it, not reported'
              : labelledOfTactic.length === 0
                ? 'no labelled technique of this tactic'
                : 'no alert or reported technique of this tactic',
        carrying,
        labelledOfTactic,
        alerts: [
          ...new Set(alertsWith.map((alert) => `${alert.ruleTitle} [${alert.source}] ${alert.techniques.join(',')}`)),
        ].slice(0, 5),
        reportedTactics: [...tactics],
      });
    }
  }
  const found = labels.filter((label) => predicted.has(label)).length;
  const foundParent = labels.filter((label) => [...predicted].some((id) => parent(id) === parent(label))).length;
  const correct = [...predicted].filter((id) => labels.some((label) => parent(label) === parent(id))).length;
  const labelTactics = entry.attack_tactics.map((id) => tacticByTa.get(id)).filter((name) => name !== undefined);
  const tacticsFound = labelTactics.filter((name) => tactics.has(name as never)).length;
  const reuse = result.incidents.reduce(
    (sum, item) => sum + item.knowledgeReuse.incidentCitations + item.knowledgeReuse.documentCitations,
    0,
  );
  totals.labels += labels.length;
  totals.found += found;
  totals.foundParent += foundParent;
  totals.predicted += predicted.size;
  totals.correct += correct;
  totals.tactics += labelTactics.length;
  totals.tacticsFound += tacticsFound;
  totals.incidents += result.incidents.length;
  const ratio = (part: number, whole: number) => (whole === 0 ? '–' : `${part}/${whole}`);
  rows.push(
    `| ${entry.id} | ${entry.title.slice(0, 40)} | ${result.ingest.events} | ${result.alerts} | ${result.incidents.length} | ${ratio(found, labels.length)} | ${ratio(foundParent, labels.length)} | ${ratio(correct, predicted.size)} | ${ratio(tacticsFound, labelTactics.length)} | ${reuse} | ${seconds.toFixed(1)} |`,
  );
  console.error(rows[rows.length - 1]);
  if (ruleAlerts === 0) {
    silentTotals.datasets += 1;
    silentTotals.labels += labels.length;
    silentTotals.foundParent += foundParent;
    silentTotals.predicted += predicted.size;
    silentTotals.correct += correct;
    silentTotals.tactics += labelTactics.length;
    silentTotals.tacticsFound += tacticsFound;
    silentTotals.incidents += result.incidents.length;
    silentTotals.inferenceAlerts += inferenceAlerts;
    silent.push(
      `| ${entry.id} | ${entry.title.slice(0, 40)} | ${labels.join(', ')} | ${[...predicted].sort().join(', ') || '–'} | ${inferenceAlerts} | ${result.incidents.length} | ${ratio(foundParent, labels.length)} | ${ratio(correct, predicted.size)} | ${ratio(tacticsFound, labelTactics.length)} |`,
    );
  }
}
await retrieval.close();
if (explainFile) writeFileSync(explainFile, `${JSON.stringify(explained, null, 1)}\n`);
if (missesFile) writeFileSync(missesFile, `${JSON.stringify(misses, null, 1)}\n`);
const percent = (part: number, whole: number) => (whole === 0 ? '–' : `${((100 * part) / whole).toFixed(1)}%`);
console.log(
  '| data set | title | events | alerts | incidents | technique recall (exact) | technique recall (parent) | technique precision (parent) | tactic recall | knowledge reuse (citations) | seconds |',
);
console.log('| --- | --- | ---: | ---: | ---: | ---: | ---: | ---: | ---: | ---: | ---: |');
for (const row of rows) console.log(row);
console.log(
  `| **all** | ${rows.length} data sets | | | ${totals.incidents} | ${percent(totals.found, totals.labels)} | ${percent(totals.foundParent, totals.labels)} | ${percent(totals.correct, totals.predicted)} | ${percent(totals.tacticsFound, totals.tactics)} | | |`,
);
console.log(
  `\nData sets where no rule or analytic fires (${silentTotals.datasets}${withoutInference ? ', without inference' : ''}):\n`,
);
console.log(
  '| data set | title | labelled techniques | reported techniques | inference alerts | incidents | technique recall (parent) | technique precision (parent) | tactic recall |',
);
console.log('| --- | --- | --- | --- | ---: | ---: | ---: | ---: | ---: |');
for (const row of silent) console.log(row);
const share = (part: number, whole: number) => (whole === 0 ? '–' : `${part}/${whole} (${percent(part, whole)})`);
console.log(
  `| **all** | ${silentTotals.datasets} data sets | | | ${silentTotals.inferenceAlerts} | ${silentTotals.incidents} | ${share(silentTotals.foundParent, silentTotals.labels)} | ${share(silentTotals.correct, silentTotals.predicted)} | ${share(silentTotals.tacticsFound, silentTotals.tactics)} |`,
);
