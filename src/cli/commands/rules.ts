import type { Command } from 'commander';
import { loadRules } from '../../detect/index.js';
import { createOutput, paint, writeJson } from '../output.js';

export function registerRulesCommand(program: Command): void {
  const rules = program.command('rules').description('Sigma rules');
  rules
    .command('check')
    .description('compile Sigma rules and report those that fail, with file and reason')
    .argument('<paths...>', 'rule files or directories')
    .option('--json', 'print JSON')
    .action(async (paths: string[], flags: { json?: boolean }) => {
      const output = createOutput(flags.json ?? false);
      const ruleSet = await loadRules(paths);
      const report = {
        rules: ruleSet.rules.length + ruleSet.failed.length,
        compiled: ruleSet.rules.length,
        correlations: ruleSet.correlations.length,
        filters: ruleSet.filters.length,
        failed: ruleSet.failed.map((failure) => ({ file: failure.file, error: failure.error })),
      };
      if (output.json) writeJson(output, report);
      else {
        output.write(
          `${report.compiled} of ${report.rules} rules compiled, with ${report.correlations} correlation rule(s) and ${report.filters} filter(s)`,
        );
        for (const failure of report.failed)
          output.write(paint(output, 'yellow', `  ${failure.file}: ${failure.error}`));
      }
      if (report.compiled === 0 && report.rules > 0) process.exitCode = 1;
    });
}
