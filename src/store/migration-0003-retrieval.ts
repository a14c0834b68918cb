/**
 * Migration 0003: the retrieval index. Documents (past incidents, CTI text) in a plain table,
 * a SQLite FTS5 index over their text (BM25 ranking, kept in step by triggers), and the
 * technique and entity filters as separate tables. SQLite-only (FTS5); other dialects
 * will need their own full-text index.
 */
import { type Kysely, type Migration, sql } from 'kysely';

export const retrievalMigration: Migration = {
  async up(database: Kysely<unknown>) {
    await sql`create table retrieval_documents (
      rowid integer primary key,
      id text not null unique,
      kind text not null,
      source text not null,
      title text not null,
      body text not null,
      techniques text not null,
      entities text not null,
      tactics text not null,
      verdict text,
      updated_at text not null
    )`.execute(database);
    await sql`create virtual table retrieval_fts using fts5(
      title, body, techniques, content='retrieval_documents', content_rowid='rowid', tokenize='porter unicode61'
    )`.execute(database);
    await sql`create trigger retrieval_documents_insert after insert on retrieval_documents begin
      insert into retrieval_fts(rowid, title, body, techniques) values (new.rowid, new.title, new.body, new.techniques);
    end`.execute(database);
    await sql`create trigger retrieval_documents_delete after delete on retrieval_documents begin
      insert into retrieval_fts(retrieval_fts, rowid, title, body, techniques)
        values ('delete', old.rowid, old.title, old.body, old.techniques);
    end`.execute(database);
    await sql`create table retrieval_techniques (
      document_rowid integer not null references retrieval_documents(rowid) on delete cascade,
      technique text not null
    )`.execute(database);
    await sql`create index retrieval_techniques_technique on retrieval_techniques(technique, document_rowid)`.execute(
      database,
    );
    await sql`create table retrieval_entities (
      document_rowid integer not null references retrieval_documents(rowid) on delete cascade,
      entity text not null
    )`.execute(database);
    await sql`create index retrieval_entities_entity on retrieval_entities(entity, document_rowid)`.execute(database);
  },
  async down(database: Kysely<unknown>) {
    for (const name of ['retrieval_entities', 'retrieval_techniques', 'retrieval_fts', 'retrieval_documents'])
      await sql`drop table if exists ${sql.table(name)}`.execute(database);
  },
};
