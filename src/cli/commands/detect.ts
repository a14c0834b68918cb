import type { Command } from 'commander';
import { UsageError } from '../../core/index.js';
import { createDetector, loadAttackCatalog, loadRules } from '../../detect/index.js';
import { readEvents } from '../../ingest/index.js';
import { addInputLimitOptions, collect, type InputLimitFlags, inputLimitsOf } from '../options.js';
import { createOutput, paint } from '../output.js';
import { cacheOf, resolveSettings } from '../settings.js';

interface DetectFlags extends InputLimitFlags {
  rules?: string[];
  attack?: string;
  format?: string;
  json?: boolean;
}

export function registerDetectCommand(program: Command): void {
  const command = program
    .command('detect')
    .description('run Sigma rules over logs and print one alert per line (nothing is stored)')
    .argument('<logs...>', 'log files or directories')
    .option('--rules <dir>', 'Sigma rule file or directory (repeatable; default $VIGIL_RULES_PATH)', collect)
    .option('--attack <file>', 'ATT&CK STIX bundle for technique and tactic names')
    .option('--format <name>', 'force a log format')
    .option('--json', 'print JSON lines');
  addInputLimitOptions(command).action(async (logs: string[], flags: DetectFlags) => {
    const output = createOutput(flags.json ?? false);
    const settings = resolveSettings({ rules: flags.rules, attack: flags.attack });
    if (settings.rulesPaths.length === 0) throw new UsageError('detect needs --rules DIR (or VIGIL_RULES_PATH)');
    const cache = cacheOf(settings, 'rules', output.warn);
    const limits = inputLimitsOf(flags);
    const ruleSet = await loadRules(settings.rulesPaths, { limits, ...(cache ? { cache } : {}) });
    for (const failure of ruleSet.failed) output.warn(`vigil: rule skipped: ${failure.file}: ${failure.error}`);
    const attack = settings.attackPath
      ? await loadAttackCatalog(settings.attackPath, {
          crosswalk: settings.attackCrosswalkPath,
          searchCrosswalkIn: settings.rulesPaths,
        })
      : undefined;
    const detector = createDetector(ruleSet, attack ? { attack } : {});
    let count = 0;
    let problems = 0;
    const print = (alert: ReturnType<typeof detector.flush>[number]) => {
      count++;
      if (output.json) output.write(JSON.stringify(alert));
      else
        output.write(
          `${alert.timestamp} ${paint(output, 'red', alert.severity.padEnd(8))} ${alert.ruleTitle} [${alert.techniques.join(',')}] events=${alert.eventIds.length}`,
        );
    };
    for await (const batch of readEvents(logs, { limits, ...(flags.format ? { format: flags.format } : {}) })) {
      for (const event of batch.events) {
        for (const problem of event.problems ?? [])
          if (++problems <= 20)
            output.warn(
              `vigil: invalid value dropped ${event.origin.file ?? ''}${event.origin.line ? `:${event.origin.line}` : ''} ${problem.field}: ${problem.reason}`,
            );
        for (const alert of detector.process(event)) print(alert);
      }
      for (const rejection of batch.rejected)
        output.warn(
          `vigil: rejected ${rejection.file}${rejection.line ? `:${rejection.line}` : ''}: ${rejection.reason}`,
        );
    }
    for (const alert of detector.flush()) print(alert);
    for (const [correlation, late] of detector.lateMatches)
      output.warn(
        `vigil: correlation rule ${correlation}: ${late} matches arrived after their window had been judged (out of time order) and were not counted in it`,
      );
    if (problems > 20)
      output.warn(`vigil: ${problems} invalid values dropped in all (raw kept); the first 20 are above`);
    if (!output.json) output.write(`${count} alert(s)`);
  });
}
