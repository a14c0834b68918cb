import { CsvRecordJoiner } from './csv-record-joiner.js';
import type { FramedItem, Framer } from './framed-item.js';
import { JsonValueFramer } from './json-value-framer.js';
import { LineFramer } from './line-framer.js';
import { hasMemberArray, MemberArrayFramer } from './member-array-framer.js';

/**
 * How the bytes of an input are cut: by line, as a top-level JSON array, as a JSON document
 * sequence, or as the `results` array of one document (Splunk's search API, `output_mode=json`).
 */
export type ByteFraming = 'lines' | 'json-array' | 'json-sequence' | 'json-results';

function firstNonWhitespace(bytes: Buffer): number {
  let index = 0;
  if (bytes[0] === 0xef && bytes[1] === 0xbb && bytes[2] === 0xbf) index = 3;
  while (index < bytes.length) {
    const byte = bytes[index] as number;
    if (byte !== 0x20 && byte !== 0x0a && byte !== 0x0d && byte !== 0x09) return index;
    index += 1;
  }
  return -1;
}

/**
 * Decides the framing from the start of an input: `[` alone or `[{` opens a JSON array; a
 * document with a top-level `results` array is a Splunk search reply (its results are the
 * records); `{` whose first line is not a complete JSON value opens a pretty-printed document
 * sequence; anything else is lines.
 */
export function chooseByteFraming(prefix: Buffer): ByteFraming {
  const start = firstNonWhitespace(prefix);
  if (start === -1) return 'lines';
  const first = prefix[start];
  const lineEnd = prefix.indexOf(0x0a, start);
  const firstLine = prefix.toString('utf8', start, lineEnd === -1 ? prefix.length : lineEnd).trim();
  // `[` alone or `[{` opens an array of records; `[Sun Dec 04 …]` or `[2024-…]` is a text log.
  if (first === 0x5b) return firstLine === '[' || /^\[\s*\{/.test(firstLine) ? 'json-array' : 'lines';
  if (first !== 0x7b) return 'lines';
  let value: unknown;
  try {
    value = JSON.parse(firstLine);
  } catch {
    // Not one line: a pretty-printed or very long document. A `results` array makes it a search API reply.
    if (hasMemberArray(prefix, 'results')) return 'json-results';
    return lineEnd === -1 ? 'lines' : 'json-sequence';
  }
  const rest = lineEnd === -1 ? '' : prefix.toString('utf8', lineEnd + 1).trim();
  return rest === '' && isSplunkResultsDocument(value) ? 'json-results' : 'lines';
}

/** `{"preview":…,"results":[…]}` as Splunk's search API writes it (not a JSON line that happens to hold `results`). */
function isSplunkResultsDocument(value: unknown): boolean {
  if (value === null || typeof value !== 'object' || Array.isArray(value)) return false;
  const object = value as Record<string, unknown>;
  return Array.isArray(object.results) && ('preview' in object || 'init_offset' in object || 'fields' in object);
}

/** Framer for bytes, with CSV records joined across lines when the format asks for it. */
export function createFramer(framing: ByteFraming, csv: boolean, maxRecordBytes: number): Framer<Buffer> {
  if (framing === 'json-results') return new MemberArrayFramer('results', maxRecordBytes);
  if (framing !== 'lines') {
    return new JsonValueFramer(framing === 'json-array' ? 'array' : 'sequence', maxRecordBytes);
  }
  if (!csv) return new LineFramer(maxRecordBytes);
  const lines = new LineFramer(maxRecordBytes, true);
  const joiner = new CsvRecordJoiner(maxRecordBytes);
  return {
    push: (chunk: Buffer): FramedItem[] => joiner.push(lines.push(chunk)),
    end: (truncated?: string): FramedItem[] => [...joiner.push(lines.end(truncated)), ...joiner.end()],
  };
}

/** Share of bytes that no text log contains (NUL and C0 controls other than tab, CR, LF, FF, ESC). */
export function binaryShare(bytes: Buffer): number {
  const length = Math.min(bytes.length, 4096);
  if (length === 0) return 0;
  let binary = 0;
  for (let index = 0; index < length; index += 1) {
    const byte = bytes[index] as number;
    if (byte < 0x20 && byte !== 0x09 && byte !== 0x0a && byte !== 0x0d && byte !== 0x0c && byte !== 0x1b) binary += 1;
  }
  return binary / length;
}
