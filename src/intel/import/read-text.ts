import { createReadStream } from 'node:fs';
import { open } from 'node:fs/promises';
import { StringDecoder } from 'node:string_decoder';
import { createGunzip, gunzipSync } from 'node:zlib';
import type { InputQuota } from '../../guard/index.js';

/**
 * Streams a file as UTF-8 text chunks, gunzipping `.gz` files; the decompressed bytes count
 * against `quota` (the input's decompressed-volume limit), which stops the read once spent.
 */
export async function* readTextChunks(path: string, quota?: InputQuota): AsyncGenerator<string> {
  const file = createReadStream(path, { highWaterMark: 1 << 20 });
  const gzip = path.endsWith('.gz');
  const raw = (gzip ? file.pipe(createGunzip()) : file) as AsyncIterable<Buffer>;
  const bytes = gzip && quota ? quota.meter(raw) : raw;
  const decoder = new StringDecoder('utf8');
  let first = true;
  try {
    for await (const chunk of bytes) {
      const text = decoder.write(chunk);
      yield first ? text.replace(/^\uFEFF/, '') : text;
      first = false;
    }
    yield decoder.end();
  } finally {
    file.destroy();
  }
}

/** The first few kilobytes of a file as text (decompressed for `.gz`), to sniff its format. */
export async function readHead(path: string, bytes = 8192): Promise<string> {
  const handle = await open(path, 'r');
  try {
    const buffer = Buffer.alloc(path.endsWith('.gz') ? 65536 : bytes);
    const { bytesRead } = await handle.read(buffer, 0, buffer.length, 0);
    const data = buffer.subarray(0, bytesRead);
    if (!path.endsWith('.gz')) return data.toString('utf8').replace(/^\uFEFF/, '');
    try {
      return gunzipSync(data, { finishFlush: 2 }).toString('utf8').slice(0, bytes);
    } catch {
      return '';
    }
  } finally {
    await handle.close();
  }
}

/** What a document looks like from its first characters. */
export type DocumentKind = 'stix' | 'misp' | 'ioc-list';

export function sniffDocument(head: string): DocumentKind {
  const start = head.trimStart();
  if (!start.startsWith('{') && !start.startsWith('[') && !start.startsWith('<')) return 'ioc-list';
  if (/"type"\s*:\s*"bundle"/.test(head)) return 'stix';
  if (/"(Event|Attribute|Object|response|threat_level_id)"\s*:/.test(head) && !/"spec_version"\s*:/.test(head))
    return 'misp';
  return start.startsWith('<') && !/^<\s*[{[]/.test(start) ? 'ioc-list' : 'stix';
}
