import { decodeSpan } from './decode-record.js';
import type { FramedItem, Framer } from './framed-item.js';

const newline = 0x0a;
const carriageReturn = 0x0d;

/**
 * Cuts bytes into lines (LF or CRLF). Memory is bounded by `maxRecordBytes`: a longer line is
 * dropped while it streams by and reported once, with its line number. Lines with NUL bytes or
 * invalid UTF-8 are rejected; blank lines are skipped but still counted.
 */
export class LineFramer implements Framer<Buffer> {
  private pending: Buffer[] = [];
  private pendingBytes = 0;
  private overflowing = false;
  private lineNumber = 0;
  private atStart = true;

  /** `keepBlank` passes blank lines on (as empty records) for framers that join lines, such as CSV. */
  constructor(
    private readonly maxRecordBytes: number,
    private readonly keepBlank = false,
  ) {}

  push(chunk: Buffer): FramedItem[] {
    const items: FramedItem[] = [];
    let start = 0;
    if (this.atStart) {
      this.atStart = false;
      if (chunk.length >= 3 && chunk[0] === 0xef && chunk[1] === 0xbb && chunk[2] === 0xbf) start = 3;
    }
    // One scan for NUL bytes per chunk, not one per line.
    let nul = chunk.indexOf(0, start);
    for (;;) {
      const end = chunk.indexOf(newline, start);
      if (end === -1) break;
      if (this.pendingBytes > 0 || this.overflowing) {
        this.completeLine(chunk.subarray(start, end), items);
      } else {
        if (nul !== -1 && nul < start) nul = chunk.indexOf(0, start);
        this.completeSpan(chunk, start, end, nul !== -1 && nul < end, items);
      }
      start = end + 1;
    }
    if (start < chunk.length) this.keep(chunk.subarray(start));
    return items;
  }

  end(truncated?: string): FramedItem[] {
    const items: FramedItem[] = [];
    if (this.pendingBytes === 0 && !this.overflowing) {
      if (truncated) items.push({ type: 'reject', line: this.lineNumber + 1, reason: truncated });
      return items;
    }
    if (truncated) {
      this.lineNumber += 1;
      items.push({ type: 'reject', line: this.lineNumber, reason: `incomplete last line: ${truncated}` });
      this.reset();
      return items;
    }
    this.completeLine(Buffer.alloc(0), items);
    return items;
  }

  private keep(part: Buffer): void {
    if (this.overflowing) return;
    if (this.pendingBytes + part.length > this.maxRecordBytes) {
      this.overflowing = true;
      this.pending = [];
      this.pendingBytes = 0;
      return;
    }
    // Copy: the caller's chunk may be reused by the stream.
    this.pending.push(Buffer.from(part));
    this.pendingBytes += part.length;
  }

  /** A line whose bytes all lie in one chunk (the common case): decoded in place, no copy. */
  private completeSpan(chunk: Buffer, start: number, end: number, hasNul: boolean, items: FramedItem[]): void {
    this.lineNumber += 1;
    const line = this.lineNumber;
    if (end - start > this.maxRecordBytes) {
      items.push({ type: 'reject', line, reason: `line longer than ${this.maxRecordBytes} bytes` });
      return;
    }
    const contentEnd = end > start && chunk[end - 1] === carriageReturn ? end - 1 : end;
    const item = decodeSpan(chunk, start, contentEnd, line, hasNul);
    if (item) items.push(item);
    else if (this.keepBlank) items.push({ type: 'record', record: { text: '', line } });
  }

  private completeLine(tail: Buffer, items: FramedItem[]): void {
    let bytes = tail;
    if (this.pendingBytes > 0 && !this.overflowing) {
      this.pending.push(tail);
      bytes = Buffer.concat(this.pending, this.pendingBytes + tail.length);
    }
    const overflowing = this.overflowing;
    this.reset();
    if (overflowing) {
      this.lineNumber += 1;
      items.push({ type: 'reject', line: this.lineNumber, reason: `line longer than ${this.maxRecordBytes} bytes` });
      return;
    }
    this.completeSpan(bytes, 0, bytes.length, bytes.indexOf(0) !== -1, items);
  }

  private reset(): void {
    this.pending = [];
    this.pendingBytes = 0;
    this.overflowing = false;
  }
}
