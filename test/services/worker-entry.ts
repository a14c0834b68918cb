/**
 * Entry of worker processes in tests: the real `vigil worker` command (same registration and
 * options as `bin/vigil.js worker`), without loading the other commands, so the scale and fault
 * suites depend only on the code they test.
 */
import { Command } from 'commander';
import { registerWorkerCommand } from '../../src/cli/commands/worker.js';

const program = new Command('vigil');
registerWorkerCommand(program);
program.parseAsync(process.argv.slice(2), { from: 'user' }).catch((error: unknown) => {
  process.stderr.write(`vigil worker: ${String(error)}\n`);
  process.exitCode = 1;
});
