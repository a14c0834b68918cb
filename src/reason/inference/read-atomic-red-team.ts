/**
 * Atomic Red Team tests as labelled attack commands: from the upstream repository layout
 * (`atomics/T1003.001/T1003.001.yaml`, input arguments substituted with their defaults) or
 * from a JSON-lines export with `technique`, `guid`, `name`/`test_name`, `command`. The path
 * may be the repository, its `atomics` folder, or the JSON-lines file. A test that cannot be
 * read is counted in `skipped` with its file; the others load.
 */
import { createHash } from 'node:crypto';
import { readdir, readFile, stat } from 'node:fs/promises';
import { basename, join } from 'node:path';

import { InputUnreadableError } from '../../core/index.js';
import { parseYaml } from '../../guard/index.js';

export interface AtomicTest {
  technique: string;
  name: string;
  /** The test's auto_generated_guid: the unit of held-out splits. */
  guid: string;
  platforms: string[];
  executor: string;
  command: string;
}

export interface AtomicRead {
  tests: AtomicTest[];
  skipped: Array<{ file: string; reason: string }>;
}

const techniqueId = /^T\d{4}(\.\d{3})?$/;
/** The upstream repository has about 350 technique folders; more is not an Atomic Red Team checkout. */
const maxTechniqueFolders = 2_000;

async function kindOf(path: string): Promise<'file' | 'directory' | undefined> {
  try {
    const info = await stat(path);
    return info.isDirectory() ? 'directory' : info.isFile() ? 'file' : undefined;
  } catch {
    return undefined;
  }
}

async function readText(file: string): Promise<string> {
  try {
    return await readFile(file, 'utf8');
  } catch (error) {
    throw new InputUnreadableError(`cannot read ${file}: ${(error as Error).message}`, {
      location: { file },
      cause: error,
    });
  }
}

function fromJsonLines(text: string, file: string): AtomicRead {
  const tests: AtomicTest[] = [];
  const skipped: AtomicRead['skipped'] = [];
  text.split('\n').forEach((line, index) => {
    if (!line.trim()) return;
    try {
      const row = JSON.parse(line) as Record<string, unknown>;
      const technique = String(row.technique ?? '');
      const command = typeof row.command === 'string' ? row.command : '';
      if (!techniqueId.test(technique) || !command.trim()) throw new Error('no technique id or no command');
      tests.push({
        technique,
        name: String(row.test_name ?? row.name ?? ''),
        guid: String(row.guid ?? `${technique}-${index}`),
        platforms: Array.isArray(row.platforms) ? row.platforms.map(String) : [],
        executor: String(row.executor ?? ''),
        command,
      });
    } catch (error) {
      skipped.push({ file: `${file}:${index + 1}`, reason: (error as Error).message });
    }
  });
  return { tests, skipped };
}

/** `#{name}` placeholders replaced by the input argument's default (as Invoke-AtomicTest does). */
function substitute(command: string, argumentsOf: Record<string, { default?: unknown }> | undefined): string {
  return command.replace(/#\{([\w-]+)\}/g, (whole, name: string) => {
    const value = argumentsOf?.[name]?.default;
    return value === undefined || value === null ? whole : String(value);
  });
}

function fromYaml(text: string, file: string): AtomicRead {
  const document = parseYaml(text, { maxAliasCount: 100 }) as {
    attack_technique?: unknown;
    atomic_tests?: Array<Record<string, unknown>>;
  } | null;
  const technique = String(document?.attack_technique ?? '');
  if (!techniqueId.test(technique)) return { tests: [], skipped: [{ file, reason: 'no attack_technique id' }] };
  const tests: AtomicTest[] = [];
  const skipped: AtomicRead['skipped'] = [];
  (document?.atomic_tests ?? []).forEach((test, index) => {
    const executor = (test.executor ?? {}) as { command?: unknown; name?: unknown };
    if (typeof executor.command !== 'string' || !executor.command.trim()) {
      skipped.push({ file: `${file}#${index}`, reason: 'manual test or no executor command' });
      return;
    }
    tests.push({
      technique,
      name: String(test.name ?? ''),
      guid: String(test.auto_generated_guid ?? `${technique}-${index}`),
      platforms: Array.isArray(test.supported_platforms) ? test.supported_platforms.map(String) : [],
      executor: String(executor.name ?? ''),
      command: substitute(executor.command, test.input_arguments as Record<string, { default?: unknown }>),
    });
  });
  return { tests, skipped };
}

/** The files readAtomicRedTeam reads at `path` (a JSON-lines export, or one YAML file per technique). */
export async function atomicRedTeamFiles(path: string): Promise<{ files: string[]; jsonLines: boolean }> {
  const kind = await kindOf(path);
  if (kind === undefined)
    throw new InputUnreadableError(`no Atomic Red Team tests at ${path}`, { location: { file: path } });
  if (kind === 'file') return { files: [path], jsonLines: path.endsWith('.jsonl') || path.endsWith('.json') };
  const atomics = (await kindOf(join(path, 'atomics'))) === 'directory' ? join(path, 'atomics') : path;
  const folders = (await readdir(atomics)).filter((name) => techniqueId.test(name)).sort();
  if (folders.length === 0 && (await kindOf(join(path, 'commands.jsonl'))) === 'file')
    return { files: [join(path, 'commands.jsonl')], jsonLines: true };
  const files: string[] = [];
  for (const folder of folders.slice(0, maxTechniqueFolders)) {
    const file = join(atomics, folder, `${folder}.yaml`);
    if ((await kindOf(file)) === 'file') files.push(file);
  }
  return { files, jsonLines: false };
}

/** A content hash of the tests at `path`: of every file readAtomicRedTeam would read, by name. */
export async function atomicRedTeamHash(path: string): Promise<string> {
  const { files, jsonLines } = await atomicRedTeamFiles(path);
  const hash = createHash('sha256').update(`atomic-red-team ${jsonLines ? 'json-lines' : 'yaml'}\n`);
  for (const file of files)
    hash
      .update(`${basename(file)}\0`)
      .update(await readFile(file))
      .update('\n');
  return hash.digest('hex');
}

export async function readAtomicRedTeam(path: string): Promise<AtomicRead> {
  const { files, jsonLines } = await atomicRedTeamFiles(path);
  if (jsonLines) return fromJsonLines(await readText(files[0]!), files[0]!);
  // One YAML file given: its errors are the answer, not a skipped test.
  if (files.length === 1 && files[0] === path) return fromYaml(await readText(path), path);
  const result: AtomicRead = { tests: [], skipped: [] };
  for (const file of files) {
    try {
      const read = fromYaml(await readText(file), file);
      result.tests.push(...read.tests);
      result.skipped.push(...read.skipped);
    } catch (error) {
      result.skipped.push({ file, reason: (error as Error).message });
    }
  }
  return result;
}
