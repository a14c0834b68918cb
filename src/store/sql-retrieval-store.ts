/** `RetrievalStore` over SQLite FTS5 (migration 0003): BM25 ranking, filters through side tables. */
import { type Kysely, sql } from 'kysely';
import { defaultQueryTerms, queryTerms } from './query-terms.js';
import { type HitRow, hitFromRow } from './retrieval-hit-row.js';
import type {
  RetrievalDocument,
  RetrievalHit,
  RetrievalKind,
  RetrievalQuery,
  RetrievalStore,
} from './retrieval-store.js';

/** Words of free text as an FTS5 query: each quoted (so text can never be query syntax), joined by OR. */
export function ftsQueryOf(text: string, maxTerms = defaultQueryTerms): string {
  return queryTerms(text, maxTerms)
    .map((word) => `"${word}"`)
    .join(' OR ');
}

/** Documents per insert (10 parameters each; SQLite allows 32,766 per statement). */
const documentsPerStatement = 200;
/** Side rows (document, value) per insert. */
const pairsPerStatement = 1_000;

async function insertPairs(
  database: Kysely<unknown>,
  table: 'retrieval_techniques' | 'retrieval_entities',
  column: 'technique' | 'entity',
  pairs: readonly [number, string][],
): Promise<void> {
  for (let start = 0; start < pairs.length; start += pairsPerStatement) {
    const values = pairs.slice(start, start + pairsPerStatement).map(([rowid, value]) => sql`(${rowid}, ${value})`);
    await sql`insert into ${sql.table(table)} (document_rowid, ${sql.ref(column)}) values ${sql.join(values)}`.execute(
      database,
    );
  }
}

export class SqlRetrievalStore implements RetrievalStore {
  constructor(
    private readonly database: Kysely<unknown>,
    private readonly onClose: () => Promise<void> = async () => {},
  ) {}

  /**
   * Writes documents in multi-row statements (a document id already indexed is replaced, as is
   * an id given twice: the last one counts). One statement per document and side row cost about
   * 2 CPU-s for ATT&CK's 16,700 technique and procedure texts, which every process seeds.
   */
  async indexDocuments(documents: readonly RetrievalDocument[]): Promise<number> {
    if (documents.length === 0) return 0;
    const now = new Date().toISOString();
    const latest = new Map<string, RetrievalDocument>();
    for (const document of documents) {
      latest.delete(document.id);
      latest.set(document.id, document);
    }
    const unique = [...latest.values()];
    await this.database.transaction().execute(async (transaction) => {
      for (let start = 0; start < unique.length; start += documentsPerStatement) {
        const chunk = unique.slice(start, start + documentsPerStatement);
        await sql`delete from retrieval_documents where id in (${sql.join(chunk.map((document) => document.id))})`.execute(
          transaction,
        );
        const values = chunk.map(
          (document) => sql`(${document.id}, ${document.kind}, ${document.source}, ${document.title}, ${document.body},
            ${document.techniques.join(' ')}, ${document.entities.join(' ')}, ${(document.tactics ?? []).join(' ')},
            ${document.verdict ?? null}, ${document.updatedAt ?? now})`,
        );
        const inserted = await sql<{ rowid: number; id: string }>`insert into retrieval_documents
          (id, kind, source, title, body, techniques, entities, tactics, verdict, updated_at)
          values ${sql.join(values)} returning rowid, id`.execute(transaction);
        const rowids = new Map(inserted.rows.map((row) => [row.id, row.rowid]));
        const techniques: [number, string][] = [];
        const entities: [number, string][] = [];
        for (const document of chunk) {
          const rowid = rowids.get(document.id)!;
          for (const technique of new Set(document.techniques.map((id) => id.toUpperCase())))
            techniques.push([rowid, technique]);
          for (const entity of new Set(document.entities.map((key) => key.toLowerCase())))
            entities.push([rowid, entity]);
        }
        await insertPairs(transaction, 'retrieval_techniques', 'technique', techniques);
        await insertPairs(transaction, 'retrieval_entities', 'entity', entities);
      }
    });
    return documents.length;
  }

  async search(query: RetrievalQuery): Promise<RetrievalHit[]> {
    const limit = Math.min(Math.max(query.limit ?? 10, 1), 100);
    const match = ftsQueryOf(query.text);
    const filters = [];
    if (query.kinds?.length) filters.push(sql`d.kind in (${sql.join(query.kinds)})`);
    if (query.sources?.length) filters.push(sql`d.source in (${sql.join(query.sources)})`);
    if (query.excludeIds?.length) filters.push(sql`d.id not in (${sql.join(query.excludeIds)})`);
    if (query.techniques?.length) {
      const techniques = query.techniques.map((id) => id.toUpperCase());
      filters.push(
        sql`d.rowid in (select document_rowid from retrieval_techniques where technique in (${sql.join(techniques)}))`,
      );
    }
    if (query.entities?.length) {
      const entities = query.entities.map((key) => key.toLowerCase());
      filters.push(
        sql`d.rowid in (select document_rowid from retrieval_entities where entity in (${sql.join(entities)}))`,
      );
    }
    if (!match && filters.length === 0) return [];
    const where = filters.length > 0 ? sql.join(filters, sql` and `) : sql`1 = 1`;
    const result = match
      ? await sql<HitRow>`select d.id, d.kind, d.source, d.title, d.techniques, d.tactics, d.verdict,
            snippet(retrieval_fts, 1, '', '', ' … ', 24) as snippet,
            -bm25(retrieval_fts, 4.0, 1.0, 2.0) as score
          from retrieval_fts join retrieval_documents d on d.rowid = retrieval_fts.rowid
          where retrieval_fts match ${match} and ${where}
          order by score desc, d.id limit ${limit}`.execute(this.database)
      : await sql<HitRow>`select d.id, d.kind, d.source, d.title, d.techniques, d.tactics, d.verdict,
            substr(d.body, 1, 200) as snippet, 0 as score
          from retrieval_documents d where ${where}
          order by d.updated_at desc, d.id limit ${limit}`.execute(this.database);
    return result.rows.map(hitFromRow);
  }

  async countDocuments(kind?: RetrievalKind): Promise<number> {
    const result = kind
      ? await sql<{ count: number }>`select count(*) as count from retrieval_documents where kind = ${kind}`.execute(
          this.database,
        )
      : await sql<{ count: number }>`select count(*) as count from retrieval_documents`.execute(this.database);
    return Number(result.rows[0]?.count ?? 0);
  }

  async close(): Promise<void> {
    await this.onClose();
  }
}
