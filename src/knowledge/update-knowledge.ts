/**
 * `vigil kb update`: downloads ATT&CK, SigmaHQ rules and CISA KEV from their publishers
 * into VIGIL_HOME/kb. Each file is written to a temporary name and renamed when complete,
 * so an interrupted download never leaves a half file in place.
 */
import { createWriteStream } from 'node:fs';
import { mkdir, rename, rm } from 'node:fs/promises';
import { join } from 'node:path';
import { Readable } from 'node:stream';
import { pipeline } from 'node:stream/promises';
import type { ReadableStream } from 'node:stream/web';
import { ExternalServiceError } from '../core/index.js';
import type { KnowledgeSource } from './knowledge-sources.js';
import { unzipToFolder } from './unzip-to-folder.js';

export interface UpdateOptions {
  sources: readonly KnowledgeSource[];
  folder: string;
  fetch?: typeof fetch;
  timeoutMs?: number;
}

export interface UpdatedSource {
  name: string;
  path: string;
  bytes: number;
  files?: number;
}

async function download(
  source: KnowledgeSource,
  target: string,
  fetchFunction: typeof fetch,
  timeoutMs: number,
): Promise<number> {
  let response: Response;
  try {
    response = await fetchFunction(source.url, { signal: AbortSignal.timeout(timeoutMs), redirect: 'follow' });
  } catch (error) {
    const cause = (error as Error & { cause?: { code?: string } }).cause?.code ?? (error as Error).message;
    throw new ExternalServiceError(
      `cannot download ${source.description} from ${new URL(source.url).host} (${cause}); download ${source.url} by hand and point Vigil at the file`,
      { retryable: true, cause: error },
    );
  }
  if (!response.ok || !response.body) {
    throw new ExternalServiceError(`${source.description}: ${source.url} answered HTTP ${response.status}`, {
      statusCode: response.status,
      retryable: response.status === 429 || response.status >= 500,
    });
  }
  const partial = `${target}.part`;
  let bytes = 0;
  const body = Readable.fromWeb(response.body as ReadableStream<Uint8Array>);
  body.on('data', (chunk: Buffer) => {
    bytes += chunk.length;
  });
  try {
    await pipeline(body, createWriteStream(partial));
  } catch (error) {
    await rm(partial, { force: true });
    throw new ExternalServiceError(`${source.description}: download interrupted: ${(error as Error).message}`, {
      retryable: true,
      cause: error,
    });
  }
  await rename(partial, target);
  return bytes;
}

export async function updateKnowledge(options: UpdateOptions): Promise<UpdatedSource[]> {
  const fetchFunction = options.fetch ?? fetch;
  await mkdir(options.folder, { recursive: true });
  const updated: UpdatedSource[] = [];
  for (const source of options.sources) {
    const target = join(options.folder, source.file);
    const bytes = await download(source, target, fetchFunction, options.timeoutMs ?? 120_000);
    if (source.file.endsWith('.zip')) {
      const folder = target.slice(0, -'.zip'.length);
      await rm(folder, { recursive: true, force: true });
      const files = await unzipToFolder(target, folder);
      updated.push({ name: source.name, path: folder, bytes, files });
    } else {
      updated.push({ name: source.name, path: target, bytes });
    }
  }
  return updated;
}
