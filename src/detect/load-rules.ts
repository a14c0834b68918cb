/**
 * Loads Sigma rules from files and directories (recursively, multi-document YAML included).
 * A rule that fails to parse or compile is recorded in `failed` with its file and reason; the
 * rest load. Correlation rules and filters whose referenced rules are missing fail the same way.
 */
import { readdir, readFile, stat } from 'node:fs/promises';
import { join } from 'node:path';
import { parseAllDocuments } from 'yaml';
import { InputUnreadableError } from '../core/index.js';
import { type CompiledDocument, compileRuleDocument } from './sigma/compile-rule.js';
import type { SigmaCorrelationRule, SigmaFilter, SigmaRule } from './sigma/sigma-rule.js';

export interface RuleLoadFailure {
  file: string;
  error: string;
}

export interface RuleNote {
  file: string;
  ruleId: string;
  note: string;
}

/** Everything `loadRules` read: compiled rules of each kind, failures, and compile notes. */
export interface RuleSet {
  readonly rules: readonly SigmaRule[];
  readonly correlations: readonly SigmaCorrelationRule[];
  readonly filters: readonly SigmaFilter[];
  readonly failed: readonly RuleLoadFailure[];
  readonly notes: readonly RuleNote[];
}

export interface LoadRulesOptions {
  /** Values for `%name%` placeholders used with the `expand` modifier. */
  placeholders?: Record<string, string[]>;
  /**
   * Compile each value list into one multi-pattern matcher (default). False keeps one predicate
   * per value, the reference behaviour that benchmarks compare against.
   */
  multiPattern?: boolean;
}

const ruleExtensions = /\.ya?ml$/i;

export async function loadRules(paths: readonly string[], options: LoadRulesOptions = {}): Promise<RuleSet> {
  const files: string[] = [];
  for (const path of paths) files.push(...(await listRuleFiles(path)));
  const failed: RuleLoadFailure[] = [];
  const compiled: CompiledDocument[] = [];
  const placeholders = options.placeholders ?? {};
  for (const file of files) {
    let text: string;
    try {
      text = await readFile(file, 'utf8');
    } catch (error) {
      failed.push({ file, error: `cannot read: ${(error as Error).message}` });
      continue;
    }
    compiled.push(...compileRuleText(text, file, placeholders, failed, options.multiPattern));
  }
  return assembleRuleSet(compiled, failed);
}

/** Compiles the YAML documents of one rule file; failures are appended to `failed`. */
export function compileRuleText(
  text: string,
  file: string,
  placeholders: Readonly<Record<string, readonly string[]>>,
  failed: RuleLoadFailure[],
  multiPattern?: boolean,
): CompiledDocument[] {
  const compiled: CompiledDocument[] = [];
  for (const document of parseAllDocuments(text)) {
    if (!('errors' in document)) continue;
    if (document.errors.length > 0) {
      const first = document.errors[0];
      const line = first?.linePos?.[0]?.line;
      failed.push({ file, error: `YAML error${line ? ` at line ${line}` : ''}: ${first?.message.split('\n')[0]}` });
      continue;
    }
    let value: unknown;
    try {
      value = document.toJS({ maxAliasCount: 100 });
    } catch (error) {
      failed.push({ file, error: `YAML error: ${(error as Error).message}` });
      continue;
    }
    if (value === null || value === undefined) continue;
    try {
      compiled.push(compileRuleDocument(value, { file, placeholders, multiPattern }));
    } catch (error) {
      const title = typeof value === 'object' && value !== null && 'title' in value ? ` (${String(value.title)})` : '';
      failed.push({ file, error: `${(error as Error).message}${title}` });
    }
  }
  return compiled;
}

/** Splits compiled documents by kind and drops correlations and filters that name unknown rules. */
export function assembleRuleSet(compiled: readonly CompiledDocument[], failed: RuleLoadFailure[]): RuleSet {
  const rules = compiled.filter((item): item is SigmaRule => item.kind === 'detection');
  const known = new Set<string>();
  for (const rule of compiled) {
    known.add(rule.id);
    if (rule.name !== undefined) known.add(rule.name);
  }
  const correlations: SigmaCorrelationRule[] = [];
  const filters: SigmaFilter[] = [];
  for (const item of compiled) {
    if (item.kind === 'detection') continue;
    const missing = item.rules.filter((reference) => !known.has(reference));
    if (missing.length > 0) {
      failed.push({
        file: item.file,
        error: `${item.kind} rule '${item.title}' names unknown rules: ${missing.join(', ')}`,
      });
    } else if (item.kind === 'correlation') correlations.push(item);
    else filters.push(item);
  }
  const notes = rules.flatMap((rule) => rule.notes.map((note) => ({ file: rule.file, ruleId: rule.id, note })));
  return { rules, correlations, filters, failed, notes };
}

async function listRuleFiles(path: string): Promise<string[]> {
  let info: Awaited<ReturnType<typeof stat>>;
  try {
    info = await stat(path);
  } catch (error) {
    throw new InputUnreadableError(`cannot read rules at ${path}: ${(error as Error).message}`, {
      location: { file: path },
      cause: error,
    });
  }
  if (info.isFile()) return [path];
  const entries = await readdir(path, { withFileTypes: true, recursive: true });
  return entries
    .filter((entry) => entry.isFile() && ruleExtensions.test(entry.name))
    .map((entry) => join(entry.parentPath, entry.name))
    .sort();
}
