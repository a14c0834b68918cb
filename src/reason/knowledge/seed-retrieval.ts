/**
 * Fills a retrieval index with what Vigil knows before an investigation: ATT&CK technique text
 * and procedure examples, imported CTI prose, and past incidents with their analyst verdicts.
 * CTI already present (same document ids) is not written again unless `refresh` is set.
 */
import type { AttackCatalog } from '../../detect/index.js';
import type { RetrievalStore } from '../../store/index.js';
import type { ProcedureExample } from '../classifier/read-bundle-procedures.js';
import { intelDocuments, procedureDocuments, techniqueDocuments } from './cti-documents.js';
import { type IncidentDocumentInput, incidentDocument } from './incident-document.js';

export interface RetrievalSources {
  attack?: Pick<AttackCatalog, 'techniques'> | undefined;
  procedures?: readonly ProcedureExample[];
  intelObjects?: readonly unknown[];
  pastIncidents?: readonly IncidentDocumentInput[];
  /** Re-write CTI even when the index already holds technique documents. */
  refresh?: boolean;
}

export interface SeedSummary {
  techniques: number;
  procedures: number;
  intel: number;
  incidents: number;
}

export async function seedRetrieval(retrieval: RetrievalStore, sources: RetrievalSources): Promise<SeedSummary> {
  const summary: SeedSummary = { techniques: 0, procedures: 0, intel: 0, incidents: 0 };
  const hasCti =
    !sources.refresh &&
    (await retrieval.search({ text: '', kinds: ['document'], sources: ['attack-technique'], limit: 1 })).length > 0;
  if (sources.attack && !hasCti)
    summary.techniques = await retrieval.indexDocuments(techniqueDocuments(sources.attack));
  if (sources.procedures?.length && !hasCti)
    summary.procedures = await retrieval.indexDocuments(procedureDocuments(sources.procedures));
  if (sources.intelObjects?.length)
    summary.intel = await retrieval.indexDocuments(intelDocuments(sources.intelObjects));
  if (sources.pastIncidents?.length)
    summary.incidents = await retrieval.indexDocuments(sources.pastIncidents.map(incidentDocument));
  return summary;
}
