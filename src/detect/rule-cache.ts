/**
 * The compiled-rule cache: what compiling a set of rule files found, in one file under the
 * cache folder ($VIGIL_HOME/cache/rules by the CLI), keyed by the engine's fingerprint, the
 * compile options and every rule file's path and content hash. So any change of a rule file or
 * of the engine is a different key, and a miss. An entry holds each document's outcome (rule
 * header, notes, failure) and the document itself as JSON text, from which a rule's matcher is
 * compiled when an event of its log source first meets it.
 *
 * Writers write a temporary file and rename it into place, so two processes writing the same
 * entry leave one whole entry, and a reader never sees half of one. An entry is checked against
 * its own checksum and shape before use; one that fails is reported and rebuilt, never used.
 */
import { createHash, randomBytes } from 'node:crypto';
import { mkdirSync, readdirSync, readFileSync, renameSync, rmSync, statSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { z } from 'zod';
import { severitySchema } from '../core/index.js';
import type { RuleSource } from './rule-sources.js';
import { logSourceSchema } from './sigma/rule-document-schema.js';

export interface RuleCacheOptions {
  /** The folder holding cache entries (created when missing). */
  folder: string;
  /** Told when an entry is unusable (corrupt, unreadable) and is rebuilt, or cannot be written. */
  warn: (message: string) => void;
  /** The engine's fingerprint; ruleEngineFingerprint() by default (tests change it). */
  engine?: string;
}

/** Entries kept in the folder; older ones are removed after a write. */
const keptEntries = 8;
const format = 1;

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
  z.object({ outcome: z.literal('detection'), header: headerSchema, json: z.string(), compileMs: z.number() }),
  z.object({ outcome: z.enum(['correlation', 'filter']), json: z.string() }),
  z.object({ outcome: z.literal('failed'), error: z.string() }),
  // The file's documents are compiled from its YAML at each load (JSON cannot carry them exactly).
  z.object({ outcome: z.literal('yaml') }),
]);
export type CachedDocument = z.infer<typeof documentSchema>;

const fileSchema = z.object({ file: z.string(), hash: z.string(), documents: z.array(documentSchema) });
export type CachedFile = z.infer<typeof fileSchema>;

const bodySchema = z.object({ format: z.literal(format), key: z.string(), files: z.array(fileSchema) });

/** The content hash of one rule file. */
export function contentHash(text: string): string {
  return createHash('sha256').update(text).digest('hex');
}

/** The cache key of a rule set: engine, options, and each file's path and content hash, in order. */
export function ruleSetKey(engine: string, options: unknown, files: ReadonlyArray<{ file: string; hash: string }>) {
  const hash = createHash('sha256');
  hash.update(`vigil-rule-cache ${format}\n${engine}\n${JSON.stringify(options)}\n`);
  for (const entry of files) hash.update(`${entry.file}\0${entry.hash}\n`);
  return hash.digest('hex').slice(0, 40);
}

const entryPath = (folder: string, key: string) => join(folder, `${key}.json`);

/**
 * The entry for `key`, or undefined when there is none or it is unusable (then `warn` says why
 * and the entry is removed, to be rebuilt). The entry must also list exactly the given files.
 */
export function readRuleCache(
  options: RuleCacheOptions,
  key: string,
  sources: readonly (RuleSource & { hash: string })[],
): CachedFile[] | undefined {
  const path = entryPath(options.folder, key);
  let text: string;
  try {
    text = readFileSync(path, 'utf8');
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code !== 'ENOENT')
      options.warn(`rule cache: cannot read ${path}: ${(error as Error).message}; compiling the rules again`);
    return undefined;
  }
  const files = parseEntry(text, key, sources);
  if (typeof files === 'string') {
    options.warn(`rule cache: entry ${path} is unusable (${files}); compiling the rules again and rewriting it`);
    rmSync(path, { force: true });
    return undefined;
  }
  return files;
}

function parseEntry(
  text: string,
  key: string,
  sources: readonly (RuleSource & { hash: string })[],
): CachedFile[] | string {
  const newline = text.indexOf('\n');
  if (newline === -1) return 'no header line';
  let header: unknown;
  try {
    header = JSON.parse(text.slice(0, newline));
  } catch {
    return 'the header is not JSON';
  }
  const body = text.slice(newline + 1);
  const checksum = (header as { checksum?: unknown } | null)?.checksum;
  if (checksum !== contentHash(body)) return 'checksum mismatch';
  let value: unknown;
  try {
    value = JSON.parse(body);
  } catch {
    return 'the body is not JSON';
  }
  const parsed = bodySchema.safeParse(value);
  if (!parsed.success) return `unexpected shape at ${parsed.error.issues[0]?.path.join('.') || 'the top'}`;
  if (parsed.data.key !== key) return 'it belongs to another key';
  const files = parsed.data.files;
  if (files.length !== sources.length) return 'it lists other files';
  for (let index = 0; index < files.length; index++) {
    const cached = files[index] as CachedFile;
    const source = sources[index] as RuleSource & { hash: string };
    if (cached.file !== source.file || cached.hash !== source.hash) return `it lists another version of ${source.file}`;
  }
  return files;
}

/** Writes the entry for `key` atomically (temporary file, then rename), then trims old entries. */
export function writeRuleCache(options: RuleCacheOptions, key: string, files: readonly CachedFile[]): void {
  try {
    mkdirSync(options.folder, { recursive: true, mode: 0o700 });
    const body = JSON.stringify({ format, key, files });
    const header = JSON.stringify({ format, key, checksum: contentHash(body), writtenAt: new Date().toISOString() });
    const path = entryPath(options.folder, key);
    const temporary = `${path}.${process.pid}.${randomBytes(6).toString('hex')}.tmp`;
    writeFileSync(temporary, `${header}\n${body}`, { mode: 0o600 });
    renameSync(temporary, path);
    trimEntries(options.folder);
  } catch (error) {
    options.warn(`rule cache: cannot write to ${options.folder}: ${(error as Error).message}`);
  }
}

function trimEntries(folder: string): void {
  const entries = readdirSync(folder)
    .filter((name) => name.endsWith('.json'))
    .map((name) => {
      try {
        return { name, modified: statSync(join(folder, name)).mtimeMs };
      } catch {
        return undefined;
      }
    })
    .filter((entry) => entry !== undefined)
    .sort((left, right) => right.modified - left.modified);
  for (const entry of entries.slice(keptEntries)) rmSync(join(folder, entry.name), { force: true });
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
