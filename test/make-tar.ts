/**
 * Builds a small ustar archive in memory (POSIX.1-1988 header layout), for tests that need entry
 * types `tar` will not write for an unprivileged user (devices) or names it strips (`../`, `/`).
 */
export interface TarEntry {
  name: string;
  /** ustar type flag: `0` file, `1` hard link, `2` symbolic link, `3`/`4` devices, `5` folder, `6` FIFO. */
  type?: string;
  content?: string;
  linkName?: string;
}

function field(header: Buffer, offset: number, length: number, value: string): void {
  header.write(value, offset, Math.min(length, Buffer.byteLength(value)), 'utf8');
}

const octal = (value: number, length: number) => `${value.toString(8).padStart(length - 1, '0')}\0`;

export function makeTar(entries: readonly TarEntry[]): Buffer {
  const parts: Buffer[] = [];
  for (const entry of entries) {
    const data = Buffer.from(entry.content ?? '');
    const header = Buffer.alloc(512);
    field(header, 0, 100, entry.name);
    field(header, 100, 8, octal(0o644, 8));
    field(header, 108, 8, octal(0, 8));
    field(header, 116, 8, octal(0, 8));
    field(header, 124, 12, octal(data.length, 12));
    field(header, 136, 12, octal(1_700_000_000, 12));
    header.fill(0x20, 148, 156);
    field(header, 156, 1, entry.type ?? '0');
    field(header, 157, 100, entry.linkName ?? '');
    field(header, 257, 6, 'ustar\0');
    field(header, 263, 2, '00');
    let sum = 0;
    for (const byte of header) sum += byte;
    field(header, 148, 8, `${sum.toString(8).padStart(6, '0')}\0 `);
    parts.push(header, data, Buffer.alloc((512 - (data.length % 512)) % 512));
  }
  parts.push(Buffer.alloc(1024));
  return Buffer.concat(parts);
}
