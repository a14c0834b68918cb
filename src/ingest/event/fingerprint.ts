import { createHash } from 'node:crypto';
import { DigestBloomFilter } from './bloom-filter.js';

const idLength = 32;

/**
 * Stable event ids for one input: sha256 of the format, the raw record and, for the second and
 * later copies of an identical record in the same input, its occurrence index. Re-reading the
 * same input gives the same ids; repeated identical lines stay distinct events.
 *
 * Memory stays flat in the input size: a fixed 1 MiB Bloom filter remembers which records were
 * seen, and only records it flags (true repeats, or rare false positives) enter the occurrence
 * map. A false positive gives a first occurrence index 1 instead of 0: still unique, still
 * deterministic for the same input.
 */
export class Fingerprinter {
  private readonly seen = new DigestBloomFilter();
  private readonly occurrences = new Map<string, number>();

  constructor(private readonly format: string) {}

  idFor(raw: string): string {
    const digest = createHash('sha256').update(this.format).update('\u0000').update(raw).digest();
    if (!this.seen.testAndAdd(digest)) return digest.toString('hex', 0, idLength / 2);
    const key = digest.toString('base64');
    const occurrence = (this.occurrences.get(key) ?? 0) + 1;
    this.occurrences.set(key, occurrence);
    return createHash('sha256')
      .update(this.format)
      .update('\u0000')
      .update(raw)
      .update(`\u0000${occurrence}`)
      .digest('hex')
      .slice(0, idLength);
  }

  /** Records tracked for repeats: grows only with repeated (or falsely flagged) records. */
  get trackedRepeats(): number {
    return this.occurrences.size;
  }
}
