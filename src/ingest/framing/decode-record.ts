import type { FramedItem } from './framed-item.js';

const replacementCharacter = '\uFFFD';
const strictUtf8 = new TextDecoder('utf-8', { fatal: true });

/** Text of a record's bytes, or why they are not text; undefined for a blank record. */
export function decodeRecord(bytes: Buffer, line: number): FramedItem | undefined {
  if (bytes.indexOf(0) !== -1) return { type: 'reject', line, reason: 'binary content (NUL byte) in record' };
  const text = bytes.toString('utf8');
  if (text.includes(replacementCharacter)) {
    try {
      strictUtf8.decode(bytes);
    } catch {
      return { type: 'reject', line, reason: 'invalid UTF-8 in record' };
    }
  }
  if (text.trim() === '') return undefined;
  return { type: 'record', record: { text, line } };
}
