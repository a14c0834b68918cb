import { decodeRecord } from './decode-record.js';
import type { FramedItem, Framer } from './framed-item.js';

enum Byte {
  Newline = 0x0a,
  Quote = 0x22,
  Backslash = 0x5c,
  OpenBrace = 0x7b,
  CloseBrace = 0x7d,
  OpenBracket = 0x5b,
  CloseBracket = 0x5d,
  Comma = 0x2c,
  Space = 0x20,
  Tab = 0x09,
  CarriageReturn = 0x0d,
}

function isWhitespace(byte: number): boolean {
  return byte === Byte.Space || byte === Byte.Newline || byte === Byte.Tab || byte === Byte.CarriageReturn;
}

/**
 * Cuts a JSON text into its top-level values without parsing them: the elements of a top-level
 * array (`array` mode, as Suricata samples and Splunk exports ship), or a sequence of concatenated
 * or pretty-printed documents (`sequence` mode). Each value keeps its exact text and the line it
 * starts on; memory is bounded by `maxRecordBytes` per value.
 */
export class JsonValueFramer implements Framer<Buffer> {
  private readonly baseDepth: number;
  private depth = 0;
  private inElement = false;
  private inString = false;
  private escaped = false;
  private primitive = false;
  private lineNumber = 1;
  private elementLine = 1;
  private parts: Buffer[] = [];
  private elementBytes = 0;
  private overflowing = false;
  private arrayDone = false;

  /**
   * `firstLine`: line number of the first byte pushed. `singleArray` (array mode): bytes after
   * the first top-level array closes are ignored (the rest of a document that held the array).
   */
  constructor(
    private readonly mode: 'array' | 'sequence',
    private readonly maxRecordBytes: number,
    firstLine = 1,
    private readonly singleArray = false,
  ) {
    this.baseDepth = mode === 'array' ? 1 : 0;
    this.lineNumber = firstLine;
    this.elementLine = firstLine;
  }

  push(chunk: Buffer): FramedItem[] {
    const items: FramedItem[] = [];
    let elementStart = this.inElement ? 0 : -1;
    for (let index = 0; index < chunk.length; index += 1) {
      if (this.arrayDone) return items;
      const byte = chunk[index] as number;
      if (byte === Byte.Newline) this.lineNumber += 1;
      if (!this.inElement) {
        if (isWhitespace(byte) || byte === Byte.Comma) continue;
        if (this.mode === 'array' && this.depth === 0) {
          if (byte === Byte.OpenBracket) {
            this.depth = 1;
            continue;
          }
        } else if (this.mode === 'array' && byte === Byte.CloseBracket) {
          this.depth = 0;
          this.arrayDone = this.singleArray;
          continue;
        }
        this.startElement(byte);
        elementStart = index;
        if (this.depth === this.baseDepth && !this.inString && !this.primitive) {
          this.finishElement(chunk, elementStart, index + 1, items);
          elementStart = -1;
        }
        continue;
      }
      if (this.inString) {
        if (this.escaped) this.escaped = false;
        else if (byte === Byte.Backslash) this.escaped = true;
        else if (byte === Byte.Quote) {
          this.inString = false;
          if (this.depth === this.baseDepth && !this.primitive) {
            this.finishElement(chunk, elementStart, index + 1, items);
            elementStart = -1;
          }
        }
        continue;
      }
      if (this.primitive) {
        if (isWhitespace(byte) || byte === Byte.Comma || byte === Byte.CloseBracket || byte === Byte.CloseBrace) {
          this.finishElement(chunk, elementStart, index, items);
          elementStart = -1;
          if (byte === Byte.CloseBracket && this.mode === 'array') {
            this.depth = 0;
            this.arrayDone = this.singleArray;
          }
        }
        continue;
      }
      if (byte === Byte.Quote) this.inString = true;
      else if (byte === Byte.OpenBrace || byte === Byte.OpenBracket) this.depth += 1;
      else if (byte === Byte.CloseBrace || byte === Byte.CloseBracket) {
        this.depth -= 1;
        if (this.depth <= this.baseDepth) {
          this.depth = this.baseDepth;
          this.finishElement(chunk, elementStart, index + 1, items);
          elementStart = -1;
        }
      }
    }
    if (this.inElement && elementStart !== -1) this.keep(chunk.subarray(elementStart));
    return items;
  }

  end(truncated?: string): FramedItem[] {
    const items: FramedItem[] = [];
    if (!this.inElement) {
      if (truncated) items.push({ type: 'reject', line: this.lineNumber, reason: truncated });
      return items;
    }
    if (this.primitive && !truncated) {
      this.finishElement(Buffer.alloc(0), 0, 0, items);
      return items;
    }
    items.push({
      type: 'reject',
      line: this.elementLine,
      reason: truncated ? `incomplete JSON value: ${truncated}` : 'incomplete JSON value at end of input',
    });
    this.clearElement();
    return items;
  }

  private startElement(byte: number): void {
    this.inElement = true;
    this.elementLine = this.lineNumber;
    this.primitive = false;
    if (byte === Byte.Quote) this.inString = true;
    else if (byte === Byte.OpenBrace || byte === Byte.OpenBracket) this.depth += 1;
    else this.primitive = true;
  }

  private keep(part: Buffer): void {
    if (this.overflowing) return;
    if (this.elementBytes + part.length > this.maxRecordBytes) {
      this.overflowing = true;
      this.parts = [];
      this.elementBytes = 0;
      return;
    }
    this.parts.push(Buffer.from(part));
    this.elementBytes += part.length;
  }

  private finishElement(chunk: Buffer, start: number, end: number, items: FramedItem[]): void {
    const line = this.elementLine;
    const tail = chunk.subarray(start, end);
    if (this.overflowing || this.elementBytes + tail.length > this.maxRecordBytes) {
      items.push({ type: 'reject', line, reason: `JSON value longer than ${this.maxRecordBytes} bytes` });
    } else {
      const bytes = this.parts.length === 0 ? tail : Buffer.concat([...this.parts, tail]);
      const item = decodeRecord(bytes, line);
      if (item) items.push(item);
    }
    this.clearElement();
  }

  private clearElement(): void {
    this.inElement = false;
    this.inString = false;
    this.escaped = false;
    this.primitive = false;
    this.parts = [];
    this.elementBytes = 0;
    this.overflowing = false;
    this.depth = this.baseDepth;
  }
}
