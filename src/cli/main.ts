/**
 * Vigil's command line. Builds the commander program, runs it, and maps every error to an
 * exit code in one place (`exit-codes.ts`), with one clear line on stderr.
 */
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { Command, CommanderError } from 'commander';
import { commandTable, requestedCommand } from './command-table.js';
import { exitCodeFor, exitCodes } from './exit-codes.js';
import { checkInputPaths } from './input-paths.js';
import { installationFolder } from './installation.js';

function packageVersion(): string {
  const manifest = JSON.parse(readFileSync(join(installationFolder(), 'package.json'), 'utf8')) as {
    version: string;
  };
  return manifest.version;
}

function newProgram(): Command {
  return new Command('vigil')
    .description(
      'Autonomous incident response: ingest logs and threat intelligence, detect, correlate, reason, respond, learn.',
    )
    .version(packageVersion())
    .showHelpAfterError('(run vigil --help for usage)')
    .exitOverride();
}

/** The whole program, every command registered (loads every command module). */
export async function buildProgram(): Promise<Command> {
  const program = newProgram();
  for (const entry of commandTable) (await entry.load())(program);
  for (const command of program.commands) command.exitOverride();
  program.hook('preAction', checkInputPaths);
  return program;
}

/**
 * The program for one argument list: the requested command fully registered, the others as
 * name and summary only (enough for the top-level help and for commander's "unknown command"),
 * so a run imports only the modules its command needs.
 */
export async function programFor(argv: readonly string[]): Promise<Command> {
  const program = newProgram();
  const requested = requestedCommand(argv);
  for (const entry of commandTable) {
    if (entry === requested) (await entry.load())(program);
    else program.command(entry.name).description(entry.summary);
  }
  for (const command of program.commands) command.exitOverride();
  program.hook('preAction', checkInputPaths);
  return program;
}

/** Runs the CLI and returns the exit code (never calls process.exit itself). */
export async function main(argv: string[]): Promise<number> {
  const program = await programFor(argv);
  try {
    await program.parseAsync(argv, { from: 'user' });
    return process.exitCode === undefined ? exitCodes.ok : Number(process.exitCode);
  } catch (error) {
    if (error instanceof CommanderError) {
      // help and version exit with code 0; parse errors were already printed by commander
      return error.exitCode === 0 ? exitCodes.ok : exitCodes.usage;
    }
    // Loaded here, not at start: `vigil --help` should not import the domain schemas.
    const { toVigilError } = await import('../core/index.js');
    const { printableExcerpt } = await import('../guard/index.js');
    const vigilError = toVigilError(error);
    process.stderr.write(`vigil: ${printableExcerpt(vigilError.describe(), 2000)}\n`);
    if (vigilError.code === 'internal' && process.env.VIGIL_DEBUG) process.stderr.write(`${(error as Error).stack}\n`);
    return exitCodeFor(vigilError.code);
  }
}
