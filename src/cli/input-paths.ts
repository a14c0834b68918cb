/**
 * Every path a command reads, checked before the command runs: a missing or unreadable input is
 * exit 2 with one line on stderr (`cannot read --intel x.json: no such file or directory`), for
 * every command and every flag, instead of each command finding out (or not) on its own.
 */
import { accessSync, constants } from 'node:fs';
import type { Command } from 'commander';

/** Options whose values are files or folders Vigil reads (outputs such as --out and --db are not). */
export const inputOptions = new Set([
  'atomics',
  'sla',
  'otrf',
  'rules',
  'attack',
  'attackCrosswalk',
  'kev',
  'assets',
  'intel',
  'policy',
  'connectors',
  'playbook',
  'playbooks',
  'scenarios',
  'loghub',
  'replay',
  'files',
]);

/** Options naming files or folders Vigil writes or creates (not checked: they may not exist yet). */
export const outputOptions = new Set(['out', 'report', 'db']);

/** Positional arguments that name inputs; `-` (stdin) and URLs are left to the command. */
export const inputArguments = new Set(['path', 'paths', 'logs', 'paths-or-urls', 'file', 'folder']);

const isRemote = (value: string) => /^[a-z][a-z0-9+.-]*:\/\//i.test(value);

async function check(value: unknown, label: string): Promise<void> {
  const values = Array.isArray(value) ? value : [value];
  for (const item of values) {
    if (typeof item !== 'string' || item === '-' || isRemote(item)) continue;
    try {
      accessSync(item, constants.R_OK);
    } catch (error) {
      const code = (error as NodeJS.ErrnoException).code;
      const why = code === 'ENOENT' ? 'no such file or directory' : code === 'EACCES' ? 'permission denied' : code;
      // Loaded only on failure: a command that runs should not pay for the domain schemas here.
      const { InputUnreadableError } = await import('../core/index.js');
      throw new InputUnreadableError(`cannot read ${label}${label ? ' ' : ''}${item}: ${why}`);
    }
  }
}

/** Checks the input paths of the command about to run (a commander preAction hook). */
export async function checkInputPaths(_program: Command, command: Command): Promise<void> {
  const flags = command.opts() as Record<string, unknown>;
  for (const option of command.options) {
    const name = option.attributeName();
    if (inputOptions.has(name) && flags[name] !== undefined) await check(flags[name], `--${option.name()}`);
  }
  for (const [index, argument] of command.registeredArguments.entries()) {
    if (inputArguments.has(argument.name())) await check(command.processedArgs[index], '');
  }
}
