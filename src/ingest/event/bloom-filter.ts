/**
 * A fixed-size Bloom filter over 32-byte digests: the digest bytes are the hash functions, so no
 * hashing is repeated. Deterministic: the same sequence of digests gives the same answers.
 */
export class DigestBloomFilter {
  private readonly bits: Uint32Array;
  private readonly bitCount: number;

  constructor(
    sizeInBytes = 1 << 20,
    private readonly hashCount = 6,
  ) {
    this.bits = new Uint32Array(Math.max(1, Math.floor(sizeInBytes / 4)));
    this.bitCount = this.bits.length * 32;
  }

  /** Adds the digest; true when it may have been added before (false means certainly new). */
  testAndAdd(digest: Buffer): boolean {
    let seen = true;
    for (let index = 0; index < this.hashCount; index += 1) {
      const position = digest.readUInt32LE((index * 4) % (digest.length - 3)) % this.bitCount;
      const word = position >>> 5;
      const mask = 1 << (position & 31);
      const current = this.bits[word] as number;
      if ((current & mask) === 0) {
        seen = false;
        this.bits[word] = current | mask;
      }
    }
    return seen;
  }
}
