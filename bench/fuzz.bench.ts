/**
 * `npm run bench fuzz`: every parser of external input fuzzed with fast-check
 * (`test/parser-properties.ts`, the properties CI runs a few hundred times each), here
 * `VIGIL_FUZZ_RUNS` times each (default 2,000), with a seed printed so a failure can be replayed
 * (`VIGIL_FUZZ_SEED`). Prints parser × inputs tried × failures × time; a failure prints its
 * counterexample and fails the bench.
 */
import fc from 'fast-check';
import { parserProperties } from '../test/parser-properties.js';

const runs = Number(process.env.VIGIL_FUZZ_RUNS ?? 2000);
const seed = Number(process.env.VIGIL_FUZZ_SEED ?? Date.now() % 2 ** 31);
const only = process.env.VIGIL_BENCH_ONLY;
const rows: string[] = [];
let tried = 0;
let failures = 0;
const started = performance.now();
for (const property of parserProperties()) {
  if (only && !property.parser.includes(only)) continue;
  const begun = performance.now();
  const details = await property.check(runs, seed);
  const seconds = (performance.now() - begun) / 1000;
  tried += details.numRuns;
  if (details.failed) {
    failures++;
    console.error(`\n${property.parser}:\n${fc.defaultReportMessage(details)}`);
  }
  const row = `| ${property.parser} | ${details.numRuns.toLocaleString('en')} | ${details.failed ? 1 : 0} | ${seconds.toFixed(1)} s |`;
  rows.push(row);
  console.error(row);
}
console.log(
  [
    '',
    `fuzz: ${rows.length} parsers, ${tried.toLocaleString('en')} inputs in ${((performance.now() - started) / 1000).toFixed(0)} s, seed ${seed} (a failing property stops at its first counterexample, shrunk)`,
    '',
    '| parser | inputs tried | failures | time |',
    '|---|---|---|---|',
    ...rows,
  ].join('\n'),
);
if (failures > 0) process.exitCode = 1;
