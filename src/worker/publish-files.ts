/**
 * Publishes log files to the records topic as chunks of lines (the ingest stage parses them).
 * The key is the file, so one file's chunks stay in order in one partition.
 */
import { createReadStream } from 'node:fs';
import { basename } from 'node:path';
import { createInterface } from 'node:readline';
import type { EventBus } from '../bus/index.js';
import { type RecordChunk, topics } from './topics.js';

export interface PublishFilesOptions {
  /** Lines per chunk. Default 500. */
  chunkLines?: number;
  format?: string;
  /** Name written as the events' source; default the file's base name. */
  sourceOf?: (path: string) => string;
}

export async function publishFiles(bus: EventBus, paths: readonly string[], options: PublishFilesOptions = {}) {
  const chunkLines = options.chunkLines ?? 500;
  let lines = 0;
  let chunks = 0;
  for (const path of paths) {
    const source = options.sourceOf?.(path) ?? basename(path);
    let buffer: string[] = [];
    let firstLine = 1;
    const header: string[] = [];
    let inHeader = true;
    const flush = async () => {
      if (buffer.length === 0) return;
      const chunk: RecordChunk = {
        source,
        firstLine,
        text: `${buffer.join('\n')}\n`,
        ...(options.format ? { format: options.format } : {}),
        ...(header.length > 0 && firstLine > header.length + 1 ? { header: `${header.join('\n')}\n` } : {}),
      };
      await bus.publish(topics.records, [{ key: source, payload: chunk }]);
      chunks++;
      firstLine += buffer.length;
      buffer = [];
    };
    for await (const line of createInterface({ input: createReadStream(path), crlfDelay: Number.POSITIVE_INFINITY })) {
      // Zeek-style `#` header lines (and a CSV file's first line) travel with every later chunk.
      if (
        inHeader &&
        (line.startsWith('#') || (header.length === 0 && firstLine + buffer.length === 1 && path.endsWith('.csv')))
      )
        header.push(line);
      else inHeader = false;
      buffer.push(line);
      lines++;
      if (buffer.length >= chunkLines) await flush();
    }
    await flush();
  }
  return { lines, chunks };
}
