import { existsSync } from 'node:fs';
import { readdir, readFile, stat } from 'node:fs/promises';
import { basename, join } from 'node:path';
import { ExternalServiceError, InputInvalidError, InputUnreadableError, type Tlp } from '../../core/index.js';
import { defaultInputLimits, type InputLimits, InputQuota, parseBoundedJson } from '../../guard/index.js';
import { parseIocList } from '../ioc-list/parse-ioc-list.js';
import { importMispDocument } from '../misp/import-misp.js';
import { type MispFeedState, syncMispFeed } from '../misp/misp-feed.js';
import { contextObjectsOf, joinIndicatorRelations } from '../stix/join-relations.js';
import { importStixDocument } from './import-stix.js';
import { importTaxiiCollection, isTaxiiInput, type TaxiiImportOptions } from './import-taxii.js';
import { emptyIntelImport, type IntelImport, type IntelRejection, mergeIntelImport } from './intel-import.js';
import { readHead, readTextChunks, sniffDocument } from './read-text.js';

export interface ImportIntelOptions {
  /** Strict: the first invalid object fails the whole import (InputInvalidError). Default relaxed. */
  strict?: boolean;
  /** For URLs (MISP feeds, STIX or IOC lists over HTTP, TAXII); the global fetch by default. */
  fetch?: typeof fetch;
  /** Credentials and polling state for `taxii+https://…/collections/<id>/` inputs. */
  taxii?: Omit<TaxiiImportOptions, 'fetch' | 'strict'>;
  /**
   * Every input must hold threat intelligence (`--intel` of investigate): an input that yields no
   * indicator fails with InputInvalidError naming it and why, instead of silently matching nothing.
   */
  requireIndicators?: boolean;
  /**
   * Return a TAXII poll that failed part-way with what it fetched and the failure in `failures`
   * (the CLI stores it, saves where the poll got to, then exits non-zero). Default: throw the
   * failure once every input is read, so nothing silently works on part of a collection.
   */
  keepPartial?: boolean;
  /**
   * Where each MISP feed (directory or URL, by location) got to: events whose manifest timestamp
   * has not moved are not read again. Updated in place.
   */
  feeds?: Record<string, MispFeedState>;
  /** TLP of MISP events and attributes with no `tlp:` tag. Default `amber`: never a silent CLEAR. */
  unmarkedTlp?: Tlp;
  /**
   * Decompressed volume of one `.gz` input, and the largest STIX object (default 64 MiB there: a
   * collection object lists thousands of references); the same limits as for logs.
   */
  limits?: Partial<InputLimits>;
}

/** Largest STIX object read when no record limit is given. */
const defaultMaxStixObjectBytes = 64 * 1024 * 1024;

const importableFile = /\.(json|json\.gz|txt|csv|ioc|iocs|list)$/i;

/**
 * Imports threat intelligence from files, directories and URLs: STIX 2.1 bundles
 * (.json or .json.gz, streamed), MISP event JSON, MISP feed directories or URLs
 * (manifest.json), and plain IOC lists (one value per line, defanged forms
 * refanged). Each file is one batch: if it cannot be read as a whole nothing of
 * it is kept. Relaxed (default): invalid objects are rejected with a reason and
 * the rest kept. Strict: any rejection throws InputInvalidError naming it.
 */
export async function importIntel(inputs: readonly string[], options: ImportIntelOptions = {}): Promise<IntelImport> {
  const total = emptyIntelImport();
  for (const input of inputs) {
    const batch = await importOne(input, options);
    if (options.requireIndicators && batch.indicators.length === 0) {
      const why = batch.rejected[0]?.reason ?? 'nothing in it reads as STIX, MISP or an IOC list';
      throw new InputInvalidError(`${input} holds no threat intelligence: ${why}`);
    }
    if (options.strict && batch.rejected.length > 0) throw strictError(batch.rejected[0]!, batch.rejected.length);
    mergeIntelImport(total, batch);
  }
  // One input's relationships name another's indicators (two bundles, two collections).
  if (inputs.length > 1)
    total.indicators = joinIndicatorRelations(total.indicators, contextObjectsOf(total.stixObjects));
  const [failure] = total.failures;
  if (failure && !options.keepPartial) throw failure;
  return total;
}

const unmarked = (options: ImportIntelOptions) => (options.unmarkedTlp ? { unmarkedTlp: options.unmarkedTlp } : {});

/** A MISP feed, from where `options.feeds` says the last sync got to (and the new position written back). */
async function feed(location: string, name: string, options: ImportIntelOptions): Promise<IntelImport> {
  const previous = options.feeds?.[location];
  const sync = await syncMispFeed(location, {
    name,
    ...(previous ? { state: previous } : {}),
    ...(options.fetch ? { fetch: options.fetch } : {}),
    ...(options.unmarkedTlp ? { unmarkedTlp: options.unmarkedTlp } : {}),
  });
  if (options.feeds) options.feeds[location] = sync.state;
  return sync.result;
}

async function importOne(input: string, options: ImportIntelOptions): Promise<IntelImport> {
  if (isTaxiiInput(input)) {
    // A TAXII failure (auth, HTTP, TLS, malformed envelope) is not a rejected object: it
    // propagates, so commands exit non-zero with one line saying what the server did.
    return importTaxiiCollection(input, {
      ...options.taxii,
      ...(options.fetch ? { fetch: options.fetch } : {}),
      ...(options.strict ? { strict: true } : {}),
    });
  }
  if (/^https?:\/\//i.test(input)) return importUrl(input, options);
  let details: Awaited<ReturnType<typeof stat>>;
  try {
    details = await stat(input);
  } catch (error) {
    const code = (error as NodeJS.ErrnoException).code;
    throw new InputUnreadableError(
      `cannot read ${input}: ${code === 'ENOENT' ? 'no such file or directory' : (code ?? (error as Error).message)}`,
      { cause: error },
    );
  }
  if (details.isDirectory()) {
    if (existsSync(join(input, 'manifest.json'))) return feed(input, basename(input), options);
    const total = emptyIntelImport();
    for (const file of await listFiles(input)) mergeIntelImport(total, await importFile(file, options));
    return total;
  }
  return importFile(input, options);
}

async function importFile(path: string, options: ImportIntelOptions): Promise<IntelImport> {
  try {
    const head = await readHead(path);
    if (looksBinary(head)) return rejectedBatch(path, 'the file is binary, not threat intelligence');
    const kind = sniffDocument(head);
    const quota = new InputQuota(path, { ...defaultInputLimits, ...options.limits });
    if (kind === 'stix')
      return await importStixDocument(readTextChunks(path, quota), path, {
        ...options,
        maxObjectBytes: options.limits?.maxRecordBytes ?? defaultMaxStixObjectBytes,
      });
    const text = await readWholeText(path, quota);
    if (kind === 'misp') return importMispDocument(parseBoundedJson(text), path, undefined, unmarked(options));
    return iocListBatch(text, path);
  } catch (error) {
    return rejectedBatch(path, error instanceof Error ? error.message : String(error));
  }
}

async function importUrl(url: string, options: ImportIntelOptions): Promise<IntelImport> {
  const fetchImplementation = options.fetch ?? fetch;
  if (url.endsWith('/') || url.endsWith('manifest.json')) {
    const location = url.replace(/manifest\.json$/, '');
    return feed(location, location, { ...options, fetch: fetchImplementation });
  }
  let text: string;
  try {
    const response = await fetchImplementation(url, { signal: AbortSignal.timeout(60_000) });
    if (!response.ok)
      throw new ExternalServiceError(`${url} answered ${response.status}`, { statusCode: response.status });
    text = await response.text();
  } catch (error) {
    return rejectedBatch(url, error instanceof Error ? error.message : String(error));
  }
  try {
    const kind = sniffDocument(text.slice(0, 8192));
    if (kind === 'stix') return await importStixDocument([text], url, options);
    if (kind === 'misp') return importMispDocument(parseBoundedJson(text), url, undefined, unmarked(options));
    if (/^\s*<(!doctype|html)/i.test(text)) return rejectedBatch(url, 'answered HTML, not threat intelligence');
    return iocListBatch(text, url);
  } catch (error) {
    return rejectedBatch(url, error instanceof Error ? error.message : String(error));
  }
}

function iocListBatch(text: string, source: string): IntelImport {
  const { indicators, problems } = parseIocList(text, `list:${basename(source)}`);
  return {
    ...emptyIntelImport(),
    objects: indicators.length,
    indicators,
    rejected: problems.map((problem) => ({ source, position: `line ${problem.line}`, reason: problem.reason })),
  };
}

async function readWholeText(path: string, quota: InputQuota): Promise<string> {
  if (!path.endsWith('.gz')) return (await readFile(path, 'utf8')).replace(/^\uFEFF/, '');
  let text = '';
  for await (const chunk of readTextChunks(path, quota)) text += chunk;
  return text;
}

async function listFiles(directory: string): Promise<string[]> {
  const entries = await readdir(directory, { withFileTypes: true, recursive: true });
  return entries
    .filter((entry) => entry.isFile() && importableFile.test(entry.name))
    .map((entry) => join(entry.parentPath ?? directory, entry.name))
    .sort();
}

/** NUL bytes or undecodable UTF-8 near the start: an image, an archive, an executable. */
function looksBinary(head: string): boolean {
  const start = head.slice(0, 4096);
  return start.includes('\u0000') || (start.match(/\uFFFD/g)?.length ?? 0) > 2;
}

function rejectedBatch(source: string, reason: string): IntelImport {
  return { ...emptyIntelImport(), rejected: [{ source, reason }] };
}

function strictError(first: IntelRejection, count: number): InputInvalidError | InputUnreadableError {
  const where = [first.position, first.objectId].filter(Boolean).join(' ');
  const message = `${first.source}${where ? ` ${where}` : ''}: ${first.reason}${count > 1 ? ` (and ${count - 1} more)` : ''}`;
  return new InputInvalidError(message, {
    location: { file: first.source, ...(first.objectId ? { objectId: first.objectId } : {}) },
  });
}
