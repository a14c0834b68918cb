/** Stable partition of a key: FNV-1a over its UTF-8 bytes, modulo the partition count. */
export function partitionOf(key: string, partitions: number): number {
  let hash = 0x811c9dc5;
  for (const byte of Buffer.from(key, 'utf8')) {
    hash ^= byte;
    hash = Math.imul(hash, 0x01000193) >>> 0;
  }
  return hash % partitions;
}

/** The topic dead-lettered records of `topic` go to. */
export function deadLetterTopic(topic: string): string {
  return `${topic}.dead`;
}
