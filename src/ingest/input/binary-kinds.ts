const kinds: { magic: number[]; reason: string }[] = [
  {
    magic: [0x45, 0x6c, 0x66, 0x46, 0x69, 0x6c, 0x65, 0x00],
    reason:
      'raw Windows .evtx (inside an archive or on stdin): extract it to a file, which Vigil reads through evtxexport (libevtx-utils), or export it to XML or JSON first (evtx_dump, Winlogbeat)',
  },
  {
    magic: [0xd4, 0xc3, 0xb2, 0xa1],
    reason: 'packet capture (pcap): run it through Zeek or Suricata and ingest their logs',
  },
  {
    magic: [0xa1, 0xb2, 0xc3, 0xd4],
    reason: 'packet capture (pcap): run it through Zeek or Suricata and ingest their logs',
  },
  {
    magic: [0x0a, 0x0d, 0x0d, 0x0a],
    reason: 'packet capture (pcapng): run it through Zeek or Suricata and ingest their logs',
  },
  { magic: [0x7f, 0x45, 0x4c, 0x46], reason: 'executable (ELF), not a log' },
  { magic: [0x4d, 0x5a, 0x90, 0x00], reason: 'executable (PE), not a log' },
];

/** What a known binary format's magic bytes say it is, or undefined. */
export function knownBinaryKind(prefix: Buffer): string | undefined {
  for (const kind of kinds) {
    if (kind.magic.every((byte, index) => prefix[index] === byte)) return `binary file: ${kind.reason}`;
  }
  return undefined;
}

/** Why a binary input is not read, naming what it looks like when the magic bytes say so. */
export function describeBinary(prefix: Buffer): string {
  return knownBinaryKind(prefix) ?? 'binary file: not a text log';
}
