import type { Rejection } from '../types.js';

/**
 * A bound on the rejection rows one unit of live input (a HEC request, a syslog TCP connection)
 * may cost: the first `max` are recorded one by one, with their positions; the rest are counted
 * and recorded as one row naming their first and last position and their count. Without it one
 * request of binary noise (tens of thousands of "records" per MiB) costs as many stored rows.
 */
export class BoundedRejections {
  private listed = 0;
  private omitted: { first: number; last: number; count: number } | undefined;

  constructor(
    private readonly file: string,
    private readonly max: number,
  ) {}

  /** The rejection to record now, or undefined when over the bound (it is counted for `summary`). */
  admit(line: number, reason: string): Rejection | undefined {
    if (this.listed < this.max) {
      this.listed += 1;
      return { file: this.file, line, reason };
    }
    this.omitted ??= { first: line, last: line, count: 0 };
    this.omitted.last = line;
    this.omitted.count += 1;
    return undefined;
  }

  /** The one row for the rejections not listed (undefined when there were none); resets the count. */
  summary(): Rejection | undefined {
    if (!this.omitted) return undefined;
    const { first, last, count } = this.omitted;
    this.omitted = undefined;
    return {
      file: this.file,
      line: first,
      reason: `${count} more invalid records (positions ${first}–${last}) not listed one by one`,
    };
  }
}
