import { decodeRecord } from '../framing/decode-record.js';
import type { FramedItem, Framer } from '../framing/framed-item.js';

const space = 0x20;
const newline = 0x0a;
const carriageReturn = 0x0d;
const nul = 0x00;
/** MSG-LEN has at most this many digits (RFC 6587 NONZERO-DIGIT *DIGIT; 10 digits exceed any sane limit). */
const maxLengthDigits = 10;

type State =
  /** Between frames: the next byte decides the framing of the next message. */
  | { kind: 'start' }
  /** Reading MSG-LEN digits of an octet-counted frame. */
  | { kind: 'length'; digits: number[] }
  /** Reading the `remaining` octets of a counted frame (`skip`: too long, dropped as it streams by). */
  | { kind: 'counted'; remaining: number; skip: boolean }
  /** Reading a non-transparent frame up to LF or NUL (`skip`: too long, dropped up to its end). */
  | { kind: 'delimited'; skip: boolean };

/**
 * Cuts a syslog TCP stream into messages (RFC 6587), deciding per frame: a frame that starts with
 * a digit is octet-counted (`MSG-LEN SP MSG`, the message may hold newlines), anything else is
 * non-transparent framing ended by LF (CR LF and NUL trailers accepted, as senders use them).
 * Memory is bounded by `maxMessageBytes`: a longer message is dropped while it streams by and
 * reported once. A MSG-LEN that is not followed by a space is not a count: those bytes start a
 * newline-framed message instead. Item `line` numbers count messages from 1.
 */
export class SyslogStreamFramer implements Framer<Buffer> {
  private state: State = { kind: 'start' };
  private parts: Buffer[] = [];
  private partBytes = 0;
  private messageNumber = 0;

  constructor(private readonly maxMessageBytes: number) {}

  push(chunk: Buffer): FramedItem[] {
    const items: FramedItem[] = [];
    let index = 0;
    while (index < chunk.length) {
      const state = this.state;
      if (state.kind === 'start') {
        const byte = chunk[index] as number;
        if (byte === newline || byte === carriageReturn || byte === nul || byte === space) {
          index += 1;
        } else if (byte >= 0x31 && byte <= 0x39) {
          this.state = { kind: 'length', digits: [] };
        } else {
          this.state = { kind: 'delimited', skip: false };
        }
      } else if (state.kind === 'length') {
        index = this.readLength(state, chunk, index, items);
      } else if (state.kind === 'counted') {
        const take = Math.min(state.remaining, chunk.length - index);
        if (!state.skip) this.keep(chunk.subarray(index, index + take));
        state.remaining -= take;
        index += take;
        if (state.remaining === 0) this.finishMessage(items, state.skip);
      } else {
        index = this.readDelimited(state, chunk, index, items);
      }
    }
    return items;
  }

  /** True while a message has begun and not ended (a sender that stops here holds a frame open). */
  get inFrame(): boolean {
    return this.state.kind !== 'start';
  }

  /** Number of the message being read (or the next one): positions for the caller's rejections. */
  get position(): number {
    return this.messageNumber + 1;
  }

  /** A partial message at the end of the stream is rejected: the sender did not finish it. */
  end(): FramedItem[] {
    const items: FramedItem[] = [];
    const state = this.state;
    if (state.kind === 'start') return items;
    if (state.kind === 'delimited' && !state.skip && this.partBytes > 0) {
      // Non-transparent framing may omit the trailer on the last message before close.
      this.finishMessage(items, false);
      return items;
    }
    this.messageNumber += 1;
    items.push({ type: 'reject', line: this.messageNumber, reason: 'connection closed inside a syslog frame' });
    this.reset();
    return items;
  }

  private readLength(state: { digits: number[] }, chunk: Buffer, start: number, items: FramedItem[]): number {
    let index = start;
    while (index < chunk.length) {
      const byte = chunk[index] as number;
      if (byte >= 0x30 && byte <= 0x39 && state.digits.length < maxLengthDigits) {
        state.digits.push(byte);
        index += 1;
        continue;
      }
      if (byte === space && state.digits.length > 0) {
        const length = Number(String.fromCharCode(...state.digits));
        const skip = length > this.maxMessageBytes;
        if (skip) this.reportTooLong(items);
        this.state = { kind: 'counted', remaining: length, skip };
        if (length === 0) this.finishMessage(items, skip);
        return index + 1;
      }
      // Not a count after all: the digits begin a newline-framed message.
      this.state = { kind: 'delimited', skip: false };
      this.keep(Buffer.from(state.digits));
      return index;
    }
    return index;
  }

  private readDelimited(state: { skip: boolean }, chunk: Buffer, start: number, items: FramedItem[]): number {
    let end = start;
    while (end < chunk.length && chunk[end] !== newline && chunk[end] !== nul) end += 1;
    if (!state.skip) {
      if (this.partBytes + (end - start) > this.maxMessageBytes) {
        state.skip = true;
        this.parts = [];
        this.partBytes = 0;
        this.reportTooLong(items);
      } else {
        this.keep(chunk.subarray(start, end));
      }
    }
    if (end === chunk.length) return end;
    this.finishMessage(items, state.skip);
    return end + 1;
  }

  private keep(part: Buffer): void {
    if (part.length === 0) return;
    // Copy: the socket may reuse the chunk's memory.
    this.parts.push(Buffer.from(part));
    this.partBytes += part.length;
  }

  private reportTooLong(items: FramedItem[]): void {
    items.push({
      type: 'reject',
      line: this.messageNumber + 1,
      reason: `syslog message longer than ${this.maxMessageBytes} bytes`,
    });
  }

  private finishMessage(items: FramedItem[], skipped: boolean): void {
    this.messageNumber += 1;
    if (!skipped) {
      let bytes = Buffer.concat(this.parts, this.partBytes);
      let length = bytes.length;
      while (length > 0 && (bytes[length - 1] === newline || bytes[length - 1] === carriageReturn)) length -= 1;
      if (length !== bytes.length) bytes = bytes.subarray(0, length);
      const item = decodeRecord(bytes, this.messageNumber);
      if (item) items.push(item);
    }
    this.reset();
  }

  private reset(): void {
    this.state = { kind: 'start' };
    this.parts = [];
    this.partBytes = 0;
  }
}
