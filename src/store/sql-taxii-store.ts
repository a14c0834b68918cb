/** `TaxiiStore` over Kysely (SQLite and PostgreSQL): tables of migration 0006-taxii. */
import type { Kysely } from 'kysely';
import type { TaxiiObjectQuery, TaxiiObjectRecord, TaxiiStore } from './taxii-store.js';

export type TaxiiTables = {
  taxii_collections: { id: string; body: string };
  taxii_objects: {
    collection_id: string;
    id: string;
    version: string;
    type: string;
    spec_version: string;
    date_added: string;
    body: string;
  };
  taxii_statuses: { id: string; body: string };
};

type ObjectRow = TaxiiTables['taxii_objects'];

const toRecord = (row: ObjectRow): TaxiiObjectRecord => ({
  collectionId: row.collection_id,
  id: row.id,
  version: row.version,
  type: row.type,
  specVersion: row.spec_version,
  dateAdded: row.date_added,
  body: row.body,
});

export class SqlTaxiiStore implements TaxiiStore {
  constructor(private readonly database: Kysely<TaxiiTables>) {}

  async saveCollection(id: string, body: string): Promise<void> {
    await this.database
      .insertInto('taxii_collections')
      .values({ id, body })
      .onConflict((conflict) => conflict.column('id').doUpdateSet({ body }))
      .execute();
  }

  async listCollections(): Promise<{ id: string; body: string }[]> {
    return this.database.selectFrom('taxii_collections').select(['id', 'body']).orderBy('id').execute();
  }

  addObjects(
    collectionId: string,
    objects: readonly Omit<TaxiiObjectRecord, 'collectionId' | 'dateAdded'>[],
    now: Date,
  ): Promise<{ id: string; version: string; dateAdded: string; added: boolean }[]> {
    return this.database.transaction().execute(async (transaction) => {
      const latest = await transaction
        .selectFrom('taxii_objects')
        .select((builder) => builder.fn.max('date_added').as('last'))
        .where('collection_id', '=', collectionId)
        .executeTakeFirst();
      let last = latest?.last ? Date.parse(String(latest.last)) : Number.NEGATIVE_INFINITY;
      const results: { id: string; version: string; dateAdded: string; added: boolean }[] = [];
      for (const object of objects) {
        const existing = await transaction
          .selectFrom('taxii_objects')
          .select('date_added')
          .where('collection_id', '=', collectionId)
          .where('id', '=', object.id)
          .where('version', '=', object.version)
          .executeTakeFirst();
        if (existing) {
          results.push({ id: object.id, version: object.version, dateAdded: existing.date_added, added: false });
          continue;
        }
        last = Math.max(now.getTime(), last + 1);
        const dateAdded = new Date(last).toISOString();
        await transaction
          .insertInto('taxii_objects')
          .values({
            collection_id: collectionId,
            id: object.id,
            version: object.version,
            type: object.type,
            spec_version: object.specVersion,
            date_added: dateAdded,
            body: object.body,
          })
          .execute();
        results.push({ id: object.id, version: object.version, dateAdded, added: true });
      }
      return results;
    });
  }

  async listObjects(collectionId: string, query: TaxiiObjectQuery): Promise<TaxiiObjectRecord[]> {
    let select = this.database.selectFrom('taxii_objects').selectAll().where('collection_id', '=', collectionId);
    if (query.addedAfter) select = select.where('date_added', '>', query.addedAfter);
    if (query.ids) select = select.where('id', 'in', query.ids.length > 0 ? [...query.ids] : ['']);
    if (query.types) select = select.where('type', 'in', query.types.length > 0 ? [...query.types] : ['']);
    if (query.specVersions)
      select = select.where('spec_version', 'in', query.specVersions.length > 0 ? [...query.specVersions] : ['']);
    const rows = await select.orderBy('date_added').orderBy('id').execute();
    return rows.map(toRecord);
  }

  async deleteObject(collectionId: string, id: string, versions?: readonly string[]): Promise<number> {
    let remove = this.database
      .deleteFrom('taxii_objects')
      .where('collection_id', '=', collectionId)
      .where('id', '=', id);
    if (versions) remove = remove.where('version', 'in', versions.length > 0 ? [...versions] : ['']);
    const result = await remove.executeTakeFirst();
    return Number(result.numDeletedRows ?? 0);
  }

  async saveStatus(id: string, body: string): Promise<void> {
    await this.database
      .insertInto('taxii_statuses')
      .values({ id, body })
      .onConflict((conflict) => conflict.column('id').doUpdateSet({ body }))
      .execute();
  }

  async getStatus(id: string): Promise<string | undefined> {
    const row = await this.database.selectFrom('taxii_statuses').select('body').where('id', '=', id).executeTakeFirst();
    return row?.body;
  }
}
