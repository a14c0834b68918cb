import { createGunzip } from 'node:zlib';
import type yauzl from 'yauzl';
import { describeStreamError, type InputItem, isArchiveMetadata } from './member.js';
import { entryName, openZip } from './zip-open.js';

function nextEntry(zip: yauzl.ZipFile): Promise<yauzl.Entry | undefined> {
  return new Promise((resolve, reject) => {
    const onEntry = (entry: yauzl.Entry) => {
      cleanup();
      resolve(entry);
    };
    const onEnd = () => {
      cleanup();
      resolve(undefined);
    };
    const onError = (error: Error) => {
      cleanup();
      reject(error);
    };
    const cleanup = () => {
      zip.off('entry', onEntry);
      zip.off('end', onEnd);
      zip.off('error', onError);
    };
    zip.on('entry', onEntry);
    zip.on('end', onEnd);
    zip.on('error', onError);
    zip.readEntry();
  });
}

function openEntry(zip: yauzl.ZipFile, entry: yauzl.Entry): Promise<NodeJS.ReadableStream> {
  return new Promise((resolve, reject) => {
    zip.openReadStream(entry, (error, stream) => {
      if (error || !stream) reject(error ?? new Error('cannot read zip entry'));
      else resolve(stream);
    });
  });
}

/**
 * The members of a zip archive, one at a time and streamed (yauzl: central directory first, so a
 * corrupt member does not hide the others). `.gz` members are decompressed. Each member must be
 * read to its end, or abandoned, before the next one is asked for.
 */
export async function* zipMembers(path: string): AsyncGenerator<InputItem> {
  let zip: yauzl.ZipFile;
  try {
    zip = await openZip(path);
  } catch (error) {
    yield { type: 'failure', file: path, reason: `cannot open zip archive: ${describeStreamError(error)}` };
    return;
  }
  try {
    for (;;) {
      let entry: yauzl.Entry | undefined;
      try {
        entry = await nextEntry(zip);
      } catch (error) {
        yield { type: 'failure', file: path, reason: `corrupt zip archive: ${describeStreamError(error)}` };
        return;
      }
      if (!entry) return;
      const decoded = entryName(entry);
      if (isArchiveMetadata(decoded.name)) continue;
      const name = `${path}:${decoded.name}`;
      if (decoded.refused) {
        yield { type: 'failure', file: name, reason: decoded.refused };
        continue;
      }
      let stream: NodeJS.ReadableStream;
      try {
        stream = await openEntry(zip, entry);
      } catch (error) {
        yield { type: 'failure', file: name, reason: `cannot read zip member: ${describeStreamError(error)}` };
        continue;
      }
      const chunks = /\.gz$/i.test(decoded.name) ? stream.pipe(createGunzip()) : stream;
      yield {
        type: 'member',
        member: { name, modifiedTime: entry.getLastModDate(), chunks: chunks as AsyncIterable<Buffer> },
      };
      const destroyable = stream as unknown as { destroyed?: boolean; destroy?: () => void };
      if (!destroyable.destroyed) destroyable.destroy?.();
    }
  } finally {
    zip.close();
  }
}
