/**
 * Every command that reads files, found by walking the real program (so a new command or flag is
 * covered the day it is added): each path flag and path argument is classified as read or
 * written; every read path that is missing exits 2 with one line on stderr naming the flag; and
 * every command reading logs, intelligence or rules takes the input quotas from the one shared
 * definition (`addInputLimitOptions`).
 */
import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { Command, Option } from 'commander';
import { afterEach, describe, expect, it, vi } from 'vitest';
import { describeInputLimits } from '../guard/index.js';
import { inputArguments, inputOptions, outputOptions } from './input-paths.js';
import { buildProgram, main } from './main.js';

interface Leaf {
  path: string[];
  command: Command;
}

function leaves(command: Command, path: string[] = []): Leaf[] {
  return command.commands.flatMap((sub) => {
    const here = [...path, sub.name()];
    const own = (sub as unknown as { _actionHandler?: unknown })._actionHandler ? [{ path: here, command: sub }] : [];
    return [...own, ...leaves(sub, here)];
  });
}

/** A value placeholder that names a file system path. */
const pathPlaceholder = /[<[](file|dir|path|folder|logs)(\.\.\.)?[>\]]/;
const pathArgument = /path|log|file|folder|dir/;
/** Inputs that are logs, intelligence or rules (not configuration): they come with the quota flags. */
const dataOptions = new Set(['rules', 'intel', 'replay', 'files', 'scenarios']);
const dataArguments = new Set(['paths', 'logs', 'paths-or-urls']);

const folder = mkdtempSync(join(tmpdir(), 'vigil-input-flags-'));
const existing = join(folder, 'exists.log');
writeFileSync(existing, '');
const missing = join(folder, 'no-such-input');

/** Arguments that satisfy the command's required arguments and options, `value` for the one under test. */
function argv(leaf: Leaf, under: { option?: Option; argument?: string }): string[] {
  const args = leaf.command.registeredArguments.flatMap((argument) => {
    if (argument.name() === under.argument) return [missing];
    if (!argument.required && !inputArguments.has(argument.name())) return [];
    return [inputArguments.has(argument.name()) ? existing : 'x'];
  });
  const options = leaf.command.options.flatMap((option) => {
    if (option === under.option) return [option.long!, missing];
    return option.mandatory ? [option.long!, folder] : [];
  });
  return [...leaf.path, ...args, ...options];
}

async function run(args: string[]): Promise<{ code: number; stderr: string }> {
  let stderr = '';
  const spy = vi.spyOn(process.stderr, 'write').mockImplementation((chunk: string | Uint8Array) => {
    stderr += String(chunk);
    return true;
  });
  try {
    return { code: await main(args), stderr };
  } finally {
    spy.mockRestore();
  }
}

describe('the file-reading flags of every command', async () => {
  const program = await buildProgram();
  const all = leaves(program);
  afterEach(() => vi.restoreAllMocks());

  it('finds the commands (the walk sees the whole program)', () => {
    const names = all.map((leaf) => leaf.path.join(' '));
    for (const name of ['ingest', 'detect', 'investigate', 'intel import', 'rules check', 'eval', 'serve', 'worker'])
      expect(names).toContain(name);
  });

  it('classifies every path flag and path argument as read (checked) or written', () => {
    const unclassified: string[] = [];
    for (const leaf of all) {
      for (const option of leaf.command.options) {
        const name = option.attributeName();
        if (pathPlaceholder.test(option.flags) && !inputOptions.has(name) && !outputOptions.has(name))
          unclassified.push(`${leaf.path.join(' ')} ${option.long}`);
      }
      for (const argument of leaf.command.registeredArguments)
        if (pathArgument.test(argument.name()) && !inputArguments.has(argument.name()))
          unclassified.push(`${leaf.path.join(' ')} <${argument.name()}>`);
    }
    expect(unclassified).toEqual([]);
  });

  it('gives every command that reads logs, intelligence or rules the shared quota flags', () => {
    const without: string[] = [];
    for (const leaf of all) {
      const readsData =
        leaf.command.options.some((option) => dataOptions.has(option.attributeName())) ||
        leaf.command.registeredArguments.some((argument) => dataArguments.has(argument.name()));
      if (!readsData) continue;
      for (const limit of Object.values(describeInputLimits)) {
        const option = leaf.command.options.find((candidate) => candidate.long === limit.flag);
        if (option?.description !== limit.help) without.push(`${leaf.path.join(' ')} ${limit.flag}`);
      }
    }
    expect(without).toEqual([]);
  });

  it('exits 2 with one line naming the flag for every missing read path (each flag of each command)', async () => {
    const failures: string[] = [];
    let checked = 0;
    for (const leaf of all) {
      const cases = [
        ...leaf.command.options
          .filter((option) => inputOptions.has(option.attributeName()))
          .map((option) => ({ under: { option }, label: `${option.long} ` })),
        ...leaf.command.registeredArguments
          .filter((argument) => inputArguments.has(argument.name()))
          .map((argument) => ({ under: { argument: argument.name() }, label: '' })),
      ];
      for (const { under, label } of cases) {
        checked++;
        const { code, stderr } = await run(argv(leaf, under));
        const expected = `vigil: cannot read ${label}${missing}: no such file or directory\n`;
        if (code !== 2 || stderr !== expected)
          failures.push(`${argv(leaf, under).join(' ')} → exit ${code}, stderr ${JSON.stringify(stderr)}`);
      }
    }
    expect(failures).toEqual([]);
    expect(checked).toBeGreaterThan(40);
  });
});
