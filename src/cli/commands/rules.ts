import type { Command } from 'commander';
import { compileTimeOutliers, loadRules } from '../../detect/index.js';
import { addInputLimitOptions, type InputLimitFlags, inputLimitsOf } from '../options.js';
import { createOutput, paint, writeJson } from '../output.js';

export function registerRulesCommand(program: Command): void {
  const rules = program.command('rules').description('Sigma rules');
  const check = rules
    .command('check')
    .description('compile Sigma rules and report those that fail, with file and reason')
    .argument('<paths...>', 'rule files or directories')
    .option('--json', 'print JSON');
  addInputLimitOptions(check).action(async (paths: string[], flags: InputLimitFlags & { json?: boolean }) => {
    const output = createOutput(flags.json ?? false);
    // Always compiled afresh (no cache), so every rule is checked and timed by this engine.
    const started = performance.now();
    const ruleSet = await loadRules(paths, { limits: inputLimitsOf(flags) });
    const seconds = (performance.now() - started) / 1000;
    const timing = compileTimeOutliers(ruleSet.compileTimes ?? []);
    const report = {
      rules: ruleSet.rules.length + ruleSet.failed.length,
      compiled: ruleSet.rules.length,
      correlations: ruleSet.correlations.length,
      filters: ruleSet.filters.length,
      failed: ruleSet.failed.map((failure) => ({ file: failure.file, error: failure.error })),
      seconds: Number(seconds.toFixed(3)),
      compileTime: {
        medianMs: Number(timing.medianMs.toFixed(3)),
        outliers: timing.outliers.map((time) => ({ ...time, milliseconds: Number(time.milliseconds.toFixed(2)) })),
      },
    };
    if (output.json) writeJson(output, report);
    else {
      output.write(
        `${report.compiled} of ${report.rules} rules compiled, with ${report.correlations} correlation rule(s) and ${report.filters} filter(s)`,
      );
      for (const failure of report.failed) output.write(paint(output, 'yellow', `  ${failure.file}: ${failure.error}`));
      output.write(`loaded in ${report.seconds} s; median compile time per rule ${report.compileTime.medianMs} ms`);
      if (report.compileTime.outliers.length > 0) {
        output.write('slowest to compile (over 10× the median):');
        for (const outlier of report.compileTime.outliers)
          output.write(`  ${outlier.milliseconds} ms  ${outlier.ruleId}  ${outlier.file}`);
      }
    }
    if (report.compiled === 0 && report.rules > 0) process.exitCode = 1;
  });
}
