/**
 * The compiled-rule cache: what compiling a set of rule files found, in one file under the
 * cache folder ($VIGIL_HOME/cache/rules by the CLI), keyed by the engine's fingerprint, the
 * compile options and every rule file's real path and content hash. So any change of a rule file or
 * of the engine is a different key, and a miss. An entry holds each document's outcome (rule
 * header, notes, failure, requirement) and the document itself as JSON text, from which a rule's
 * matcher is compiled when an event of its log source first meets it.
 *
 * Entries are written and checked by checked-cache.ts: atomic writes that survive concurrent
 * writers, a checksum and this file's shape checked before use; an entry that fails is reported
 * and rebuilt, never used.
 */
import { createHash } from 'node:crypto';
import { z } from 'zod';
import { severitySchema } from '../core/index.js';
import { type CacheFolder, type CacheKind, readCacheEntry, writeCacheEntry } from './checked-cache.js';
import type { RuleSource } from './rule-sources.js';
import { logSourceSchema } from './sigma/rule-document-schema.js';

export interface RuleCacheOptions extends CacheFolder {
  /** The engine's fingerprint; ruleEngineFingerprint() by default (tests change it). */
  engine?: string;
}

/** Entries kept in the folder; older ones are removed after a write. */
const keptEntries = 8;
const format = 2;

const headerSchema = z.object({
  id: z.string(),
  name: z.string().optional(),
  title: z.string(),
  status: z.string().optional(),
  description: z.string().optional(),
  level: severitySchema,
  tags: z.array(z.string()),
  logsource: logSourceSchema,
  falsepositives: z.array(z.string()),
  fields: z.array(z.string()),
  notes: z.array(z.string()),
});
export type CachedRuleHeader = z.infer<typeof headerSchema>;

const documentSchema = z.discriminatedUnion('outcome', [
  z.object({
    outcome: z.literal('detection'),
    header: headerSchema,
    json: z.string(),
    compileMs: z.number(),
    // The rule's requirement (sigma/rule-requirement.ts) as JSON text, absent when it has none:
    // read when an event of its log source first meets it, so a warm load derives nothing.
    requirement: z.string().optional(),
  }),
  z.object({ outcome: z.enum(['correlation', 'filter']), json: z.string() }),
  z.object({ outcome: z.literal('failed'), error: z.string() }),
  // The file's documents are compiled from its YAML at each load (JSON cannot carry them exactly).
  z.object({ outcome: z.literal('yaml') }),
]);
export type CachedDocument = z.infer<typeof documentSchema>;

const fileSchema = z.object({ file: z.string(), hash: z.string(), documents: z.array(documentSchema) });
export type CachedFile = z.infer<typeof fileSchema>;

const bodySchema = z.object({ format: z.literal(format), key: z.string(), files: z.array(fileSchema) });

/** The cache key of a rule set: engine, options, and each file's real path and content hash, in order. */
export function ruleSetKey(engine: string, options: unknown, files: ReadonlyArray<{ file: string; hash: string }>) {
  const hash = createHash('sha256');
  hash.update(`vigil-rule-cache ${format}\n${engine}\n${JSON.stringify(options)}\n`);
  for (const entry of files) hash.update(`${entry.file}\0${entry.hash}\n`);
  return hash.digest('hex').slice(0, 40);
}

const kind: CacheKind = { name: 'rule cache', rebuilding: 'compiling the rules again', format, kept: keptEntries };

/**
 * The entry for `key`, or undefined when there is none or it is unusable (then `warn` says why
 * and the entry is removed, to be rebuilt). The entry must also list exactly the given files.
 */
export function readRuleCache(
  options: RuleCacheOptions,
  key: string,
  sources: readonly (RuleSource & { hash: string })[],
): CachedFile[] | undefined {
  return readCacheEntry(options, kind, key, (body) => parseEntry(body, key, sources));
}

function parseEntry(
  body: string,
  key: string,
  sources: readonly (RuleSource & { hash: string })[],
): CachedFile[] | { unusable: string } {
  let value: unknown;
  try {
    value = JSON.parse(body);
  } catch {
    return { unusable: 'the body is not JSON' };
  }
  const parsed = bodySchema.safeParse(value);
  if (!parsed.success)
    return { unusable: `unexpected shape at ${parsed.error.issues[0]?.path.join('.') || 'the top'}` };
  if (parsed.data.key !== key) return { unusable: 'it belongs to another key' };
  const files = parsed.data.files;
  if (files.length !== sources.length) return { unusable: 'it lists other files' };
  for (let index = 0; index < files.length; index++) {
    const cached = files[index] as CachedFile;
    const source = sources[index] as RuleSource & { hash: string };
    if (cached.file !== source.realFile || cached.hash !== source.hash)
      return { unusable: `it lists another version of ${source.file}` };
  }
  return files;
}

/** Writes the entry for `key` atomically (temporary file, then rename), then trims old entries. */
export function writeRuleCache(options: RuleCacheOptions, key: string, files: readonly CachedFile[]): void {
  writeCacheEntry(options, kind, key, JSON.stringify({ format, key, files }));
}

/**
 * JSON text of a YAML value, or undefined when JSON cannot carry it (non-finite numbers, which
 * JSON.stringify writes as null). The value is walked only when its text has a null in it: a
 * replacer function would cost a call per value of every rule.
 */
export function toCachedJson(value: unknown): string | undefined {
  const text = JSON.stringify(value);
  return !text.includes('null') || allFinite(value) ? text : undefined;
}

function allFinite(value: unknown): boolean {
  if (typeof value === 'number') return Number.isFinite(value);
  if (Array.isArray(value)) return value.every(allFinite);
  if (value !== null && typeof value === 'object') return Object.values(value).every(allFinite);
  return true;
}
