/** Shared option helpers for the commands. */
import type { Command } from 'commander';
import { describeInputLimits, type InputLimits, parseInputLimit } from '../guard/index.js';
import type { EventDurability } from '../store/index.js';

/** Collects a repeatable option into an array. */
export const collect = (value: string, previous: string[] = []): string[] => [...previous, value];

/** `--attack-crosswalk FILE`, on every command that loads ATT&CK for investigating (one ATT&CK version in every output). */
export function addAttackCrosswalkOption(command: Command): Command {
  return command.option(
    '--attack-crosswalk <file>',
    "crosswalk of other ATT&CK versions' ids onto the bundle's (default $VIGIL_ATTACK_CROSSWALK, else one found beside the bundle, the rules or the atomics)",
  );
}

/**
 * `--correlation-lateness DURATION`, on every command that runs detection into incidents
 * (investigate, eval, serve, worker), so all of them judge Sigma correlation windows alike.
 */
export function addCorrelationLatenessOption(command: Command): Command {
  return command.option(
    '--correlation-lateness <duration>',
    'how late (event time) a correlation rule match may arrive and still count in its window, e.g. 5m (default $VIGIL_CORRELATION_LATENESS, else 0: judged as matches arrive)',
  );
}

export function addStoreOption(command: Command): Command {
  return command.option('--db <path>', 'store location (a SQLite file; default $VIGIL_HOME/vigil.db)');
}

/** The `--max-…` flags as commander hands them over. */
export interface InputLimitFlags {
  maxDecompressedBytes?: string;
  maxMembers?: string;
  maxRecordBytes?: string;
}

const limitNames = Object.keys(describeInputLimits) as (keyof InputLimits)[];

/**
 * The input quotas of every command that reads logs, intelligence or rules (one definition):
 * `--max-decompressed-bytes`, `--max-members`, `--max-record-bytes`. `inputLimitsOf` reads them.
 */
export function addInputLimitOptions(command: Command): Command {
  for (const name of limitNames)
    command.option(`${describeInputLimits[name].flag} <n>`, describeInputLimits[name].help);
  return command;
}

/** The limits the flags set (a bad value is a usage error naming the flag); unset ones keep their defaults. */
export function inputLimitsOf(flags: InputLimitFlags): Partial<InputLimits> {
  const limits: Partial<InputLimits> = {};
  for (const name of limitNames) {
    const text = flags[name];
    if (text !== undefined) limits[name] = parseInputLimit(name, text);
  }
  return limits;
}

/**
 * How a command that reads the user's log paths commits their events: `replayable` (committed,
 * not waited on the disk) when every path is a file or folder that stays where it is, `synced`
 * when one is stdin (`-`), which cannot be read again.
 */
export function durabilityOfPaths(paths: readonly string[]): EventDurability {
  return paths.includes('-') ? 'synced' : 'replayable';
}
