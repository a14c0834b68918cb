/**
 * Quotas per input (one path given on the command line, one upload): how much decompressed data
 * and how many archive members it may expand to. A 36 MB zip of syslog can hold a hundred million
 * events; past the quota the rest of that input is refused with a reason naming the limit, and
 * what was read before it is kept.
 */
export interface InputLimits {
  /** Bytes that gzip, zip and tar members of one input may decompress to in total. */
  maxDecompressedBytes: number;
  /** Archive members one input may hold. */
  maxMembers: number;
}

export const defaultInputLimits: InputLimits = {
  maxDecompressedBytes: 2 * 1024 ** 3,
  maxMembers: 100_000,
};

export class QuotaExceededError extends Error {}

/** What one input has used of its limits so far. */
export class InputQuota {
  bytes = 0;
  members = 0;
  exceeded: string | undefined;

  constructor(
    readonly input: string,
    private readonly limits: InputLimits,
  ) {}

  /** Counts a member; false (and `exceeded` set) once the input holds more than allowed. */
  admitMember(): boolean {
    this.members += 1;
    if (this.members > this.limits.maxMembers)
      this.exceeded ??= `more than ${this.limits.maxMembers} archive members (limit maxMembers, --max-members)`;
    return this.exceeded === undefined;
  }

  /** Passes decompressed chunks through, failing the member once the input's volume is spent. */
  async *meter(chunks: AsyncIterable<Buffer>): AsyncGenerator<Buffer> {
    for await (const chunk of chunks) {
      this.bytes += chunk.length;
      if (this.bytes > this.limits.maxDecompressedBytes) {
        this.exceeded ??= `decompresses to more than ${this.limits.maxDecompressedBytes} bytes (limit maxDecompressedBytes, --max-decompressed-bytes)`;
        throw new QuotaExceededError(`${this.input} ${this.exceeded}; the rest of it is not read`);
      }
      yield chunk;
    }
  }
}
