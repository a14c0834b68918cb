import type { Command } from 'commander';
import { UnsupportedError } from '../../core/index.js';

export function registerEvalCommand(program: Command): void {
  program
    .command('eval')
    .description('measure Vigil on scenario folders against baselines (not available yet)')
    .requiredOption('--scenarios <dir>', 'folder of scenarios')
    .option('--baseline <name>', 'baseline to compare with')
    .option('--json', 'print JSON')
    .action(async () => {
      throw new UnsupportedError(
        'vigil eval is not implemented yet (the evaluation harness is tracked as its own issue)',
      );
    });
}
