/** The 32-bit number written by 8 lower-case hex digits at `start`. */
function hexWord(text: string, start: number): number {
  let value = 0;
  for (let index = start; index < start + 8; index += 1) {
    const code = text.charCodeAt(index);
    value = value * 16 + (code <= 0x39 ? code - 0x30 : code - 0x57);
  }
  return value;
}

/**
 * A fixed-size Bloom filter over lower-case hex digests (at least 16 digits). The digest's first
 * two 32-bit words seed the `hashCount` positions by double hashing (Kirsch–Mitzenmacher), so no
 * hashing is repeated and no bytes are decoded. Deterministic: the same sequence of digests gives
 * the same answers.
 */
export class HexDigestBloomFilter {
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
  testAndAdd(digest: string): boolean {
    const first = hexWord(digest, 0);
    const second = hexWord(digest, 8);
    let seen = true;
    for (let index = 0; index < this.hashCount; index += 1) {
      const position = (first + index * second) % this.bitCount;
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
