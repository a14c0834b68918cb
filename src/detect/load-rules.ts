/**
 * Loads Sigma rules from files, directories (recursively, multi-document YAML included) and rule
 * packs (zip). A rule that fails to parse or compile is recorded in `failed` with its file and
 * reason; the rest load. Correlation rules and filters whose referenced rules are missing fail
 * the same way. With a cache (rule-cache.ts), a rule set compiled before is not compiled again:
 * its rules come back with matchers compiled on first use, so an input builds only the matchers
 * of the log sources it has.
 */

import type { InputLimits } from '../guard/index.js';
import { contentHash } from './checked-cache.js';
import {
  type CachedDocument,
  type CachedFile,
  type CachedRuleHeader,
  type CachedRuleSet,
  type CachedTextRange,
  CacheTextWriter,
  cachedText,
  type RuleCacheOptions,
  readRuleCache,
  ruleSetKey,
  toCachedJson,
  writeRuleCache,
} from './rule-cache.js';
import { ruleEngineFingerprint } from './rule-engine-fingerprint.js';
import { readRuleSources } from './rule-sources.js';
import { parseYamlDocuments } from './rule-yaml.js';
import {
  type CompiledDocument,
  type CompileOptions,
  compileKnownDetection,
  compileRuleDocument,
} from './sigma/compile-rule.js';
import type { EventPredicate } from './sigma/detection-item.js';
import type { FieldAtom, RuleRequirement } from './sigma/rule-requirement.js';
import type { SigmaCorrelationRule, SigmaFilter, SigmaRule } from './sigma/sigma-rule.js';

export type { RuleCacheOptions };

export interface RuleLoadFailure {
  file: string;
  error: string;
}

export interface RuleNote {
  file: string;
  ruleId: string;
  note: string;
}

/** How long one detection rule took to compile (parse excluded), in milliseconds. */
export interface RuleCompileTime {
  file: string;
  ruleId: string;
  milliseconds: number;
}

/** Everything `loadRules` read: compiled rules of each kind, failures, and compile notes. */
export interface RuleSet {
  readonly rules: readonly SigmaRule[];
  readonly correlations: readonly SigmaCorrelationRule[];
  readonly filters: readonly SigmaFilter[];
  readonly failed: readonly RuleLoadFailure[];
  readonly notes: readonly RuleNote[];
  /** Per detection rule, when it was compiled (by this load or the one that filled the cache). */
  readonly compileTimes?: readonly RuleCompileTime[];
  /** Whether the rules came from the compiled-rule cache. */
  readonly fromCache?: boolean;
}

export interface LoadRulesOptions {
  /** Values for `%name%` placeholders used with the `expand` modifier. */
  placeholders?: Record<string, string[]>;
  /**
   * Compile each value list into one multi-pattern matcher (default). False keeps one predicate
   * per value, the reference behaviour that benchmarks compare against.
   */
  multiPattern?: boolean;
  /** The compiled-rule cache to read and fill; none by default. */
  cache?: RuleCacheOptions;
  /** Decompressed volume and member count of a rule pack (`.zip`), as for every input. */
  limits?: Partial<InputLimits>;
}

export async function loadRules(paths: readonly string[], options: LoadRulesOptions = {}): Promise<RuleSet> {
  const read = await readRuleSources(paths, options.limits);
  const failed: RuleLoadFailure[] = [...read.failed];
  const compileOptions = { placeholders: options.placeholders ?? {}, multiPattern: options.multiPattern };
  if (options.cache === undefined) {
    const compiled: CompiledDocument[] = [];
    const times: RuleCompileTime[] = [];
    for (const source of read.sources) {
      for (const outcome of compileRuleDocuments(source.text, { ...compileOptions, file: source.file })) {
        if (!outcome.ok) failed.push({ file: source.file, error: outcome.error });
        else {
          compiled.push(outcome.compiled);
          if (outcome.compiled.kind === 'detection')
            times.push({ file: source.file, ruleId: outcome.compiled.id, milliseconds: outcome.milliseconds });
        }
      }
    }
    return { ...assembleRuleSet(compiled, failed), compileTimes: times, fromCache: false };
  }
  const sources = read.sources.map((source) => ({ ...source, hash: contentHash(source.text) }));
  const key = ruleSetKey(
    options.cache.engine ?? ruleEngineFingerprint(),
    { placeholders: compileOptions.placeholders, multiPattern: compileOptions.multiPattern !== false },
    sources.map((source) => ({ file: source.realFile, hash: source.hash })),
  );
  const cached = readRuleCache(options.cache, key, sources);
  if (cached !== undefined) return fromCache(cached, sources, compileOptions, failed);
  const compiled: CompiledDocument[] = [];
  const times: RuleCompileTime[] = [];
  const files: CachedFile[] = [];
  const texts = new CacheTextWriter();
  for (const source of sources) {
    const documents: CachedDocument[] = [];
    let faithful = true;
    for (const outcome of compileRuleDocuments(source.text, { ...compileOptions, file: source.file })) {
      if (!outcome.ok) {
        failed.push({ file: source.file, error: outcome.error });
        documents.push({ outcome: 'failed', error: outcome.error });
        continue;
      }
      const document = outcome.compiled;
      compiled.push(document);
      const json = toCachedJson(outcome.value);
      // A rule without an id of its own is named after its file as given (compile-rule.ts): the
      // entry serves every spelling of the path, so such a file is compiled from YAML each time.
      if (json === undefined || (document.kind === 'detection' && !hasOwnId(outcome.value))) faithful = false;
      else if (document.kind === 'detection') {
        times.push({ file: source.file, ruleId: document.id, milliseconds: outcome.milliseconds });
        const requirement = document.requirement?.();
        documents.push({
          outcome: 'detection',
          header: headerOf(document),
          json: texts.add(json),
          compileMs: outcome.milliseconds,
          ...(requirement === undefined ? {} : { requirement: texts.add(writeRequirement(requirement)) }),
        });
      } else documents.push({ outcome: document.kind, json: texts.add(json) });
    }
    // A document JSON cannot carry exactly (.inf, .nan) makes its file compile from YAML each time
    // (texts already added for it stay in the region, unreferenced).
    files.push({ file: source.realFile, hash: source.hash, documents: faithful ? documents : [{ outcome: 'yaml' }] });
  }
  writeRuleCache(options.cache, key, files, texts);
  return { ...assembleRuleSet(compiled, failed), compileTimes: times, fromCache: false };
}

type DocumentOutcome =
  | { ok: true; value: unknown; compiled: CompiledDocument; milliseconds: number }
  | { ok: false; error: string };

/** Parses and compiles the YAML documents of one rule file, one outcome per non-empty document. */
export function compileRuleDocuments(text: string, options: CompileOptions): DocumentOutcome[] {
  const outcomes: DocumentOutcome[] = [];
  for (const result of parseYamlDocuments(text)) {
    if (!result.ok) {
      outcomes.push(result);
      continue;
    }
    const value = result.value;
    if (value === null || value === undefined) continue;
    const started = performance.now();
    try {
      const compiled = compileRuleDocument(value, options);
      outcomes.push({ ok: true, value, compiled, milliseconds: performance.now() - started });
    } catch (error) {
      const title = typeof value === 'object' && value !== null && 'title' in value ? ` (${String(value.title)})` : '';
      outcomes.push({ ok: false, error: `${(error as Error).message}${title}` });
    }
  }
  return outcomes;
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
  for (const outcome of compileRuleDocuments(text, { file, placeholders, multiPattern })) {
    if (outcome.ok) compiled.push(outcome.compiled);
    else failed.push({ file, error: outcome.error });
  }
  return compiled;
}

function headerOf(rule: SigmaRule): CachedRuleHeader {
  return {
    id: rule.id,
    name: rule.name,
    title: rule.title,
    status: rule.status,
    description: rule.description,
    level: rule.level,
    tags: [...rule.tags],
    logsource: rule.logsource,
    falsepositives: [...rule.falsepositives],
    fields: [...rule.fields],
    notes: [...rule.notes],
  };
}

function hasOwnId(value: unknown): boolean {
  const id = typeof value === 'object' && value !== null ? (value as { id?: unknown }).id : undefined;
  return id !== undefined && id !== null;
}

type CompileSettings = Omit<CompileOptions, 'file'>;

function fromCache(
  { files, texts }: CachedRuleSet,
  sources: ReadonlyArray<{ file: string; text: string }>,
  settings: CompileSettings,
  failed: RuleLoadFailure[],
): RuleSet {
  const compiled: CompiledDocument[] = [];
  const times: RuleCompileTime[] = [];
  files.forEach((file, index) => {
    // Named as given in this load (the entry lists real paths).
    const source = sources[index] as { file: string; text: string };
    const options: CompileOptions = { ...settings, file: source.file };
    for (const document of file.documents) {
      if (document.outcome === 'yaml') {
        compiled.push(
          ...compileRuleText(source.text, source.file, settings.placeholders, failed, settings.multiPattern),
        );
      } else if (document.outcome === 'failed') failed.push({ file: source.file, error: document.error });
      else if (document.outcome === 'detection') {
        compiled.push(lazyRule(document.header, texts, document.json, document.requirement, options));
        times.push({ file: source.file, ruleId: document.header.id, milliseconds: document.compileMs });
      } else compiled.push(compileRuleDocument(JSON.parse(cachedText(texts, document.json)), options));
    }
  });
  return { ...assembleRuleSet(compiled, failed), compileTimes: times, fromCache: true };
}

/**
 * A detection rule from the cache whose matcher is compiled when it is first asked to match; its
 * document and requirement are decoded from the entry's text region when first asked for.
 */
function lazyRule(
  header: CachedRuleHeader,
  texts: Buffer,
  json: CachedTextRange,
  requirement: CachedTextRange | undefined,
  options: CompileOptions,
): SigmaRule {
  let compiled: EventPredicate | undefined;
  const compile = (): EventPredicate => {
    try {
      return compileKnownDetection(JSON.parse(cachedText(texts, json)), options);
    } catch {
      // The cache recorded that this document compiled with this very engine; never match on a surprise.
      return () => false;
    }
  };
  return {
    kind: 'detection',
    ...header,
    name: header.name,
    status: header.status,
    description: header.description,
    file: options.file,
    document: () => JSON.parse(cachedText(texts, json)),
    documentText: () => cachedText(texts, json),
    requirement: () => (requirement === undefined ? undefined : readRequirement(cachedText(texts, requirement))),
    match: (view) => {
      compiled ??= compile();
      return compiled(view);
    },
  };
}

/**
 * A requirement as cache text: each clause a list of `[field, text, text…]` groups, so a field
 * name is written once per clause rather than once per atom (the Windows rules' atoms are about
 * half of the entry otherwise).
 */
function writeRequirement(requirement: NonNullable<RuleRequirement>): string {
  return JSON.stringify(
    requirement.map((clause) => {
      const groups = new Map<string, string[]>();
      for (const { field, text } of clause) {
        const texts = groups.get(field);
        if (texts === undefined) groups.set(field, [text]);
        else texts.push(text);
      }
      return [...groups].map(([field, texts]) => [field, ...texts]);
    }),
  );
}

/** A cached requirement; none (the rule runs on every event of its source) unless it has the expected shape. */
function readRequirement(json: string): RuleRequirement {
  const value: unknown = JSON.parse(json);
  if (!Array.isArray(value) || value.length === 0) return undefined;
  const clauses: FieldAtom[][] = [];
  for (const groups of value) {
    if (!Array.isArray(groups) || groups.length === 0) return undefined;
    const clause: FieldAtom[] = [];
    for (const group of groups) {
      if (!Array.isArray(group) || group.length < 2) return undefined;
      const [field, ...texts] = group as unknown[];
      if (typeof field !== 'string') return undefined;
      for (const text of texts) {
        if (typeof text !== 'string' || text === '') return undefined;
        clause.push({ field, text });
      }
    }
    clauses.push(clause);
  }
  return clauses;
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

/** Rules whose compile time stands out: over `factor` × the median and `minimumMs`, slowest first. */
export function compileTimeOutliers(
  times: readonly RuleCompileTime[],
  options: { factor?: number; minimumMs?: number; limit?: number } = {},
): { medianMs: number; outliers: RuleCompileTime[] } {
  const sorted = times.map((time) => time.milliseconds).sort((left, right) => left - right);
  const medianMs = sorted.length === 0 ? 0 : (sorted[Math.floor(sorted.length / 2)] as number);
  const threshold = Math.max(medianMs * (options.factor ?? 10), options.minimumMs ?? 2);
  const outliers = times
    .filter((time) => time.milliseconds > threshold)
    .sort((left, right) => right.milliseconds - left.milliseconds)
    .slice(0, options.limit ?? 10);
  return { medianMs, outliers };
}
