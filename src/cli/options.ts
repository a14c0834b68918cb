/** Shared option helpers for the commands. */
import type { Command } from 'commander';

/** Collects a repeatable option into an array. */
export const collect = (value: string, previous: string[] = []): string[] => [...previous, value];

export function addStoreOption(command: Command): Command {
  return command.option('--db <path>', 'store location (a SQLite file; default $VIGIL_HOME/vigil.db)');
}
