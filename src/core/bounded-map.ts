/**
 * A Map of bounded size that forgets the least recently used key first: the state of streaming
 * analytics and ingest context, which must not grow with the number of distinct hosts, users,
 * processes or domains an attacker can make up.
 */
export class BoundedMap<K, V> {
  private readonly entries = new Map<K, V>();
  /** Keys forgotten to stay within the limit, since creation. */
  evicted = 0;

  constructor(readonly limit: number) {
    if (!(limit >= 1)) throw new RangeError('a bounded map holds at least one key');
  }

  get size(): number {
    return this.entries.size;
  }

  /** The value, marking the key as just used. */
  get(key: K): V | undefined {
    const value = this.entries.get(key);
    if (value !== undefined) {
      this.entries.delete(key);
      this.entries.set(key, value);
    }
    return value;
  }

  /** The value without marking the key as used. */
  peek(key: K): V | undefined {
    return this.entries.get(key);
  }

  has(key: K): boolean {
    return this.entries.has(key);
  }

  set(key: K, value: V): void {
    this.entries.delete(key);
    this.entries.set(key, value);
    if (this.entries.size > this.limit) {
      this.entries.delete(this.entries.keys().next().value as K);
      this.evicted += 1;
    }
  }

  /** The value, created with `create` (and stored) when absent. */
  upsert(key: K, create: () => V): V {
    const existing = this.get(key);
    if (existing !== undefined) return existing;
    const value = create();
    this.set(key, value);
    return value;
  }

  delete(key: K): boolean {
    return this.entries.delete(key);
  }

  values(): IterableIterator<V> {
    return this.entries.values();
  }

  entriesInOrder(): IterableIterator<[K, V]> {
    return this.entries.entries();
  }

  clear(): void {
    this.entries.clear();
  }
}
