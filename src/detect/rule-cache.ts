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
import { type CacheFolder, type CacheKind, readCacheEntryBytes, writeCacheEntry } from './checked-cache.js';
import type { RuleSource } from './rule-sources.js';
import { logSourceSchema } from './sigma/rule-document-schema.js';

export interface RuleCacheOptions extends CacheFolder {
  /** The engine's fingerprint; ruleEngineFingerprint() by default (tests change it). */
  engine?: string;
}

/** Entries kept in the folder; older ones are removed after a write. */
const keptEntries = 8;
const format = 3;

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

/** Where a text lies in the entry's text region: its UTF-8 bytes from `start` to `end`. */
const textRangeSchema = z.tuple([z.number().int().nonnegative(), z.number().int().nonnegative()]);
export type CachedTextRange = z.infer<typeof textRangeSchema>;

/**
 * A document's outcome, with its texts as `Text`: strings when written, ranges of the text region
 * when read (decoded when a rule first needs them, so a warm load decodes no document).
 */
function documentSchemaOf<Text extends z.ZodType>(text: Text) {
  return z.discriminatedUnion('outcome', [
    z.object({
      outcome: z.literal('detection'),
      header: headerSchema,
      // The document's JSON text.
      json: text,
      compileMs: z.number(),
      // The rule's requirement (sigma/rule-requirement.ts) as JSON text, absent when it has none:
      // read when an event of its log source first meets it, so a warm load derives nothing.
      requirement: text.optional(),
    }),
    z.object({ outcome: z.enum(['correlation', 'filter']), json: text }),
    z.object({ outcome: z.literal('failed'), error: z.string() }),
    // The file's documents are compiled from its YAML at each load (JSON cannot carry them exactly).
    z.object({ outcome: z.literal('yaml') }),
  ]);
}
const documentSchema = documentSchemaOf(textRangeSchema);
export type CachedDocument = z.infer<typeof documentSchema>;

const fileSchema = z.object({ file: z.string(), hash: z.string(), documents: z.array(documentSchema) });
export type CachedFile = z.infer<typeof fileSchema>;

const indexSchema = z.object({ format: z.literal(format), key: z.string(), files: z.array(fileSchema) });

/** A read entry: its files, and the text region their ranges point into. */
export interface CachedRuleSet {
  readonly files: readonly CachedFile[];
  readonly texts: Buffer;
}

/** The text at `range` of an entry's text region. */
export function cachedText(texts: Buffer, range: CachedTextRange): string {
  return texts.toString('utf8', range[0], range[1]);
}

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
): CachedRuleSet | undefined {
  return readCacheEntryBytes(options, kind, key, (body) => parseEntry(body, key, sources));
}

/**
 * An entry's body is its index, JSON in ASCII (so it is read without UTF-8 decoding), a newline,
 * then the text region: the documents' and requirements' JSON texts as UTF-8, one after another,
 * unescaped.
 */
function parseEntry(
  body: Buffer,
  key: string,
  sources: readonly (RuleSource & { hash: string })[],
): CachedRuleSet | { unusable: string } {
  const newline = body.indexOf(0x0a);
  if (newline === -1) return { unusable: 'no index line' };
  let value: unknown;
  try {
    value = JSON.parse(body.toString('latin1', 0, newline));
  } catch {
    return { unusable: 'the index is not JSON' };
  }
  const parsed = indexSchema.safeParse(value);
  if (!parsed.success)
    return { unusable: `unexpected shape at ${parsed.error.issues[0]?.path.join('.') || 'the top'}` };
  if (parsed.data.key !== key) return { unusable: 'it belongs to another key' };
  const files = parsed.data.files;
  if (files.length !== sources.length) return { unusable: 'it lists other files' };
  const texts = body.subarray(newline + 1);
  const outside = (range: CachedTextRange | undefined) =>
    range !== undefined && (range[0] > range[1] || range[1] > texts.length);
  for (let index = 0; index < files.length; index++) {
    const cached = files[index] as CachedFile;
    const source = sources[index] as RuleSource & { hash: string };
    if (cached.file !== source.realFile || cached.hash !== source.hash)
      return { unusable: `it lists another version of ${source.file}` };
    for (const document of cached.documents) {
      if ('json' in document && outside(document.json)) return { unusable: `a text of ${source.file} lies outside it` };
      if ('requirement' in document && outside(document.requirement))
        return { unusable: `a text of ${source.file} lies outside it` };
    }
  }
  return { files, texts };
}

/**
 * The text region of an entry being written: each text is encoded into the region as it is
 * added, and its range returned, so the texts (the documents' JSON, 7 MB for the SigmaHQ rules)
 * are garbage at once instead of living, and being copied by each collection, until the write.
 */
export class CacheTextWriter {
  private readonly chunks: Buffer[] = [];
  private chunk: Buffer = Buffer.allocUnsafe(0);
  /** Bytes used of `chunk`. */
  private used = 0;
  /** Bytes in the finished chunks. */
  private before = 0;

  constructor(private readonly chunkBytes = 2 ** 20) {}

  /** Adds `text` as UTF-8; where it lies in the region. */
  add(text: string): CachedTextRange {
    // Three bytes per UTF-16 unit at most: count exactly only when that might not fit.
    if (this.chunk.length - this.used < text.length * 3) {
      const bytes = Buffer.byteLength(text, 'utf8');
      if (this.chunk.length - this.used < bytes) this.startChunk(bytes);
    }
    const start = this.before + this.used;
    this.used += this.chunk.write(text, this.used, 'utf8');
    return [start, this.before + this.used];
  }

  /** The region's bytes, in order. */
  finish(): Buffer[] {
    this.startChunk(0);
    return this.chunks;
  }

  get length(): number {
    return this.before + this.used;
  }

  private startChunk(bytes: number): void {
    if (this.used > 0) this.chunks.push(this.chunk.subarray(0, this.used));
    this.before += this.used;
    this.used = 0;
    this.chunk = bytes === 0 ? Buffer.allocUnsafe(0) : Buffer.allocUnsafe(Math.max(this.chunkBytes, bytes));
  }
}

/**
 * Writes the entry for `key` atomically (temporary file, then rename), then trims old entries:
 * `files` point into the text region `texts` holds.
 */
export function writeRuleCache(
  options: RuleCacheOptions,
  key: string,
  files: readonly CachedFile[],
  texts: CacheTextWriter,
): void {
  const index = asciiJson({ format, key, files });
  const region = texts.finish();
  const body = Buffer.allocUnsafe(index.length + 1 + texts.length);
  body.write(index, 0, 'latin1');
  body[index.length] = 0x0a;
  let offset = index.length + 1;
  for (const chunk of region) offset += chunk.copy(body, offset);
  writeCacheEntry(options, kind, key, body);
}

/**
 * JSON text of `value` in ASCII: every character past U+007F written as a \u escape (JSON reads
 * it back the same). The replacement is the only scan: a text without such a character comes
 * back as it is (a length check first cost a second pass over the index).
 */
function asciiJson(value: unknown): string {
  return JSON.stringify(value).replace(
    /[\u0080-\uffff]/g,
    (character) => `\\u${character.charCodeAt(0).toString(16).padStart(4, '0')}`,
  );
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
