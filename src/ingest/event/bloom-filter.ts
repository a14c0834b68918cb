/** The 32-bit number written by 8 lower-case hex digits at `start`. */
function hexWord(text: string, start: number): number {
  let value = 0;
  for (let index = start; index < start + 8; index += 1) {
    const code = text.charCodeAt(index);
    value = value * 16 + (code <= 0x39 ? code - 0x30 : code - 0x57);
  }
  return value;
}

const hashCount = 6;
/** Bits per remembered digest in the first filter: with 6 probes, 0.8 % false positives at capacity. */
const firstBitsPerEntry = 10;
/** Each later filter spends 2 more bits per digest, halving its share of false positives (sum ≈ 1.5 %). */
const extraBitsPerStage = 2;

/**
 * A fixed-size Bloom filter over lower-case hex digests (at least 16 digits). The digest's first
 * two 32-bit words seed the probes by double hashing (Kirsch–Mitzenmacher), so no hashing is
 * repeated and no bytes are decoded.
 */
class HexDigestBloomFilter {
  private readonly bits: Uint32Array;
  private readonly bitCount: number;
  readonly capacity: number;
  size = 0;

  constructor(
    sizeInBytes: number,
    readonly bitsPerEntry: number,
  ) {
    this.bits = new Uint32Array(Math.max(1, Math.floor(sizeInBytes / 4)));
    this.bitCount = this.bits.length * 32;
    this.capacity = Math.max(1, Math.floor(this.bitCount / bitsPerEntry));
  }

  get byteSize(): number {
    return this.bits.byteLength;
  }

  has(first: number, second: number): boolean {
    for (let index = 0; index < hashCount; index += 1) {
      const position = (first + index * second) % this.bitCount;
      if (((this.bits[position >>> 5] as number) & (1 << (position & 31))) === 0) return false;
    }
    return true;
  }

  /** Adds the digest; true when it may have been added before (false means certainly new). */
  testAndAdd(first: number, second: number): boolean {
    let seen = true;
    for (let index = 0; index < hashCount; index += 1) {
      const position = (first + index * second) % this.bitCount;
      const word = position >>> 5;
      const mask = 1 << (position & 31);
      const current = this.bits[word] as number;
      if ((current & mask) === 0) {
        seen = false;
        this.bits[word] = current | mask;
      }
    }
    if (!seen) this.size += 1;
    return seen;
  }
}

/**
 * A scalable Bloom filter (Almeida et al.) over hex digests: when the newest filter reaches its
 * capacity, one for twice as many digests, at tighter bits per digest, is added, so the
 * false-positive rate stays under 2 % however many digests arrive, and memory grows with them at
 * 1.3 bytes each, up to about 5 just after a new filter is added (a 1 GB log of 300-byte lines:
 * 4 to 16 MB). Deterministic: the same sequence of digests gives the same answers.
 */
export class ScalableBloomFilter {
  private readonly filters: HexDigestBloomFilter[];

  constructor(initialBytes = 1 << 20) {
    this.filters = [new HexDigestBloomFilter(initialBytes, firstBitsPerEntry)];
  }

  /** Adds the digest; true when it may have been added before (false means certainly new). */
  testAndAdd(digest: string): boolean {
    const first = hexWord(digest, 0);
    const second = hexWord(digest, 8);
    const filters = this.filters;
    const newest = filters[filters.length - 1] as HexDigestBloomFilter;
    for (let index = 0; index < filters.length - 1; index += 1) {
      if ((filters[index] as HexDigestBloomFilter).has(first, second)) return true;
    }
    const seen = newest.testAndAdd(first, second);
    if (newest.size >= newest.capacity) {
      const bitsPerEntry = newest.bitsPerEntry + extraBitsPerStage;
      filters.push(new HexDigestBloomFilter((newest.capacity * 2 * bitsPerEntry) / 8, bitsPerEntry));
    }
    return seen;
  }

  /** True when the digest may have been added (false means certainly not). */
  has(digest: string): boolean {
    const first = hexWord(digest, 0);
    const second = hexWord(digest, 8);
    return this.filters.some((filter) => filter.has(first, second));
  }

  get byteSize(): number {
    return this.filters.reduce((sum, filter) => sum + filter.byteSize, 0);
  }
}
