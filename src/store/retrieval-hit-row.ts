import type { RetrievalHit, RetrievalKind } from './retrieval-store.js';

/** A retrieval search row as both SQL dialects return it (space-separated lists, nullable verdict). */
export interface HitRow {
  id: string;
  kind: RetrievalKind;
  source: string;
  title: string;
  techniques: string;
  tactics: string;
  verdict: string | null;
  snippet: string;
  score: number | string;
}

export function hitFromRow(row: HitRow): RetrievalHit {
  return {
    id: row.id,
    kind: row.kind,
    source: row.source,
    title: row.title,
    techniques: row.techniques ? row.techniques.split(' ') : [],
    tactics: row.tactics ? row.tactics.split(' ') : [],
    ...(row.verdict ? { verdict: row.verdict } : {}),
    snippet: row.snippet,
    score: Number(Number(row.score).toPrecision(6)),
  };
}
