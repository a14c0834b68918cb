/**
 * What evidence inference costs `investigate` (run: npm run bench inference): the same OTRF host
 * data sets investigated with Vigil's rules and ATT&CK, without inference and with it, alternating
 * in the same process (so both share the load of this machine), CPU time of this process for each.
 * The evidence model (Atomic Red Team, ATT&CK procedures, the rules' values) is built once, timed
 * on its own: a CLI run pays it once, a server or a worker once per knowledge version. The issue's
 * budget is 20% over investigation without inference. INFERENCE_BENCH_DATASETS (default 12) data
 * sets of at most INFERENCE_BENCH_MAX_MB (default 3) MB, INFERENCE_BENCH_ROUNDS (default 2) rounds.
 */
import { readFileSync } from 'node:fs';
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
