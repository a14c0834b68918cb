/**
 * Quotas per input (one path given on the command line, one upload): how much decompressed data
 * and how many archive members it may expand to, and the longest record. A 36 MB zip of syslog
 * can hold a hundred million events; past the quota the rest of that input is refused with a
 * reason naming the input and the limit, and what was read before it is kept. One definition for
 * logs, intelligence and rule packs, and for every command's `--max-…` flags.
 */
import { UsageError } from '../core/index.js';

export interface InputLimits {
  /** Bytes that gzip, zip and tar members of one input may decompress to in total. */
  maxDecompressedBytes: number;
  /** Archive members one input may hold. */
  maxMembers: number;
  /** Longest record (log line, IOC line, STIX object) in bytes; a longer one is refused, not truncated. */
  maxRecordBytes: number;
}

export const defaultInputLimits: InputLimits = {
  maxDecompressedBytes: 2 * 1024 ** 3,
  maxMembers: 100_000,
  maxRecordBytes: 1024 * 1024,
};

/** Each limit with its command-line flag and what it bounds, for `--help` and error messages. */
export const describeInputLimits: Record<keyof InputLimits, { flag: string; help: string }> = {
  maxDecompressedBytes: {
    flag: '--max-decompressed-bytes',
    help: 'bytes the archives and .gz files of one input may expand to (default 2 GiB)',
  },
  maxMembers: { flag: '--max-members', help: 'archive members one input may hold (default 100000)' },
  maxRecordBytes: {
    flag: '--max-record-bytes',
    help: 'longest record (log line, IOC line, STIX object) in bytes (default 1 MiB)',
  },
};

/** A limit's value from text: a whole number ≥ 1, or a UsageError naming the flag. */
export function parseInputLimit(name: keyof InputLimits, text: string): number {
  const value = Number(text);
  if (!Number.isSafeInteger(value) || value < 1)
    throw new UsageError(`${describeInputLimits[name].flag} takes a positive whole number, not "${text}"`);
  return value;
}

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
