import type { TaxiiCollection, TaxiiObjectFilter, TaxiiStatus } from './taxii-media.js';

/** One stored version of an object, with the time the collection received it. */
export interface StoredObject {
  object: Record<string, unknown>;
  id: string;
  version: string;
  dateAdded: string;
}

/** A page of stored objects. */
export interface StoredPage {
  items: StoredObject[];
  more: boolean;
  next?: string;
}

/**
 * In-memory TAXII collections: objects kept per version with strictly increasing
 * `date_added` (so `added_after` polling never misses or repeats), filters and
 * pagination per TAXII 2.1, and status resources for POSTs.
 */
export class TaxiiMemoryStore {
  readonly #collections = new Map<string, { info: TaxiiCollection; objects: StoredObject[] }>();
  readonly #statuses = new Map<string, TaxiiStatus>();
  readonly #now: () => number;
  #lastAdded = 0;

  constructor(options: { now?: () => number } = {}) {
    this.#now = options.now ?? Date.now;
  }

  addCollection(info: TaxiiCollection): void {
    this.#collections.set(info.id, { info, objects: [] });
  }

  collections(): TaxiiCollection[] {
    return [...this.#collections.values()].map((collection) => collection.info);
  }

  collection(id: string): TaxiiCollection | undefined {
    return this.#collections.get(id)?.info;
  }

  /** Adds objects (one batch); returns the status resource. */
  addObjects(collectionId: string, objects: readonly unknown[]): TaxiiStatus {
    const collection = this.#collections.get(collectionId);
    if (!collection) throw new RangeError(`no collection ${collectionId}`);
    const status: TaxiiStatus = {
      id: crypto.randomUUID(),
      status: 'complete',
      request_timestamp: new Date(this.#now()).toISOString(),
      total_count: objects.length,
      success_count: 0,
      successes: [],
      failure_count: 0,
      failures: [],
      pending_count: 0,
      pendings: [],
    };
    for (const value of objects) {
      const object = value as Record<string, unknown>;
      const id = typeof object?.id === 'string' ? object.id : undefined;
      if (!id || typeof object.type !== 'string') {
        status.failure_count += 1;
        status.failures!.push({ id: id ?? '(none)', message: 'object needs a type and an id' });
        continue;
      }
      const version = String(object.modified ?? object.created ?? '');
      if (collection.objects.some((stored) => stored.id === id && stored.version === version)) {
        status.success_count += 1;
        status.successes!.push({ id, version, message: 'already present' });
        continue;
      }
      this.#lastAdded = Math.max(this.#now(), this.#lastAdded + 1);
      collection.objects.push({ object, id, version, dateAdded: new Date(this.#lastAdded).toISOString() });
      status.success_count += 1;
      status.successes!.push({ id, version });
    }
    this.#statuses.set(status.id, status);
    return status;
  }

  status(id: string): TaxiiStatus | undefined {
    return this.#statuses.get(id);
  }

  /** Objects matching the filter, oldest first, one page at a time. */
  query(collectionId: string, filter: TaxiiObjectFilter, defaultLimit: number): StoredPage {
    const collection = this.#collections.get(collectionId);
    if (!collection) return { items: [], more: false };
    const addedAfter = filter.addedAfter ? Date.parse(filter.addedAfter) : Number.NEGATIVE_INFINITY;
    const match = filter.match ?? {};
    let items = collection.objects.filter(
      (stored) =>
        Date.parse(stored.dateAdded) > addedAfter &&
        (!match.id || match.id.includes(stored.id)) &&
        (!match.type || match.type.includes(String(stored.object.type))) &&
        (!match.spec_version || match.spec_version.includes(String(stored.object.spec_version ?? '2.1'))),
    );
    items = selectVersions(items, match.version ?? ['last']);
    const offset = filter.next ? decodeNext(filter.next) : 0;
    const limit = Math.max(1, Math.min(filter.limit ?? defaultLimit, defaultLimit));
    const page = items.slice(offset, offset + limit);
    const more = offset + limit < items.length;
    return { items: page, more, ...(more ? { next: encodeNext(offset + limit) } : {}) };
  }
}

function selectVersions(items: StoredObject[], versions: readonly string[]): StoredObject[] {
  if (versions.includes('all')) return items;
  const byId = new Map<string, StoredObject[]>();
  for (const item of items) byId.set(item.id, [...(byId.get(item.id) ?? []), item]);
  const selected = new Set<StoredObject>();
  for (const list of byId.values()) {
    const sorted = [...list].sort((left, right) => Date.parse(left.version) - Date.parse(right.version));
    if (versions.includes('last')) selected.add(sorted.at(-1)!);
    if (versions.includes('first')) selected.add(sorted[0]!);
    for (const item of list) if (versions.includes(item.version)) selected.add(item);
  }
  return items.filter((item) => selected.has(item));
}

function encodeNext(offset: number): string {
  return Buffer.from(`offset:${offset}`).toString('base64url');
}

function decodeNext(token: string): number {
  const match = /^offset:(\d+)$/.exec(Buffer.from(token, 'base64url').toString('utf8'));
  if (!match) throw new RangeError('invalid next token');
  return Number(match[1]);
}
