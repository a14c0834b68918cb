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

/** One threat-intelligence context object (a STIX relationship or SDO), as received. */
export interface IntelObjectRecord {
  id: string;
  type: string;
  /** `modified`, else `created` (ISO time): a record replaces another of its id only when later. */
  version: string;
  /** The object's JSON text. */
  body: string;
}

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

  /** Keeps each object's latest version (an earlier or equal one is ignored); returns how many were written. */
  saveIntelObjects(records: readonly IntelObjectRecord[]): Promise<number>;
  /** The stored context objects, of the given types when named. */
  listIntelObjects(options?: { types?: readonly string[]; limit?: number }): Promise<IntelObjectRecord[]>;

  savePublication(record: PublicationRecord): Promise<void>;
  listPublications(options?: { incidentId?: string }): Promise<PublicationRecord[]>;
  getPublication(id: string): Promise<PublicationRecord | undefined>;
}
