import { createWriteStream } from 'node:fs';
import { mkdir } from 'node:fs/promises';
import { dirname, join, normalize, sep } from 'node:path';
import { pipeline } from 'node:stream/promises';
import yauzl from 'yauzl';
import { InputInvalidError } from '../core/index.js';

/** Unpacks a zip file into `folder`, refusing entries that would escape it (zip-slip). Returns the files written. */
export async function unzipToFolder(zipFile: string, folder: string): Promise<number> {
  const archive = await new Promise<yauzl.ZipFile>((resolve, reject) =>
    yauzl.open(zipFile, { lazyEntries: true }, (error, opened) => (error ? reject(error) : resolve(opened))),
  ).catch((error: Error) => {
    throw new InputInvalidError(`not a readable zip archive: ${error.message}`, {
      location: { file: zipFile },
      cause: error,
    });
  });
  let written = 0;
  await new Promise<void>((resolve, reject) => {
    archive.on('error', (error: Error) =>
      reject(
        new InputInvalidError(`unsafe or damaged zip archive: ${error.message}`, {
          location: { file: zipFile },
          cause: error,
        }),
      ),
    );
    archive.on('end', resolve);
    archive.on('entry', (entry: yauzl.Entry) => {
      const target = normalize(join(folder, entry.fileName));
      if (!target.startsWith(normalize(folder) + sep)) {
        reject(
          new InputInvalidError(`zip entry escapes the target folder: ${entry.fileName}`, {
            location: { file: zipFile },
          }),
        );
        return;
      }
      if (entry.fileName.endsWith('/')) {
        archive.readEntry();
        return;
      }
      archive.openReadStream(entry, (error, stream) => {
        if (error) return reject(error);
        mkdir(dirname(target), { recursive: true })
          .then(() => pipeline(stream, createWriteStream(target)))
          .then(() => {
            written++;
            archive.readEntry();
          }, reject);
      });
    });
    archive.readEntry();
  });
  return written;
}
