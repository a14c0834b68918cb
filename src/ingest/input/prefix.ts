/**
 * The first chunks of a stream (at least `minimumBytes` unless it ends or fails first) and an
 * iterator over the rest; a failure while reading the prefix is replayed by the rest.
 */
export async function readPrefix(
  chunks: AsyncIterable<Buffer>,
  minimumBytes: number,
): Promise<{ prefix: Buffer[]; rest: AsyncIterator<Buffer>; ended: boolean }> {
  const iterator = chunks[Symbol.asyncIterator]();
  const prefix: Buffer[] = [];
  let bytes = 0;
  while (bytes < minimumBytes) {
    let next: IteratorResult<Buffer | string>;
    try {
      next = await iterator.next();
    } catch (error) {
      // Keep what arrived before the failure; the failure surfaces when the rest is read.
      return { prefix, rest: { next: () => Promise.reject(error) }, ended: true };
    }
    if (next.done) return { prefix, rest: iterator, ended: true };
    const chunk = typeof next.value === 'string' ? Buffer.from(next.value) : next.value;
    prefix.push(chunk);
    bytes += chunk.length;
  }
  return { prefix, rest: iterator, ended: false };
}

/** Replays the prefix, then the rest of the stream. Returning early releases the underlying stream. */
export async function* prependChunks(prefix: Buffer[], rest: AsyncIterator<Buffer>): AsyncGenerator<Buffer> {
  try {
    yield* prefix;
    for (;;) {
      const next = await rest.next();
      if (next.done) return;
      yield next.value;
    }
  } finally {
    await rest.return?.();
  }
}
