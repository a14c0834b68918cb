import { hash } from 'node:crypto';
import { ScalableBloomFilter } from './bloom-filter.js';

const idLength = 32;

export interface FingerprinterOptions {
  /**
   * For endless (live) inputs: records per generation. The fingerprinter remembers the current
   * and the previous generation only, so memory stays bounded however long a listener runs; an
   * identical record that comes back after a whole generation without any copy in between gets
   * its first id again. Absent for files: every record of the input is remembered.
   */
  window?: number;
}

/**
 * Stable event ids for one input, as 32 hex digits: sha256 of `format NUL record`, and for the
 * second and later copies of an identical record in the same input `format SOH occurrence NUL
 * record`, which no first copy can spell (format names hold no control characters), even when
 * the record itself holds NUL bytes (HEC and syslog inputs may). Re-reading the same input gives
 * the same ids; repeated identical lines stay distinct events.
 *
 * Why sha256 and not a faster non-cryptographic hash: log text is attacker-controlled, and a
 * hash an attacker can collide (MurmurHash, xxHash, FNV) would let a crafted line take the id of
 * a real event and shadow it in the store. Truncated sha256 keeps second preimages out of reach.
 * Its cost is mostly the call, not the digest, so the one-shot `crypto.hash` (no Hash object, hex
 * straight from C++) makes it cheap; the ids are the same as with `createHash`.
 *
 * Memory: a scalable Bloom filter (1.3 to 5 bytes per record) remembers which records were
 * seen, and only records it flags (true repeats, or about 1 % false positives) enter the
 * occurrence map. A false positive gives a first occurrence index 1 instead of 0: still unique,
 * still deterministic for the same input.
 */
export class Fingerprinter {
  private readonly prefix: string;
  private readonly repeatPrefix: string;
  private seen = new ScalableBloomFilter();
  private occurrences = new Map<string, number>();
  private previousSeen: ScalableBloomFilter | undefined;
  private previousOccurrences: Map<string, number> | undefined;
  private recordsInGeneration = 0;

  constructor(
    format: string,
    private readonly options: FingerprinterOptions = {},
  ) {
    this.prefix = `${format}\u0000`;
    this.repeatPrefix = `${format}\u0001`;
  }

  idFor(raw: string): string {
    const digest = hash('sha256', this.prefix + raw, 'hex');
    const seen = this.seen.testAndAdd(digest) || this.previousSeen?.has(digest) === true;
    this.countRecord();
    if (!seen) return digest.slice(0, idLength);
    const occurrence = (this.occurrences.get(digest) ?? this.previousOccurrences?.get(digest) ?? 0) + 1;
    this.occurrences.set(digest, occurrence);
    return hash('sha256', `${this.repeatPrefix}${occurrence}\u0000${raw}`, 'hex').slice(0, idLength);
  }

  /** Records tracked for repeats: grows only with repeated (or falsely flagged) records. */
  get trackedRepeats(): number {
    return this.occurrences.size + (this.previousOccurrences?.size ?? 0);
  }

  private countRecord(): void {
    if (this.options.window === undefined) return;
    this.recordsInGeneration += 1;
    if (this.recordsInGeneration < this.options.window) return;
    this.previousSeen = this.seen;
    this.previousOccurrences = this.occurrences;
    this.seen = new ScalableBloomFilter(Math.max(1024, Math.ceil((this.options.window * 10 * 1.25) / 8)));
    this.occurrences = new Map();
    this.recordsInGeneration = 0;
  }
}
