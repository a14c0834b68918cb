/** Kysely table types for the SQL stores. Bodies are the JSON of the zod-validated domain object. */
import type { Generated } from 'kysely';

export interface Database {
  events: {
    id: string;
    timestamp: string;
    format: string;
    dataset: string | null;
    host: string | null;
    /** The event as JSON; without `raw` when the `raw` column holds it (migration 0008). */
    body: string;
    /** The record exactly as read; null in rows written before migration 0008 (their body holds it). */
    raw: string | null;
  };
  alerts: { id: string; timestamp: string; rule_id: string; severity: string; body: string };
  incidents: {
    id: string;
    first_seen: string;
    last_seen: string;
    severity: string;
    status: string;
    body: string;
    artifacts: string;
  };
  action_proposals: { id: string; incident_id: string; position: number; body: string };
  approvals: { id: string; proposal_id: string; decided_at: string; body: string };
  feedback: { id: string; incident_id: string; created_at: string; body: string };
  case_entries: {
    position: Generated<number>;
    id: string;
    incident_id: string;
    kind: string;
    created_at: string;
    body: string;
  };
  indicators: { id: string; type: string | null; value: string | null; source: string; body: string };
  rejections: { id: Generated<number>; file: string; line: number | null; reason: string; recorded_at: string };
  audit_log: {
    sequence: number;
    timestamp: string;
    actor: string;
    action: string;
    subject_kind: string;
    subject_id: string;
    details: string;
    previous_hash: string;
    hash: string;
  };
  runs: {
    id: string;
    status: string;
    incident_id: string | null;
    created_at: string;
    updated_at: string;
    body: string;
  };
  step_ledger: {
    idempotency_key: string;
    run_id: string;
    step_ref: string;
    status: string;
    attempt: number;
    started_at: string;
    finished_at: string | null;
    output: string | null;
  };
  approval_requests: {
    id: string;
    status: string;
    proposal_id: string | null;
    run_id: string | null;
    created_at: string;
    body: string;
  };
  knowledge_verdicts: { incident_id: string; verdict: string; decided_at: string; body: string };
  knowledge_decisions: {
    id: string;
    incident_id: string;
    action_type: string;
    target_kind: string;
    target_value: string;
    decision: string;
    decided_at: string;
    body: string;
  };
  knowledge_suppressions: { id: string; rule_id: string; active: number; created_at: string; body: string };
  knowledge_provenance: { indicator_id: string; incident_id: string; created_at: string; body: string };
  knowledge_sightings: {
    id: Generated<number>;
    indicator_id: string;
    incident_id: string;
    seen_at: string;
    count: number;
  };
  knowledge_publications: { id: string; incident_id: string; status: string; created_at: string; body: string };
  knowledge_intel_objects: { id: string; type: string; version: string; body: string };
}
