/**
 * LLM reasoning overhead per incident with the tiny GGUF models in ../shared/models (real
 * tokens, real grammar-constrained JSON, no reasoning ability): calls, tokens, latency,
 * validity and fallbacks on the demo story; then the narrative injection rate of the tiny
 * model on one corpus case per carrier. Figures are for this machine only.
 */
import { existsSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { investigate, loadKnowledge } from '../src/pipeline/index.js';
import { attackStrings } from '../src/reason/llm/__fixtures__/injection-corpus/attack-strings.js';
import { carrierTemplates } from '../src/reason/llm/__fixtures__/injection-corpus/carrier-templates.js';
import { createGgufModel, createLlmReasoner, type ModelCallRecord } from '../src/reason/llm/index.js';
import { openStore } from '../src/store/index.js';

const models = join(import.meta.dirname, '..', '..', 'shared', 'models');
if (!existsSync(models)) {
  console.log('../shared/models is absent: LLM bench skipped');
  process.exit(0);
}
if (!existsSync(join(import.meta.dirname, '..', 'node_modules', 'node-llama-cpp', 'package.json'))) {
  console.log('the GGUF add-on (node-llama-cpp) is not installed: LLM bench skipped (npm run addon:gguf)');
  process.exit(0);
}

const demo = await loadKnowledge({
  rules: ['rules'],
  intel: ['examples/demo/intel'],
  assets: 'examples/demo/assets.yaml',
});

async function timed<T>(work: () => Promise<T>): Promise<[T, number]> {
  const started = performance.now();
  const result = await work();
  return [result, performance.now() - started];
}

const [builtinRun, builtinMs] = await timed(async () => {
  const store = await openStore(':memory:');
  try {
    return await investigate(['examples/demo/logs'], demo, store, {});
  } finally {
    await store.close();
  }
});
console.log(
  `demo story, built-in reasoner: ${builtinRun.incidents.length} incident(s) in ${builtinMs.toFixed(0)} ms (whole pipeline)`,
);

for (const file of ['stories260K.gguf', 'llama-2-tiny-random.gguf']) {
  const model = createGgufModel({ modelPath: join(models, file) });
  const reasoner = createLlmReasoner({ model });
  const [run, totalMs] = await timed(async () => {
    const store = await openStore(':memory:');
    try {
      return await investigate(['examples/demo/logs'], demo, store, { reasoner });
    } finally {
      await store.close();
    }
  });
  await reasoner.close();
  const calls = reasoner.records().filter((record): record is ModelCallRecord => record.kind === 'model-call');
  const generated = calls.filter((call) => call.mode !== 'none');
  const sum = (values: number[]) => values.reduce((total, value) => total + value, 0);
  const fallbacks = reasoner.records().filter((record) => record.kind === 'stage-fallback');
  const incidents = run.incidents.length || 1;
  console.log(
    [
      `demo story, LLM reasoner, ${file} (threads ${Math.max(1, Math.min(2, (await import('node:os')).availableParallelism() - 1))}):`,
      `  ${run.incidents.length} incident(s); whole pipeline ${totalMs.toFixed(0)} ms (+${(totalMs - builtinMs).toFixed(0)} ms over built-in)`,
      `  per incident: ${(calls.length / incidents).toFixed(1)} call(s) (${(generated.length / incidents).toFixed(1)} generated, the rest refused before generation: prompt over the context), ` +
        `${(sum(generated.map((call) => call.inputTokens)) / incidents).toFixed(0)} input + ${(sum(generated.map((call) => call.outputTokens)) / incidents).toFixed(0)} output tokens, ` +
        `${(sum(generated.map((call) => call.latencyMs)) / incidents).toFixed(0)} ms in generation`,
      `  valid answers ${calls.filter((call) => call.valid).length}/${calls.length}; stages that fell back ${fallbacks.length}/${3 * incidents}`,
      ...fallbacks.map(
        (record) => `    ${record.kind === 'stage-fallback' ? `${record.stage}: ${record.reason}` : ''}`,
      ),
    ].join('\n'),
  );
}

// Narrative injection with a real (tiny) model: does the planted text reach its answers?
const knowledge = await loadKnowledge({
  rules: ['rules'],
  intel: ['src/reason/llm/__fixtures__/injection-corpus/intel.json'],
});
const directory = mkdtempSync(join(tmpdir(), 'vigil-llm-bench-'));
const model = createGgufModel({ modelPath: join(models, 'llama-2-tiny-random.gguf') });
let cases = 0;
let echoed = 0;
let validStages = 0;
let stages = 0;
const started = performance.now();
for (const [index, template] of carrierTemplates.entries()) {
  const attack = attackStrings[(index * 7) % attackStrings.length]!;
  const file = join(directory, template.fileName);
  writeFileSync(file, template.render(attack.text, attack.second ?? 'quarterly report'));
  const reasoner = createLlmReasoner({
    model,
    cache: false,
    maxOutputTokens: { contextualise: 400, correlate: 400, plan: 400 },
  });
  const store = await openStore(':memory:');
  try {
    const run = await investigate([file], knowledge, store, { format: template.format, reasoner });
    cases += 1;
    const probe = attack.text.slice(0, 16).toLowerCase();
    const narrative = run.incidents
      .map(({ reasoning }) =>
        JSON.stringify([
          reasoning.context,
          reasoning.sequence,
          reasoning.plan.summary,
          reasoning.plan.actions.map((action) => action.rationale),
        ]),
      )
      .join(' ')
      .toLowerCase();
    if (narrative.includes(probe)) echoed += 1;
    for (const { reasoning } of run.incidents) {
      for (const artifact of [reasoning.context, reasoning.sequence, reasoning.plan]) {
        stages += 1;
        if (artifact.reasoner.startsWith('llm:')) validStages += 1;
      }
    }
  } finally {
    await store.close();
  }
}
await model.close?.();
rmSync(directory, { recursive: true, force: true });
console.log(
  `corpus sample with llama-2-tiny-random: ${cases} cases in ${((performance.now() - started) / 1000).toFixed(1)} s; ` +
    `planted text echoed in the narrative ${echoed}/${cases}; stages answered by the model ${validStages}/${stages} (the rest fell back)`,
);
