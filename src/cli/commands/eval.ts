import { existsSync, mkdirSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import type { Command } from 'commander';
import { UsageError } from '../../core/index.js';
import {
  buildScenarios,
  htmlReport,
  loadScenarios,
  markdownReport,
  runEvaluation,
  type SystemName,
} from '../../evaluation/index.js';
import { loadPolicy } from '../../respond/index.js';
import { addReasonerOptions, llmReasonerFromFlags, type ReasonerFlags } from '../llm-options.js';
import { loadCommandKnowledge } from '../load-command-knowledge.js';
import {
  addAttackCrosswalkOption,
  addCorrelationLatenessOption,
  addInputLimitOptions,
  collect,
  type InputLimitFlags,
  inputLimitsOf,
} from '../options.js';
import { createOutput, writeJson } from '../output.js';
import { resolveSettings } from '../settings.js';

interface EvalFlags extends ReasonerFlags, InputLimitFlags {
  scenarios?: string;
  baseline?: string;
  json?: boolean;
  rules?: string[];
  attack?: string;
  attackCrosswalk?: string;
  correlationLateness?: string;
  atomics?: string;
  policy?: string;
  assets?: string;
  report?: string;
  db?: string;
}

const baselineChoices: Record<string, SystemName[]> = {
  all: ['rule-only', 'static-soar'],
  'rule-only': ['rule-only'],
  'static-soar': ['static-soar'],
  'vigil-no-learning': ['vigil-no-learning'],
  none: [],
};

/** The first folder that exists among the given candidates. */
const firstExisting = (...candidates: (string | undefined)[]) => candidates.find((path) => path && existsSync(path));

export function registerEvalCommand(program: Command): void {
  const command = program
    .command('eval')
    .description('measure Vigil on scenario folders, side by side with the rule-only and static-SOAR baselines')
    .option('--scenarios <dir>', 'folder of scenarios (each a folder with scenario.yaml), run in order')
    .option('--baseline <name>', `baseline(s) to compare with: ${Object.keys(baselineChoices).join(', ')}`, 'all')
    .option('--rules <dir>', 'Sigma rules (repeatable; default $VIGIL_RULES_PATH, else ./rules)', collect)
    .option('--attack <file>', 'ATT&CK STIX 2.1 bundle (default $VIGIL_ATTACK_PATH)')
    .option(
      '--atomics <path>',
      'Atomic Red Team checkout or commands export, for evidence inference (default $VIGIL_ATOMICS_PATH)',
    )
    .option('--policy <file>', 'response policy (default ./policy/default.yaml)')
    .option('--assets <file>', 'asset inventory (YAML)')
    .option('--report <dir>', 'also write report.json, report.md and report.html there')
    .option('--db <path>', "Vigil's knowledge store for the run (default: a fresh temporary one)")
    .option('--json', 'print JSON');
  addInputLimitOptions(command);
  addAttackCrosswalkOption(command);
  addCorrelationLatenessOption(command);
  addReasonerOptions(command).action(async (flags: EvalFlags) => {
    const limits = inputLimitsOf(flags);
    if (!flags.scenarios) throw new UsageError('name the scenario folder: vigil eval --scenarios DIR');
    const baselines = baselineChoices[flags.baseline ?? 'all'];
    if (!baselines)
      throw new UsageError(`unknown baseline ${flags.baseline} (one of ${Object.keys(baselineChoices).join(', ')})`);
    const output = createOutput(flags.json ?? false);
    const set = await loadScenarios(flags.scenarios);
    for (const problem of set.problems)
      output.warn(
        `vigil: scenario left out: ${problem.file}${problem.line ? `:${problem.line}` : ''}: ${problem.reason}`,
      );
    if (set.scenarios.length === 0) throw new UsageError(`no usable scenario in ${flags.scenarios}`);
    const settings = resolveSettings({
      rules: flags.rules,
      attack: flags.attack,
      attackCrosswalk: flags.attackCrosswalk,
      correlationLateness: flags.correlationLateness,
      atomics: flags.atomics,
    });
    if (settings.rulesPaths.length === 0 && existsSync('rules')) settings.rulesPaths = ['rules'];
    // The same loader as investigate, serve and worker: the same rules, ATT&CK (and its crosswalk), atomics, caches.
    const knowledge = await loadCommandKnowledge(settings, { ...flags, intel: [] }, output.warn);
    for (const note of knowledge.missing) output.warn(`vigil: note: ${note}`);
    const policyFile = flags.policy ?? 'policy/default.yaml';
    if (!existsSync(policyFile)) throw new UsageError(`no response policy at ${policyFile} (give one with --policy)`);
    const policy = await loadPolicy(policyFile);
    const llm = await llmReasonerFromFlags(flags);
    const report = await runEvaluation(set, {
      knowledge,
      policy,
      limits,
      ...(llm ? { reasoner: llm.reasoner } : {}),
      systems: ['vigil', ...baselines],
      ...(flags.db ? { database: flags.db } : {}),
      onOutcome: (outcome) => {
        if (!output.json)
          output.warn(
            `${outcome.system}: ${outcome.scenarioId}: ${outcome.incidents} incident(s)${outcome.error ? ` — failed: ${outcome.error}` : ''}`,
          );
      },
    }).finally(() => llm?.reasoner.close());
    if (flags.report) {
      mkdirSync(flags.report, { recursive: true });
      writeFileSync(join(flags.report, 'report.json'), `${JSON.stringify(report, null, 2)}\n`);
      writeFileSync(join(flags.report, 'report.md'), markdownReport(report));
      writeFileSync(join(flags.report, 'report.html'), htmlReport(report));
    }
    if (output.json) writeJson(output, report);
    else output.write(markdownReport(report));
  });

  command
    .command('build-scenarios')
    .description('write a scenario corpus: OTRF data sets, benign office days and syslog, returning campaigns')
    .requiredOption('--out <dir>', 'folder to write the scenarios to (outside the repository)')
    .option(
      '--otrf <dir>',
      'OTRF Security Datasets folder with index.json (default $VIGIL_OTRF_PATH or ../shared/data/otrf-security-datasets)',
    )
    .option('--loghub <dir>', 'loghub folder (default ../shared/data/syslog/loghub)')
    .option('--datasets <ids>', 'comma-separated OTRF data set ids to include')
    .option('--max-datasets <n>', 'at most this many OTRF data sets (the smallest)', (value) =>
      Number.parseInt(value, 10),
    )
    .option('--campaigns <n>', 'returning campaigns to generate (default 3)', (value) => Number.parseInt(value, 10))
    .option('--office-days <n>', 'benign office days to generate (default 3)', (value) => Number.parseInt(value, 10))
    .option('--json', 'print JSON')
    .action(
      async (flags: {
        out: string;
        otrf?: string;
        loghub?: string;
        datasets?: string;
        maxDatasets?: number;
        campaigns?: number;
        officeDays?: number;
        json?: boolean;
      }) => {
        const output = createOutput(flags.json ?? false);
        const otrf = firstExisting(
          flags.otrf,
          process.env.VIGIL_OTRF_PATH,
          join('..', 'shared', 'data', 'otrf-security-datasets'),
        );
        const loghub = firstExisting(flags.loghub, join('..', 'shared', 'data', 'syslog', 'loghub'));
        if (!otrf)
          output.warn('vigil: note: no OTRF data sets found (--otrf DIR): only generated scenarios are written');
        const built = buildScenarios({
          out: flags.out,
          otrf,
          loghub,
          datasets: flags.datasets?.split(',').map((id) => id.trim()),
          maxDatasets: flags.maxDatasets,
          ...(flags.campaigns !== undefined ? { campaigns: flags.campaigns } : {}),
          ...(flags.officeDays !== undefined ? { officeDays: flags.officeDays } : {}),
        });
        if (output.json) writeJson(output, built);
        else {
          output.write(`${built.scenarios.length} scenarios written to ${built.folder}`);
          for (const skip of built.skipped) output.warn(`vigil: data set left out: ${skip.id}: ${skip.reason}`);
        }
      },
    );
}
