import type { FramedItem, Framer } from './framed-item.js';
import { JsonValueFramer } from './json-value-framer.js';

const quote = 0x22;
const backslash = 0x5c;
const newline = 0x0a;
const maxKeyBytes = 64;

/**
 * Finds, in a stream holding one JSON object, the array under a top-level key (Splunk's search
 * API writes `{"preview":false,…,"results":[{…},{…}]}`), without parsing the document: strings
 * and nesting are tracked byte by byte. A string at depth 1 followed by `:` is a key, since a
 * value string is followed by `,` or `}`.
 */
class MemberArrayScanner {
  private depth = 0;
  private inString = false;
  private escaped = false;
  private key: number[] = [];
  /** 0: no key; 1: the wanted key just closed; 2: and its colon was seen. */
  private matched = 0;
  line = 1;

  constructor(private readonly wanted: string) {}

  /** Index of the `[` opening the wanted array in `chunk`, or -1 (state carries to the next chunk). */
  scan(chunk: Buffer): number {
    for (let index = 0; index < chunk.length; index += 1) {
      const byte = chunk[index] as number;
      if (byte === newline) this.line += 1;
      if (this.inString) {
        if (this.escaped) this.escaped = false;
        else if (byte === backslash) this.escaped = true;
        else if (byte === quote) {
          this.inString = false;
          if (this.depth === 1 && Buffer.from(this.key).toString('utf8') === this.wanted) this.matched = 1;
        } else if (this.depth === 1 && this.key.length <= maxKeyBytes) this.key.push(byte);
        continue;
      }
      if (byte === 0x20 || byte === 0x09 || byte === 0x0d || byte === newline) continue;
      if (this.matched === 1 && byte === 0x3a /* : */) {
        this.matched = 2;
        continue;
      }
      if (this.matched === 2 && byte === 0x5b /* [ */ && this.depth === 1) return index;
      this.matched = 0;
      if (byte === quote) {
        this.inString = true;
        this.key = [];
      } else if (byte === 0x7b || byte === 0x5b) this.depth += 1;
      else if (byte === 0x7d || byte === 0x5d) this.depth -= 1;
    }
    return -1;
  }
}

/** True when the first bytes of an input are an object with an array under `key`. */
export function hasMemberArray(prefix: Buffer, key: string): boolean {
  return new MemberArrayScanner(key).scan(prefix) !== -1;
}

/**
 * Frames the elements of the array under a top-level key of one JSON document (each element
 * one record, with its line), ignoring the rest of the document. Memory: one element at a time.
 */
export class MemberArrayFramer implements Framer<Buffer> {
  private readonly scanner: MemberArrayScanner;
  private elements: JsonValueFramer | undefined;

  constructor(
    private readonly key: string,
    private readonly maxRecordBytes: number,
  ) {
    this.scanner = new MemberArrayScanner(key);
  }

  push(chunk: Buffer): FramedItem[] {
    if (this.elements) return this.elements.push(chunk);
    const start = this.scanner.scan(chunk);
    if (start === -1) return [];
    this.elements = new JsonValueFramer('array', this.maxRecordBytes, this.scanner.line, true);
    return this.elements.push(chunk.subarray(start));
  }

  end(truncated?: string): FramedItem[] {
    if (this.elements) return this.elements.end(truncated);
    const reason = truncated ?? `no "${this.key}" array in the JSON document`;
    return [{ type: 'reject', line: this.scanner.line, reason }];
  }
}
