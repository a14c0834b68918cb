import { isUtf8 } from 'node:buffer';
import type { FramedItem } from './framed-item.js';

const replacementCharacter = '\uFFFD';

/** True for empty or all-whitespace text; a record starting with printable ASCII is decided at once. */
function isBlank(text: string): boolean {
  if (text.length === 0) return true;
  const first = text.charCodeAt(0);
  if (first > 0x20 && first < 0x7f) return false;
  return text.trim() === '';
}

/**
 * Text of the record in `bytes[start, end)`, or why it is not text; undefined for a blank record.
 * Works on a span of the chunk so the hot path makes no Buffer view per record. `hasNul` is
 * decided by the caller, which scans each chunk for NUL bytes once.
 */
export function decodeSpan(
  bytes: Buffer,
  start: number,
  end: number,
  line: number,
  hasNul: boolean,
): FramedItem | undefined {
  if (hasNul) return { type: 'reject', line, reason: 'binary content (NUL byte) in record' };
  const text = bytes.toString('utf8', start, end);
  // checked without an exception: a body of noise has thousands of such records
  if (text.includes(replacementCharacter) && !isUtf8(bytes.subarray(start, end)))
    return { type: 'reject', line, reason: 'invalid UTF-8 in record' };
  if (isBlank(text)) return undefined;
  return { type: 'record', record: { text, line } };
}

/** Text of a record's bytes, or why they are not text; undefined for a blank record. */
export function decodeRecord(bytes: Buffer, line: number): FramedItem | undefined {
  return decodeSpan(bytes, 0, bytes.length, line, bytes.indexOf(0) !== -1);
}
