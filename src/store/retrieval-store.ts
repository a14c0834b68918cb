/**
 * The retrieval contract: full-text search (BM25) over past incidents and CTI documents,
 * with technique, entity and kind filters. What reasoning cites as `incident` or `document`
 * evidence comes from here. Documents are upserted by id; text is data, never instructions.
 */

export type RetrievalKind = 'incident' | 'document';

export interface RetrievalDocument {
  /** Incident id for `incident`; a stable id such as `attack-technique--T1059.001` for documents. */
  id: string;
  kind: RetrievalKind;
  /** Where the text comes from: `incident`, `attack-technique`, `attack-procedure`, `stix-report`, `misp-event`, … */
  source: string;
  title: string;
  body: string;
  /** ATT&CK technique ids the document is about. */
  techniques: readonly string[];
  /** Entity keys (`host:ws01`, `ip:203.0.113.5`, `domain:…`) the document involves. */
  entities: readonly string[];
  tactics?: readonly string[];
  /** Analyst verdict, for past incidents that have one. */
  verdict?: string | undefined;
  updatedAt?: string;
}

export interface RetrievalQuery {
  /** Free text; words are matched with BM25 (any word may match). Empty text with filters lists by filter only. */
  text: string;
  kinds?: readonly RetrievalKind[];
  sources?: readonly string[];
  /** Only documents about at least one of these techniques. */
  techniques?: readonly string[];
  /** Only documents involving at least one of these entity keys. */
  entities?: readonly string[];
  /** Ids never returned (the incident being reasoned about). */
  excludeIds?: readonly string[];
  /** Default 10, at most 100. */
  limit?: number;
}

export interface RetrievalHit {
  id: string;
  kind: RetrievalKind;
  source: string;
  title: string;
  techniques: string[];
  tactics: string[];
  verdict?: string;
  /** Matching excerpt of the body. */
  snippet: string;
  /** BM25 relevance, higher is better (0 when listed by filter only). */
  score: number;
}

export interface RetrievalStore {
  /** Inserts or replaces documents by id; returns how many were written. */
  indexDocuments(documents: readonly RetrievalDocument[]): Promise<number>;
  search(query: RetrievalQuery): Promise<RetrievalHit[]>;
  countDocuments(kind?: RetrievalKind): Promise<number>;
  close(): Promise<void>;
}
