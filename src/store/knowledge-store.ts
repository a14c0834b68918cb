/**
 * The knowledge-store contract: what Vigil learns from analysts, kept beside the main `Store`
 * (same database). Records are validated by their zod schema on the way in and out.
 * Suppressions are revoked, never deleted, so every past suppression stays visible.
 */
import type {
  ActionDecisionRecord,
  IndicatorProvenance,
  IndicatorSightingRecord,
  PublicationRecord,
  Suppression,
  VerdictRecord,
} from './knowledge-records.js';

export interface KnowledgeStore {
  /** Inserts or replaces the verdict of an incident (the latest verdict counts). */
  recordVerdict(record: VerdictRecord): Promise<void>;
  listVerdicts(): Promise<VerdictRecord[]>;
  getVerdict(incidentId: string): Promise<VerdictRecord | undefined>;

  /** Inserts or replaces a decision by id. */
  recordDecision(record: ActionDecisionRecord): Promise<void>;
  listDecisions(options?: { incidentId?: string }): Promise<ActionDecisionRecord[]>;

  /** Inserts or replaces a suppression by id. */
  saveSuppression(suppression: Suppression): Promise<void>;
  listSuppressions(options?: { includeRevoked?: boolean }): Promise<Suppression[]>;
  getSuppression(id: string): Promise<Suppression | undefined>;

  /** Inserts provenance for indicators not yet known to come from an incident (first origin wins). */
  recordProvenance(records: readonly IndicatorProvenance[]): Promise<number>;
  listProvenance(options?: { incidentId?: string }): Promise<IndicatorProvenance[]>;

  recordSightings(records: readonly IndicatorSightingRecord[]): Promise<void>;
  /** Sightings per indicator id: how often and when last. */
  sightingTotals(): Promise<Map<string, { count: number; lastSeen: string }>>;

  savePublication(record: PublicationRecord): Promise<void>;
  listPublications(options?: { incidentId?: string }): Promise<PublicationRecord[]>;
  getPublication(id: string): Promise<PublicationRecord | undefined>;
}
