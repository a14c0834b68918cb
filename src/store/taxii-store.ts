/**
 * The `TaxiiStore` contract: TAXII 2.1 collections, their objects (every version, with the time
 * the collection received it) and the status resources of POSTs, persisted beside `Store`
 * (same database, migration 0006-taxii) so collections survive a restart. Object bodies are
 * kept as the JSON text received; the TAXII logic (validation, filters, paging) lives in intel.
 */

/** One stored version of an object. */
export interface TaxiiObjectRecord {
  collectionId: string;
  id: string;
  /** `modified`, else `created`, else `date_added` of the first copy (objects without versions). */
  version: string;
  type: string;
  specVersion: string;
  /** ISO time the collection received this version; strictly increasing per collection. */
  dateAdded: string;
  /** The object's JSON text as received. */
  body: string;
}

export interface TaxiiObjectQuery {
  /** Only versions added strictly after this ISO time. */
  addedAfter?: string;
  ids?: readonly string[];
  types?: readonly string[];
  specVersions?: readonly string[];
}

export interface TaxiiStore {
  /** Creates or replaces a collection resource (`body` is its JSON). */
  saveCollection(id: string, body: string): Promise<void>;
  listCollections(): Promise<{ id: string; body: string }[]>;
  /**
   * Adds object versions to a collection in one transaction; a version already there is kept
   * as it was (`added: false`). New versions get `date_added` later than any before in the collection.
   */
  addObjects(
    collectionId: string,
    objects: readonly Omit<TaxiiObjectRecord, 'collectionId' | 'dateAdded'>[],
    now: Date,
  ): Promise<{ id: string; version: string; dateAdded: string; added: boolean }[]>;
  /** Matching versions, oldest `date_added` first. */
  listObjects(collectionId: string, query: TaxiiObjectQuery): Promise<TaxiiObjectRecord[]>;
  /** Deletes an object's versions (all when `versions` is not given); returns how many. */
  deleteObject(collectionId: string, id: string, versions?: readonly string[]): Promise<number>;
  saveStatus(id: string, body: string): Promise<void>;
  getStatus(id: string): Promise<string | undefined>;
}
