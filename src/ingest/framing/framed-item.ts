import type { RawRecord } from '../types.js';

/** A record cut from an input, or the reason a stretch of input could not be cut into one. */
export type FramedItem = { type: 'record'; record: RawRecord } | { type: 'reject'; line: number; reason: string };

/** Cuts a byte or text stream into records. `push` may be called any number of times, then `end` once. */
export interface Framer<Chunk> {
  push(chunk: Chunk): FramedItem[];
  /** `truncated` says the input ended abnormally, so a partial trailing record is rejected, not kept. */
  end(truncated?: string): FramedItem[];
}

export const defaultMaxRecordBytes = 1024 * 1024;
