/**
 * Held-out evaluation of evidence inference (run: node --import tsx bench/evidence-calibration.ts).
 * Trains the evidence model on ATT&CK procedure examples, Atomic Red Team commands and Vigil's
 * Sigma rules (selections as weak labels, filters as benign look-alikes), split by test, actor
 * and rule, and prints per source the top-1 parent-technique accuracy and the reliability of
 * the calibrated confidence (predicted against observed per bin) on examples the fit did not see.
 */
import { join } from 'node:path';
import { performance } from 'node:perf_hooks';
import { loadAttackCatalog, loadRules } from '../src/detect/index.js';
import { buildEvidenceModel, readBundleProcedures } from '../src/reason/index.js';
import { sharedDataRoot } from '../test/shared-data.js';

const root = sharedDataRoot();
if (!root) {
  console.log('../shared/data is absent: evidence calibration skipped');
  process.exit(0);
}
const bundle = join(root, 'attack', 'stix21', 'enterprise-attack-18.1-rebuilt.json.gz');
const attack = await loadAttackCatalog(bundle);
const rules = await loadRules([join(process.cwd(), 'rules'), ...process.argv.slice(2)]);
const procedures = await readBundleProcedures(bundle);
const started = performance.now();
const built = await buildEvidenceModel({
  procedures,
  atomicRedTeam: join(root, 'atomic-red-team'),
  rules: rules.rules,
  attack,
});
const seconds = (performance.now() - started) / 1000;
if (!built) throw new Error('no knowledge to build the evidence model from');
const model = built;
const evaluation = model.evaluation;
const percent = (value: number) => `${(100 * value).toFixed(1)}%`;
console.log(
  `evidence model: ${model.examples} examples (${Object.entries(model.sources)
    .map(([source, count]) => `${source} ${count}`)
    .join(', ')}); built with held-out calibration in ${seconds.toFixed(1)} s`,
);
console.log(
  `split by group: ${evaluation.trainExamples} train / ${evaluation.calibrationExamples} calibration / ${evaluation.testExamples} test; calibration fitted on ${evaluation.calibrationSources.join(', ')}`,
);
console.log('\n| source | held-out examples | predicted | top-1 parent (benign: kept below 0.5) | ECE |');
console.log('| --- | ---: | ---: | ---: | ---: |');
for (const source of evaluation.bySource)
  console.log(
    `| ${source.source} | ${source.examples} | ${source.predicted} | ${percent(source.top1Parent)} | ${source.reliability.expectedCalibrationError.toFixed(3)} |`,
  );
console.log(
  `\nReliability on the held-out test part (${evaluation.overall.count} predictions, ECE ${evaluation.overall.expectedCalibrationError.toFixed(3)}):\n`,
);
console.log('| confidence bin | predictions | mean predicted | observed correct |');
console.log('| --- | ---: | ---: | ---: |');
for (const bin of evaluation.overall.bins)
  console.log(
    `| ${bin.from.toFixed(1)}–${bin.to.toFixed(1)} | ${bin.count} | ${bin.meanPredicted.toFixed(3)} | ${bin.observed.toFixed(3)} |`,
  );

for (const source of evaluation.bySource) {
  if (source.reliability.count === 0) continue;
  console.log(`\nReliability of ${source.source} (held-out test part, ${source.reliability.count} predictions):\n`);
  console.log('| confidence bin | predictions | mean predicted | observed correct |');
  console.log('| --- | ---: | ---: | ---: |');
  for (const bin of source.reliability.bins)
    console.log(
      `| ${bin.from.toFixed(1)}–${bin.to.toFixed(1)} | ${bin.count} | ${bin.meanPredicted.toFixed(3)} | ${bin.observed.toFixed(3)} |`,
    );
}
