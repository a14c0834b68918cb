import { hash } from 'node:crypto';
import { HexDigestBloomFilter } from './bloom-filter.js';

const idLength = 32;

/**
 * Stable event ids for one input, as 32 hex digits: sha256 of `format NUL record`, and for the
 * second and later copies of an identical record in the same input `format SOH occurrence NUL
 * record`, which no first copy can spell (format names hold no control characters), even when
 * the record itself holds NUL bytes (HEC and syslog inputs may).
 * Re-reading the same input gives the same ids; repeated identical lines stay distinct events.
 *
 * Why sha256 and not a faster non-cryptographic hash: log text is attacker-controlled, and a
 * hash an attacker can collide (MurmurHash, xxHash, FNV) would let a crafted line take the id of
 * a real event and shadow it in the store. Truncated sha256 keeps second preimages out of reach.
 * Its cost is mostly the call, not the digest, so the one-shot `crypto.hash` (no Hash object, hex
 * straight from C++) makes it cheap; the ids are the same as with `createHash`.
 *
 * Memory stays flat in the input size: a fixed 1 MiB Bloom filter remembers which records were
 * seen, and only records it flags (true repeats, or rare false positives) enter the occurrence
 * map. A false positive gives a first occurrence index 1 instead of 0: still unique, still
 * deterministic for the same input.
 */
export class Fingerprinter {
  private readonly seen = new HexDigestBloomFilter();
  private readonly occurrences = new Map<string, number>();
  private readonly prefix: string;
  private readonly repeatPrefix: string;

  constructor(format: string) {
    this.prefix = `${format}\u0000`;
    this.repeatPrefix = `${format}\u0001`;
  }

  idFor(raw: string): string {
    const digest = hash('sha256', this.prefix + raw, 'hex');
    if (!this.seen.testAndAdd(digest)) return digest.slice(0, idLength);
    const occurrence = (this.occurrences.get(digest) ?? 0) + 1;
    this.occurrences.set(digest, occurrence);
    return hash('sha256', `${this.repeatPrefix}${occurrence}\u0000${raw}`, 'hex').slice(0, idLength);
  }

  /** Records tracked for repeats: grows only with repeated (or falsely flagged) records. */
  get trackedRepeats(): number {
    return this.occurrences.size;
  }
}
