/**
 * TAXII 2.1 collections over a `TaxiiStore` (SQLite or PostgreSQL): objects kept per version
 * exactly as received, with strictly increasing `date_added` (so `added_after` polling never
 * misses or repeats); POSTed objects validated as STIX 2.1 one by one (a bad object is a
 * failure in the status, the others are added); filters, version selection and pagination per
 * TAXII 2.1 §3.4; status resources persisted.
 */
import type { TaxiiObjectRecord, TaxiiStore } from '../../store/index.js';
import { validateStixObject } from '../stix/stix-object.js';
import type { TaxiiCollection, TaxiiObjectFilter, TaxiiStatus } from './taxii-media.js';

/** One stored version of an object. */
export interface StoredObject {
  id: string;
  version: string;
  dateAdded: string;
  /** The object's JSON text as received. */
  body: string;
}

/** A page of stored versions. */
export interface StoredPage {
  items: StoredObject[];
  more: boolean;
  next?: string;
}

export interface AddOptions {
  /** Check every object against STIX 2.1 (strict: spec_version required). Default true. */
  validate?: boolean;
}

export class TaxiiCollections {
  readonly #store: TaxiiStore;
  readonly #now: () => Date;

  constructor(options: { store: TaxiiStore; now?: () => Date }) {
    this.#store = options.store;
    this.#now = options.now ?? (() => new Date());
  }

  /** Creates the collection, or updates its description; its objects are kept. */
  async ensureCollection(info: TaxiiCollection): Promise<void> {
    await this.#store.saveCollection(info.id, JSON.stringify(info));
  }

  async collections(): Promise<TaxiiCollection[]> {
    return (await this.#store.listCollections()).map((row) => JSON.parse(row.body) as TaxiiCollection);
  }

  async collection(id: string): Promise<TaxiiCollection | undefined> {
    return (await this.collections()).find((collection) => collection.id === id);
  }

  /** Adds one envelope's objects; returns (and keeps) the status resource with real counts. */
  async addObjects(collectionId: string, objects: readonly unknown[], options: AddOptions = {}): Promise<TaxiiStatus> {
    const now = this.#now();
    const status: TaxiiStatus = {
      id: crypto.randomUUID(),
      status: 'complete',
      request_timestamp: now.toISOString(),
      total_count: objects.length,
      success_count: 0,
      successes: [],
      failure_count: 0,
      failures: [],
      pending_count: 0,
      pendings: [],
    };
    const accepted: Omit<TaxiiObjectRecord, 'collectionId' | 'dateAdded'>[] = [];
    for (const [index, value] of objects.entries()) {
      const object = value as Record<string, unknown> | null;
      const id = typeof object?.id === 'string' ? object.id : undefined;
      if (!object || typeof object !== 'object' || Array.isArray(object) || !id || typeof object.type !== 'string') {
        status.failures!.push({ id: id ?? `objects[${index}]`, message: 'an object needs a type and an id' });
        continue;
      }
      const version = versionOf(object);
      if (options.validate !== false) {
        const checked = validateStixObject(object);
        if (!checked.ok) {
          status.failures!.push({ id, ...(version ? { version } : {}), message: checked.error.reason });
          continue;
        }
      }
      accepted.push({
        id,
        version,
        type: object.type,
        specVersion: typeof object.spec_version === 'string' ? object.spec_version : '2.1',
        body: JSON.stringify(object),
      });
    }
    for (const result of await this.#store.addObjects(collectionId, accepted, now)) {
      status.successes!.push({
        id: result.id,
        version: result.version || result.dateAdded,
        ...(result.added ? {} : { message: 'already present' }),
      });
    }
    status.success_count = status.successes!.length;
    status.failure_count = status.failures!.length;
    await this.#store.saveStatus(status.id, JSON.stringify(status));
    return status;
  }

  async status(id: string): Promise<TaxiiStatus | undefined> {
    const body = await this.#store.getStatus(id);
    return body ? (JSON.parse(body) as TaxiiStatus) : undefined;
  }

  /** Matching versions, oldest first, one page at a time (`next` continues after the last one returned). */
  async query(collectionId: string, filter: TaxiiObjectFilter, pageSize: number): Promise<StoredPage> {
    const match = filter.match ?? {};
    const rows = await this.#store.listObjects(collectionId, {
      ...(filter.addedAfter ? { addedAfter: new Date(filter.addedAfter).toISOString() } : {}),
      ...(match.id ? { ids: match.id } : {}),
      ...(match.type ? { types: match.type } : {}),
      ...(match.spec_version ? { specVersions: match.spec_version } : {}),
    });
    const items = selectVersions(
      rows.map((row) => ({
        id: row.id,
        version: row.version || row.dateAdded,
        dateAdded: row.dateAdded,
        body: row.body,
      })),
      match.version ?? ['last'],
    );
    const start = filter.next ? startAfter(items, decodeNext(filter.next)) : 0;
    const limit = Math.max(1, Math.min(filter.limit ?? pageSize, pageSize));
    const page = items.slice(start, start + limit);
    const more = start + limit < items.length;
    return { items: page, more, ...(more ? { next: encodeNext(page.at(-1)!) } : {}) };
  }

  /** Deletes an object (the versions `match[version]` selects, all by default); returns how many went. */
  async deleteObject(collectionId: string, id: string, versions?: readonly string[]): Promise<number> {
    if (!versions || versions.includes('all')) return this.#store.deleteObject(collectionId, id);
    const page = await this.query(collectionId, { match: { id: [id], version: [...versions] } }, 100_000);
    return this.#store.deleteObject(
      collectionId,
      id,
      page.items.map((item) => item.version),
    );
  }
}

/** `modified`, else `created`; empty for objects without versions (SCOs), which are served with their date_added. */
function versionOf(object: Record<string, unknown>): string {
  const value = object.modified ?? object.created;
  return typeof value === 'string' && !Number.isNaN(Date.parse(value)) ? new Date(value).toISOString() : '';
}

function selectVersions(items: StoredObject[], versions: readonly string[]): StoredObject[] {
  if (versions.includes('all')) return items;
  const byId = new Map<string, StoredObject[]>();
  for (const item of items) byId.set(item.id, [...(byId.get(item.id) ?? []), item]);
  const wanted = new Set(versions.filter((version) => version !== 'first' && version !== 'last').map(isoOrSelf));
  const selected = new Set<StoredObject>();
  for (const list of byId.values()) {
    const sorted = [...list].sort((left, right) => Date.parse(left.version) - Date.parse(right.version));
    if (versions.includes('last')) selected.add(sorted.at(-1)!);
    if (versions.includes('first')) selected.add(sorted[0]!);
    for (const item of list) if (wanted.has(item.version)) selected.add(item);
  }
  return items.filter((item) => selected.has(item));
}

function isoOrSelf(text: string): string {
  const time = Date.parse(text);
  return Number.isNaN(time) ? text : new Date(time).toISOString();
}

interface Position {
  dateAdded: string;
  id: string;
  version: string;
}

function encodeNext(item: StoredObject): string {
  return Buffer.from(JSON.stringify([item.dateAdded, item.id, item.version])).toString('base64url');
}

function decodeNext(token: string): Position {
  try {
    const [dateAdded, id, version] = JSON.parse(Buffer.from(token, 'base64url').toString('utf8')) as string[];
    if (typeof dateAdded === 'string' && typeof id === 'string' && typeof version === 'string')
      return { dateAdded, id, version };
  } catch {
    // falls through to the error below
  }
  throw new RangeError('invalid next token');
}

/** Index of the first item after `position` in (date_added, id) order. */
function startAfter(items: readonly StoredObject[], position: Position): number {
  const index = items.findIndex(
    (item) => item.dateAdded > position.dateAdded || (item.dateAdded === position.dateAdded && item.id > position.id),
  );
  return index === -1 ? items.length : index;
}
