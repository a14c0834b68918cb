import type { Rejection } from '../types.js';
import { BoundedRejections } from './bounded-rejections.js';

export interface SenderRejectionsOptions {
  /** Rejections of one sender recorded one by one in a window (default 100); the rest are counted. */
  maxPerSender?: number;
  /** Senders tracked one by one in a window (default 10,000); further senders share one count. */
  maxSenders?: number;
}

/**
 * The bound on rejection rows for input without connections (UDP datagrams): per sender address
 * (ports are not part of it, so a sender cannot escape the bound by changing its port) and per
 * window, the first `maxPerSender` rejections are recorded one by one and the rest counted; at the
 * end of each window (`flush`) one row per sender says how many were not listed, with their first
 * and last datagram numbers. The number of senders tracked is bounded too: past `maxSenders`, every
 * further sender of the window shares one count. State: at most `maxSenders + 1` counters.
 */
export class SenderRejections {
  private readonly senders = new Map<string, BoundedRejections>();
  private readonly maxPerSender: number;
  private readonly maxSenders: number;

  constructor(
    private readonly source: string,
    options: SenderRejectionsOptions = {},
  ) {
    this.maxPerSender = options.maxPerSender ?? 100;
    this.maxSenders = options.maxSenders ?? 10_000;
  }

  /** The rejections of `sender` to record now; the others are counted for `flush`. */
  admit(sender: string, rejections: readonly Rejection[]): Rejection[] {
    if (rejections.length === 0) return [];
    const bound = this.boundOf(sender);
    return rejections.filter((rejection) => bound.admit(rejection.line ?? 0, rejection.reason) !== undefined);
  }

  /** One row per sender with rejections not listed in this window; starts a new window. */
  flush(): Rejection[] {
    const rows: Rejection[] = [];
    for (const bound of this.senders.values()) {
      const summary = bound.summary();
      if (summary) rows.push(summary);
    }
    this.senders.clear();
    return rows;
  }

  private boundOf(sender: string): BoundedRejections {
    const known = this.senders.get(sender);
    if (known) return known;
    const key = this.senders.size < this.maxSenders ? sender : '(further senders)';
    let bound = this.senders.get(key);
    if (!bound) {
      bound = new BoundedRejections(`${this.source} datagrams from ${key}`, this.maxPerSender);
      this.senders.set(key, bound);
    }
    return bound;
  }
}
