import { Command } from 'commander';
import { describe, expect, it } from 'vitest';
import { commandTable, requestedCommand } from './command-table.js';
import { buildProgram, programFor } from './main.js';

describe('the lazy command table', () => {
  it('names each command with the summary its module registers, in the same order', async () => {
    const program = await buildProgram();
    expect(program.commands.map((command) => [command.name(), command.description()])).toEqual(
      commandTable.map((entry) => [entry.name, entry.summary]),
    );
  });

  it('registers each module exactly one top-level command, the one it is listed under', async () => {
    for (const entry of commandTable) {
      const program = new Command('vigil');
      (await entry.load())(program);
      expect(program.commands.map((command) => command.name())).toEqual([entry.name]);
    }
  });

  it('finds the requested command, through `help` too, and nothing for options or unknown words', () => {
    expect(requestedCommand(['detect', 'x.jsonl', '--rules', 'r'])?.name).toBe('detect');
    expect(requestedCommand(['help', 'rules'])?.name).toBe('rules');
    expect(requestedCommand(['--help'])).toBeUndefined();
    expect(requestedCommand(['frobnicate'])).toBeUndefined();
  });

  it('registers the requested command in full and the others by summary only', async () => {
    const program = await programFor(['rules', 'check']);
    const rules = program.commands.find((command) => command.name() === 'rules');
    expect(rules?.commands.map((command) => command.name())).toContain('check');
    const detect = program.commands.find((command) => command.name() === 'detect');
    expect(detect?.options).toEqual([]);
    expect(program.commands).toHaveLength(commandTable.length);
  });
});
