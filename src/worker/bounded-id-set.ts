/** Remembers the most recent `capacity` ids (oldest forgotten first): duplicate suppression in bounded memory. */
export class BoundedIdSet {
  private readonly ids = new Set<string>();

  constructor(private readonly capacity = 200_000) {}

  /** True when the id was not yet remembered (and remembers it). */
  add(id: string): boolean {
    if (this.ids.has(id)) return false;
    this.ids.add(id);
    if (this.ids.size > this.capacity) {
      const oldest = this.ids.values().next();
      if (!oldest.done) this.ids.delete(oldest.value);
    }
    return true;
  }

  get size(): number {
    return this.ids.size;
  }
}
