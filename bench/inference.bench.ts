/**
 * What evidence inference costs `investigate` (run: npm run bench inference): the same OTRF host
 * data sets investigated with Vigil's rules and ATT&CK, without inference and with it, alternating
 * in the same process (so both share the load of this machine), CPU time of this process for each.
 * The evidence model (Atomic Red Team, ATT&CK procedures, the rules' values) is built once, timed
 * on its own: a CLI run pays it once, a server or a worker once per knowledge version. The issue's
 * budget is 20% over investigation without inference. INFERENCE_BENCH_DATASETS (default 12) data
 * sets of at most INFERENCE_BENCH_MAX_MB (default 3) MB, INFERENCE_BENCH_ROUNDS (default 2) rounds.
 *
 * First, what a user's short CLI run pays: `vigil investigate` (compiled, under GNU time) of the
 * smallest of those data sets without inference, with inference training the model (no model
 * cache, as before the cache), and with the model read from the evidence-model cache; alternated,
 * INFERENCE_BENCH_CLI_RUNS (default 3) times each, medians; the rule cache is warm for all.
 */
import { execFileSync } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { investigate, loadKnowledge } from '../src/pipeline/index.js';
import {
  buildEvidenceModel,
  readBundleProcedures,
  trainingExamples,
  trainTechniqueClassifier,
} from '../src/reason/index.js';
import { openRetrievalStore, openStore } from '../src/store/index.js';
import { sharedDataRoot } from '../test/shared-data.js';
import { hasGnuTime, type Measure, measure, summarise } from './gnu-time.js';

const root = sharedDataRoot();
if (!root) {
  console.log('../shared/data is absent: inference benchmark skipped');
  process.exit(0);
}
const wanted = Number(process.env.INFERENCE_BENCH_DATASETS ?? 12);
const maxMb = Number(process.env.INFERENCE_BENCH_MAX_MB ?? 3);
const rounds = Number(process.env.INFERENCE_BENCH_ROUNDS ?? 2);
const corpus = join(root, 'otrf-security-datasets');
const bundle = join(root, 'attack', 'stix21', 'enterprise-attack-18.1-rebuilt.json.gz');
const index = JSON.parse(readFileSync(join(corpus, 'index.json'), 'utf8')) as Array<{
  id: string;
  files: Array<{ type: string; path: string; present: boolean; members?: Array<{ size: number }> }>;
}>;
const datasets = index
  .map((entry) => ({
    id: entry.id,
    paths: entry.files.filter((file) => file.type === 'Host' && file.present).map((file) => join(corpus, file.path)),
    megabytes:
      entry.files
        .filter((file) => file.type === 'Host' && file.present)
        .flatMap((file) => file.members ?? [])
        .reduce((sum, member) => sum + member.size, 0) / 1e6,
  }))
  .filter((entry) => entry.paths.length > 0 && entry.megabytes > 0.2 && entry.megabytes <= maxMb)
  .slice(0, wanted);

/** The CLI rows: a short `vigil investigate` without inference, training the model, and reading it from the cache. */
function cliRows(input: readonly string[], label: string): void {
  if (!hasGnuTime()) {
    console.log('GNU time (/usr/bin/time) is missing: CLI rows skipped');
    return;
  }
  const repository = join(import.meta.dirname, '..');
  execFileSync(process.execPath, [join(repository, 'scripts', 'build.mjs')], { stdio: 'ignore' });
  const home = mkdtempSync(join(tmpdir(), 'vigil-inference-bench-'));
  const runs = Number(process.env.INFERENCE_BENCH_CLI_RUNS ?? 3);
  let store = 0;
  const cli = (extra: string[], env: Record<string, string> = {}) => {
    const environment = { VIGIL_HOME: home, VIGIL_STORE: join(home, `run-${store++}.db`), ...env };
    const args = ['bin/vigil.js', 'investigate', ...input, '--rules', 'rules', '--attack', bundle];
    const result = measure([process.execPath, ...args, '--atomics', join(root!, 'atomic-red-team'), ...extra], {
      cwd: repository,
      env: environment,
    });
    const output = execFileSync(
      process.execPath,
      [...args, '--atomics', join(root!, 'atomic-red-team'), '--json', ...extra],
      {
        cwd: repository,
        env: { ...process.env, ...environment, VIGIL_STORE: join(home, `check-${store++}.db`) },
        stdio: ['ignore', 'pipe', 'ignore'],
        maxBuffer: 1 << 30,
      },
    ).toString();
    const report = JSON.parse(output) as { incidents: Array<{ techniques: string[] }> };
    return { result, techniques: JSON.stringify(report.incidents.map((incident) => incident.techniques.sort())) };
  };
  try {
    // Untimed: fills the rule cache (all rows have it warm); then one cold run that writes the model cache.
    cli(['--no-inference']);
    const filling = cli([]);
    const rows = { without: [] as Measure[], trained: [] as Measure[], cached: [] as Measure[] };
    const techniques = new Set<string>();
    for (let run = 0; run < runs; run++) {
      rows.without.push(cli(['--no-inference']).result);
      const trained = cli([], { VIGIL_MODEL_CACHE: 'off' });
      rows.trained.push(trained.result);
      const cached = cli([]);
      rows.cached.push(cached.result);
      techniques.add(trained.techniques).add(cached.techniques);
    }
    const without = summarise(rows.without);
    const line = (name: string, measured: Measure) =>
      console.log(
        `| ${name} | ${measured.cpu.toFixed(2)} | ${measured.wall.toFixed(2)} | ${(measured.cpu / without.cpu).toFixed(2)}× | ${measured.rssMb.toFixed(0)} |`,
      );
    console.log(
      `\nCLI \`vigil investigate\` of ${label}, medians of ${runs} alternated runs (GNU time; rule cache warm)`,
    );
    console.log('| run | CPU s | wall s | CPU vs without inference | peak MB |');
    console.log('| --- | ---: | ---: | ---: | ---: |');
    line('without inference (`--no-inference`)', without);
    line('with inference, model trained (no model cache: every run before)', summarise(rows.trained));
    line('with inference, first run (trains and writes the cache)', filling.result);
    line('with inference, model read from the cache', summarise(rows.cached));
    console.log(
      `incident techniques trained vs cached: ${techniques.size === 1 ? 'identical' : `DIFFERENT (${[...techniques].join(' / ')})`}`,
    );
  } finally {
    rmSync(home, { recursive: true, force: true });
  }
}

const smallest = [...datasets].sort((left, right) => left.megabytes - right.megabytes)[0];
if (smallest) cliRows(smallest.paths, `${smallest.id} (${smallest.megabytes.toFixed(1)} MB)`);
if (process.env.INFERENCE_BENCH_CLI_ONLY === '1') process.exit(0);

const cpuSeconds = () => {
  const usage = process.cpuUsage();
  return (usage.user + usage.system) / 1e6;
};

const knowledge = await loadKnowledge({
  rules: [join(process.cwd(), 'rules')],
  intel: [],
  attack: bundle,
  atomicRedTeam: join(root, 'atomic-red-team'),
});
const procedures = await readBundleProcedures(bundle);
const classifier = trainTechniqueClassifier(trainingExamples({ procedures, attack: knowledge.attack }));
const retrieval = await openRetrievalStore(':memory:');

let before = cpuSeconds();
const model = await buildEvidenceModel({
  procedures,
  atomicRedTeam: join(root, 'atomic-red-team'),
  rules: knowledge.rules.rules,
  ...(knowledge.attack ? { attack: knowledge.attack } : {}),
});
const buildSeconds = cpuSeconds() - before;
if (!model) throw new Error('no evidence model');
before = cpuSeconds();
const inferenceTexts = ['powershell.exe -nop -w hidden -enc SQBFAFgA', 'reg save HKLM\\SAM C:\\Temp\\sam.save'];
for (let round = 0; round < 200; round++) for (const text of inferenceTexts) model.infer(`${text} ${round}`, 3);
const perQueryMs = ((cpuSeconds() - before) / 400) * 1000;

async function run(paths: string[], inference: boolean) {
  const store = await openStore(':memory:');
  const start = cpuSeconds();
  const result = await investigate(paths, knowledge, store, {
    retrieval,
    classifier,
    procedures,
    ...(inference ? { evidenceModel: model } : { evidenceInference: false }),
  });
  const seconds = cpuSeconds() - start;
  await store.close();
  return { seconds, events: result.ingest.events, incidents: result.incidents.length };
}

const totals = { without: 0, with: 0, events: 0 };
for (let round = 0; round < rounds; round++) {
  for (const [position, dataset] of datasets.entries()) {
    // Alternate which goes first, so warming and load fall on both alike.
    const order = (round + position) % 2 === 0 ? [false, true] : [true, false];
    for (const inference of order) {
      const measured = await run(dataset.paths, inference);
      if (inference) totals.with += measured.seconds;
      else totals.without += measured.seconds;
      if (inference) totals.events += measured.events;
    }
  }
}
await retrieval.close();
const ratio = totals.with / totals.without;
const runs = rounds * datasets.length;
console.log(
  `${datasets.length} OTRF host data sets (≤ ${maxMb} MB), ${rounds} rounds, ${totals.events / rounds} events per round; CPU seconds of this process`,
);
console.log('| measure | without inference | with inference | ratio |');
console.log('| --- | ---: | ---: | ---: |');
console.log(
  `| investigate, sum over the runs | ${totals.without.toFixed(1)} | ${totals.with.toFixed(1)} | ${ratio.toFixed(2)} (${ratio <= 1.2 ? 'within' : 'over'} the 20% budget) |`,
);
console.log(
  `| per investigation, with one model build each (a CLI run) | ${(totals.without / runs).toFixed(2)} | ${(totals.with / runs + buildSeconds).toFixed(2)} | ${((totals.with / runs + buildSeconds) / (totals.without / runs)).toFixed(2)} |`,
);
console.log(
  `evidence model: ${model.examples} examples, built once in ${buildSeconds.toFixed(1)} CPU s; one inference ${perQueryMs.toFixed(2)} ms`,
);
