/**
 * `RetrievalStore` over PostgreSQL full-text search (the tsvector column of the PostgreSQL
 * branch of migration 0003): any word may match, ranked by `ts_rank_cd` over the weighted
 * title, techniques and body; snippets from `ts_headline`. Filters as in the SQLite version.
 */
import { type Kysely, sql } from 'kysely';
import { defaultQueryTerms, queryTerms } from '../query-terms.js';
import { type HitRow, hitFromRow } from '../retrieval-hit-row.js';
import type {
  RetrievalDocument,
  RetrievalHit,
  RetrievalKind,
  RetrievalQuery,
  RetrievalStore,
} from '../retrieval-store.js';

/**
 * Words of free text as a `to_tsquery` text: letters and digits only (so text can never be
 * query syntax), chosen by `queryTerms`, joined by `|`.
 */
export function tsQueryOf(text: string, maxTerms = defaultQueryTerms): string {
  return queryTerms(text, maxTerms).join(' | ');
}

export class PostgresRetrievalStore implements RetrievalStore {
  constructor(
    private readonly database: Kysely<unknown>,
    private readonly onClose: () => Promise<void> = async () => {},
  ) {}

  async indexDocuments(documents: readonly RetrievalDocument[]): Promise<number> {
    if (documents.length === 0) return 0;
    const now = new Date().toISOString();
    await this.database.transaction().execute(async (transaction) => {
      for (const document of documents) {
        await sql`delete from retrieval_documents where id = ${document.id}`.execute(transaction);
        const inserted = await sql<{ rowid: string }>`insert into retrieval_documents
          (id, kind, source, title, body, techniques, entities, tactics, verdict, updated_at)
          values (${document.id}, ${document.kind}, ${document.source}, ${document.title}, ${document.body},
            ${document.techniques.join(' ')}, ${document.entities.join(' ')}, ${(document.tactics ?? []).join(' ')},
            ${document.verdict ?? null}, ${document.updatedAt ?? now})
          returning rowid`.execute(transaction);
        const rowid = inserted.rows[0]!.rowid;
        const techniques = [...new Set(document.techniques.map((id) => id.toUpperCase()))];
        if (techniques.length > 0)
          await sql`insert into retrieval_techniques (document_rowid, technique)
            select ${rowid}::bigint, unnest(${techniques}::text[])`.execute(transaction);
        const entities = [...new Set(document.entities.map((key) => key.toLowerCase()))];
        if (entities.length > 0)
          await sql`insert into retrieval_entities (document_rowid, entity)
            select ${rowid}::bigint, unnest(${entities}::text[])`.execute(transaction);
      }
    });
    return documents.length;
  }

  async search(query: RetrievalQuery): Promise<RetrievalHit[]> {
    const limit = Math.min(Math.max(query.limit ?? 10, 1), 100);
    const match = tsQueryOf(query.text);
    const filters = [];
    if (query.kinds?.length) filters.push(sql`d.kind = any(${[...query.kinds]}::text[])`);
    if (query.sources?.length) filters.push(sql`d.source = any(${[...query.sources]}::text[])`);
    if (query.excludeIds?.length) filters.push(sql`not (d.id = any(${[...query.excludeIds]}::text[]))`);
    if (query.techniques?.length) {
      const techniques = query.techniques.map((id) => id.toUpperCase());
      filters.push(
        sql`d.rowid in (select document_rowid from retrieval_techniques where technique = any(${techniques}::text[]))`,
      );
    }
    if (query.entities?.length) {
      const entities = query.entities.map((key) => key.toLowerCase());
      filters.push(
        sql`d.rowid in (select document_rowid from retrieval_entities where entity = any(${entities}::text[]))`,
      );
    }
    if (!match && filters.length === 0) return [];
    const where = filters.length > 0 ? sql.join(filters, sql` and `) : sql`true`;
    // Queries built from English stems and from the raw words (technique ids, host names).
    const tsQuery = sql`(to_tsquery('english', ${match}) || to_tsquery('simple', ${match}))`;
    const result = match
      ? await sql<HitRow>`select d.id, d.kind, d.source, d.title, d.techniques, d.tactics, d.verdict,
            ts_headline('english', d.body, ${tsQuery}, 'StartSel="",StopSel="",MaxWords=24,MinWords=8') as snippet,
            ts_rank_cd('{0.1, 0.2, 0.5, 1.0}', d.search, ${tsQuery}) as score
          from retrieval_documents d
          where d.search @@ ${tsQuery} and ${where}
          order by score desc, d.id limit ${limit}`.execute(this.database)
      : await sql<HitRow>`select d.id, d.kind, d.source, d.title, d.techniques, d.tactics, d.verdict,
            substr(d.body, 1, 200) as snippet, 0 as score
          from retrieval_documents d where ${where}
          order by d.updated_at desc, d.id limit ${limit}`.execute(this.database);
    return result.rows.map(hitFromRow);
  }

  async countDocuments(kind?: RetrievalKind): Promise<number> {
    const result = kind
      ? await sql<{ count: string }>`select count(*) as count from retrieval_documents where kind = ${kind}`.execute(
          this.database,
        )
      : await sql<{ count: string }>`select count(*) as count from retrieval_documents`.execute(this.database);
    return Number(result.rows[0]?.count ?? 0);
  }

  async close(): Promise<void> {
    await this.onClose();
  }
}
