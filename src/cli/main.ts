/**
 * Vigil's command line. Builds the commander program, runs it, and maps every error to an
 * exit code in one place (`exit-codes.ts`), with one clear line on stderr.
 */
import { readFileSync } from 'node:fs';
import { Command, CommanderError } from 'commander';
import { toVigilError } from '../core/index.js';
import { printableExcerpt } from '../guard/index.js';
import { registerApprovalsCommand } from './commands/approvals.js';
import { registerAuditCommand } from './commands/audit.js';
import { registerDetectCommand } from './commands/detect.js';
import { registerEvalCommand } from './commands/eval.js';
import { registerFeedbackCommand } from './commands/feedback.js';
import { registerIncidentsCommand } from './commands/incidents.js';
import { registerIngestCommand } from './commands/ingest.js';
import { registerIngestListenerCommand } from './commands/ingest-listener.js';
import { registerIntelCommand } from './commands/intel.js';
import { registerInvestigateCommand } from './commands/investigate.js';
import { registerKnowledgeBaseCommand } from './commands/knowledge-base.js';
import { registerPlaybooksCommand } from './commands/playbooks.js';
import { registerRespondCommand } from './commands/respond.js';
import { registerRulesCommand } from './commands/rules.js';
import { registerRunsCommand } from './commands/runs.js';
import { registerServeCommand } from './commands/serve.js';
import { registerShareCommand } from './commands/share.js';
import { registerTokensCommand } from './commands/tokens.js';
import { registerWorkerCommand } from './commands/worker.js';
import { exitCodeFor, exitCodes } from './exit-codes.js';
import { checkInputPaths } from './input-paths.js';

function packageVersion(): string {
  const manifest = JSON.parse(readFileSync(new URL('../../package.json', import.meta.url), 'utf8')) as {
    version: string;
  };
  return manifest.version;
}

export function buildProgram(): Command {
  const program = new Command('vigil')
    .description(
      'Autonomous incident response: ingest logs and threat intelligence, detect, correlate, reason, respond, learn.',
    )
    .version(packageVersion())
    .showHelpAfterError('(run vigil --help for usage)')
    .exitOverride();
  registerIngestCommand(program);
  registerRulesCommand(program);
  registerDetectCommand(program);
  registerIntelCommand(program);
  registerInvestigateCommand(program);
  registerEvalCommand(program);
  registerShareCommand(program);
  registerIncidentsCommand(program);
  registerFeedbackCommand(program);
  registerKnowledgeBaseCommand(program);
  registerServeCommand(program);
  registerTokensCommand(program);
  registerRespondCommand(program);
  registerPlaybooksCommand(program);
  registerApprovalsCommand(program);
  registerRunsCommand(program);
  registerAuditCommand(program);
  registerWorkerCommand(program);
  registerIngestListenerCommand(program);
  for (const command of program.commands) command.exitOverride();
  program.hook('preAction', checkInputPaths);
  return program;
}

/** Runs the CLI and returns the exit code (never calls process.exit itself). */
export async function main(argv: string[]): Promise<number> {
  const program = buildProgram();
  try {
    await program.parseAsync(argv, { from: 'user' });
    return process.exitCode === undefined ? exitCodes.ok : Number(process.exitCode);
  } catch (error) {
    if (error instanceof CommanderError) {
      // help and version exit with code 0; parse errors were already printed by commander
      return error.exitCode === 0 ? exitCodes.ok : exitCodes.usage;
    }
    const vigilError = toVigilError(error);
    process.stderr.write(`vigil: ${printableExcerpt(vigilError.describe(), 2000)}\n`);
    if (vigilError.code === 'internal' && process.env.VIGIL_DEBUG) process.stderr.write(`${(error as Error).stack}\n`);
    return exitCodeFor(vigilError.code);
  }
}
