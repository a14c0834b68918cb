/**
 * Reads a folder of scenarios in order: the folders listed in `DIR/sequence.yaml` (`scenarios:
 * [name, …]`) when present, else every sub-folder holding a `scenario.yaml`, by name (a folder that
 * is itself a scenario is one scenario). A bad scenario is reported with its file, line and
 * reason and left out; the others still run.
 */
import { existsSync } from 'node:fs';
import { readdir, readFile } from 'node:fs/promises';
import { join, resolve } from 'node:path';
import { LineCounter } from 'yaml';
import { InputUnreadableError } from '../core/index.js';
import { parseYamlDocument } from '../guard/index.js';
import { type LoadedScenario, scenarioSchema } from './scenario-schema.js';

export interface ScenarioProblem {
  file: string;
  line?: number;
  reason: string;
}

export interface ScenarioSet {
  scenarios: LoadedScenario[];
  problems: ScenarioProblem[];
}

async function parseYaml(
  file: string,
): Promise<{ value: unknown; lineOf: (path: (string | number)[]) => number | undefined } | ScenarioProblem> {
  let text: string;
  try {
    text = await readFile(file, 'utf8');
  } catch (error) {
    return { file, reason: `cannot read: ${(error as Error).message}` };
  }
  const lineCounter = new LineCounter();
  const document = parseYamlDocument(text, { lineCounter });
  if (document.errors.length > 0) {
    const error = document.errors[0]!;
    return {
      file,
      line: lineCounter.linePos(error.pos[0]).line,
      reason: `not valid YAML: ${error.message.split('\n')[0]}`,
    };
  }
  let value: unknown;
  try {
    value = document.toJS();
  } catch (error) {
    return { file, reason: `not valid YAML: ${(error as Error).message}` };
  }
  return {
    value,
    lineOf: (path) => {
      const node = document.getIn(path, true) as { range?: [number, number, number] } | undefined;
      return node?.range ? lineCounter.linePos(node.range[0]).line : undefined;
    },
  };
}

export async function loadScenario(folder: string): Promise<LoadedScenario | ScenarioProblem> {
  const file = join(folder, 'scenario.yaml');
  const parsed = await parseYaml(file);
  if ('reason' in parsed) return parsed;
  const result = scenarioSchema.safeParse(parsed.value);
  if (!result.success) {
    const issue = result.error.issues[0]!;
    const path = issue.path.map((part) => (typeof part === 'number' ? part : String(part)));
    const line = parsed.lineOf(path) ?? parsed.lineOf(path.slice(0, -1));
    return {
      file,
      ...(line !== undefined ? { line } : {}),
      reason: `${path.join('.') || '(top level)'}: ${issue.message}`,
    };
  }
  const scenario = result.data;
  const missing = [...scenario.logs, ...scenario.intel, ...(scenario.assets ? [scenario.assets] : [])]
    .map((entry) => entry.path)
    .filter((path) => !existsSync(join(folder, path)));
  if (missing.length > 0) return { file, reason: `missing file(s): ${missing.join(', ')}` };
  return {
    scenario,
    folder,
    logPaths: scenario.logs.map((entry) => ({ path: join(folder, entry.path), format: entry.format })),
    intelPaths: scenario.intel.map((entry) => join(folder, entry.path)),
    ...(scenario.assets ? { assetsPath: join(folder, scenario.assets.path) } : {}),
  };
}

async function orderedFolders(directory: string): Promise<string[] | ScenarioProblem> {
  const sequenceFile = join(directory, 'sequence.yaml');
  if (existsSync(sequenceFile)) {
    const parsed = await parseYaml(sequenceFile);
    if ('reason' in parsed) return parsed;
    const names = (parsed.value as { scenarios?: unknown } | null)?.scenarios;
    if (!Array.isArray(names) || !names.every((name) => typeof name === 'string'))
      return { file: sequenceFile, reason: 'scenarios: a list of scenario folder names' };
    return names.map((name) => join(directory, name));
  }
  const entries = await readdir(directory, { withFileTypes: true });
  return entries
    .filter((entry) => entry.isDirectory() && existsSync(join(directory, entry.name, 'scenario.yaml')))
    .map((entry) => entry.name)
    .sort()
    .map((name) => join(directory, name));
}

export async function loadScenarios(directory: string): Promise<ScenarioSet> {
  const root = resolve(directory);
  if (!existsSync(root))
    throw new InputUnreadableError(`no scenario folder ${directory}`, { location: { file: directory } });
  if (existsSync(join(root, 'scenario.yaml'))) {
    const one = await loadScenario(root);
    return 'reason' in one ? { scenarios: [], problems: [one] } : { scenarios: [one], problems: [] };
  }
  const folders = await orderedFolders(root);
  if ('reason' in folders) return { scenarios: [], problems: [folders] };
  const set: ScenarioSet = { scenarios: [], problems: [] };
  const seen = new Set<string>();
  for (const folder of folders) {
    const loaded = await loadScenario(folder);
    if ('reason' in loaded) set.problems.push(loaded);
    else if (seen.has(loaded.scenario.id))
      set.problems.push({ file: join(folder, 'scenario.yaml'), reason: `duplicate scenario id ${loaded.scenario.id}` });
    else {
      seen.add(loaded.scenario.id);
      set.scenarios.push(loaded);
    }
  }
  return set;
}
