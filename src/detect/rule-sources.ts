/**
 * The texts of the rule files under the given paths: files, directories (recursively, `.yml` and
 * `.yaml`) and rule packs (a `.zip` of rule files, such as SigmaHQ's release packages, read in
 * one open). Directories are read synchronously in one pass: thousands of small awaited reads
 * cost more in scheduling than in I/O. Unreadable files are reported, not fatal; an unreadable
 * given path is an error.
 */
import { readdirSync, readFileSync, realpathSync, statSync } from 'node:fs';
import { join, relative, resolve, sep } from 'node:path';
import yauzl from 'yauzl';
import { InputInvalidError, InputUnreadableError } from '../core/index.js';
import { defaultInputLimits, type InputLimits } from '../guard/index.js';

export interface RuleSource {
  /** The file, or `pack.zip:member/path.yml` for a rule inside a pack. */
  readonly file: string;
  /**
   * `file` with the given path resolved to its real location (symbolic links and relative
   * spellings resolved), so the same rules given as `rules` or `/abs/rules` are one cache entry.
   */
  readonly realFile: string;
  readonly text: string;
}

export interface RuleSourceFailure {
  readonly file: string;
  readonly error: string;
}

export interface RuleSources {
  readonly sources: RuleSource[];
  readonly failed: RuleSourceFailure[];
}

const ruleExtensions = /\.ya?ml$/i;
/** A rule file larger than this is refused (the largest SigmaHQ rule is about 60 kB). */
export const maxRuleFileBytes = 4 * 2 ** 20;
/** A pack whose rule files add up to more than this is refused (SigmaHQ's full pack is about 20 MB). */
export const maxPackBytes = 512 * 2 ** 20;

/** `limits`: a pack's rule files may decompress to `maxDecompressedBytes` (at most `maxPackBytes`) in `maxMembers` files. */
export async function readRuleSources(
  paths: readonly string[],
  limits: Partial<InputLimits> = {},
): Promise<RuleSources> {
  const sources: RuleSource[] = [];
  const failed: RuleSourceFailure[] = [];
  for (const path of paths) {
    let isFile: boolean;
    try {
      isFile = statSync(path).isFile();
    } catch (error) {
      throw new InputUnreadableError(`cannot read rules at ${path}: ${(error as Error).message}`, {
        location: { file: path },
        cause: error,
      });
    }
    const real = realPath(path);
    if (isFile && /\.zip$/i.test(path))
      sources.push(...(await readPack(path, real, { ...defaultInputLimits, ...limits })));
    else if (isFile) readOne(path, real, sources, failed);
    else for (const file of listRuleFiles(path)) readOne(file, realFileOf(path, real, file), sources, failed);
  }
  return { sources, failed };
}

/** The path's real location; the path resolved as written when that cannot be read (it was just read). */
function realPath(path: string): string {
  try {
    return realpathSync(path);
  } catch {
    return resolve(path);
  }
}

/**
 * Where `file`, found under the given `folder`, really lies (`real` is the folder's real path). A
 * file listed as the folder's own spelling and a relative name needs no `relative()`, which
 * resolves both paths for each of thousands of files.
 */
function realFileOf(folder: string, real: string, file: string): string {
  const prefix = folder.endsWith(sep) ? folder : `${folder}${sep}`;
  return join(real, file.startsWith(prefix) ? file.slice(prefix.length) : relative(folder, file));
}

function listRuleFiles(folder: string): string[] {
  return readdirSync(folder, { withFileTypes: true, recursive: true })
    .filter((entry) => entry.isFile() && ruleExtensions.test(entry.name))
    .map((entry) => join(entry.parentPath, entry.name))
    .sort();
}

function readOne(file: string, realFile: string, sources: RuleSource[], failed: RuleSourceFailure[]): void {
  try {
    const buffer = readFileSync(file);
    if (buffer.length > maxRuleFileBytes) failed.push({ file, error: `larger than ${maxRuleFileBytes} bytes` });
    else sources.push({ file, realFile, text: buffer.toString('utf8') });
  } catch (error) {
    failed.push({ file, error: `cannot read: ${(error as Error).message}` });
  }
}

/** The rule files of a zip pack, in name order. */
async function readPack(pack: string, realPack: string, limits: InputLimits): Promise<RuleSource[]> {
  const maxBytes = Math.min(maxPackBytes, limits.maxDecompressedBytes);
  const invalid = (message: string, cause?: unknown) =>
    new InputInvalidError(`rule pack: ${message}`, { location: { file: pack }, cause });
  const archive = await new Promise<yauzl.ZipFile>((resolve, reject) =>
    yauzl.open(pack, { lazyEntries: true }, (error, opened) => (error ? reject(error) : resolve(opened))),
  ).catch((error: Error) => {
    throw invalid(`not a readable zip archive: ${error.message}`, error);
  });
  const sources: RuleSource[] = [];
  let total = 0;
  let members = 0;
  await new Promise<void>((resolve, reject) => {
    archive.on('error', (error: Error) => reject(invalid(`damaged archive: ${error.message}`, error)));
    archive.on('end', resolve);
    archive.on('entry', (entry: yauzl.Entry) => {
      if (entry.fileName.endsWith('/') || !ruleExtensions.test(entry.fileName)) {
        archive.readEntry();
        return;
      }
      total += entry.uncompressedSize;
      members += 1;
      const over =
        entry.uncompressedSize > maxRuleFileBytes
          ? `${entry.fileName} is larger than ${maxRuleFileBytes} bytes`
          : total > maxBytes
            ? `${entry.fileName} takes the pack past ${maxBytes} decompressed bytes (limit maxDecompressedBytes, --max-decompressed-bytes)`
            : members > limits.maxMembers
              ? `more than ${limits.maxMembers} rule files (limit maxMembers, --max-members)`
              : undefined;
      if (over) {
        archive.close();
        reject(invalid(over));
        return;
      }
      archive.openReadStream(entry, (error, stream) => {
        if (error) return reject(invalid(error.message, error));
        const chunks: Buffer[] = [];
        let size = 0;
        stream.on('data', (chunk: Buffer) => {
          size += chunk.length;
          // yauzl checks the declared size too; this guards a lying header.
          if (size > maxRuleFileBytes) stream.destroy(invalid(`${entry.fileName} is larger than declared`));
          else chunks.push(chunk);
        });
        stream.on('error', reject);
        stream.on('end', () => {
          sources.push({
            file: `${pack}:${entry.fileName}`,
            realFile: `${realPack}:${entry.fileName}`,
            text: Buffer.concat(chunks).toString('utf8'),
          });
          archive.readEntry();
        });
      });
    });
    archive.readEntry();
  });
  return sources.sort((left, right) => (left.file < right.file ? -1 : left.file > right.file ? 1 : 0));
}
