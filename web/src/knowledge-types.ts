/** Shapes of the knowledge, indicator-lifecycle and content routes (mirrors the API's zod schemas). */
export type Verdict = 'true-positive' | 'false-positive' | 'benign' | 'unknown';
export type Tlp = 'clear' | 'green' | 'amber' | 'amber+strict' | 'red';

export interface VerdictRecord {
  incidentId: string;
  verdict: Verdict;
  ruleIds: string[];
  author: string;
  decidedAt: string;
  comment?: string;
}

export interface Suppression {
  id: string;
  ruleId: string;
  entity?: string;
  reason: string;
  author: string;
  createdAt: string;
  incidentId?: string;
  revokedAt?: string;
  revokedBy?: string;
  hits: number;
  lastHitAt?: string;
}

export interface IncidentFeedback {
  verdict: VerdictRecord | null;
  suppressions: Suppression[];
}

export interface SimilarIncident {
  incident: { id: string; title: string; severity: string; firstSeen: string; lastSeen: string; techniques: string[] };
  score: number;
  shared: { entities: string[]; indicators: string[]; techniques: string[] };
  verdict?: string;
}

export interface Publication {
  id: string;
  incidentId: string;
  format: 'stix' | 'misp';
  destination: string;
  status: 'pending' | 'approved' | 'rejected' | 'published' | 'failed';
  requestedBy: string;
  approvedBy?: string;
  tlp: Tlp;
  createdAt: string;
  updatedAt: string;
  detail?: string;
}

export type OverrideTarget = { indicatorId: string } | { type: string; value: string };
export type IndicatorOverride =
  | { kind: 'allow'; reason: string }
  | { kind: 'false-positive'; reason: string }
  | { kind: 'pinned-score'; score: number; reason: string };

export interface StoredOverride {
  key: string;
  target: OverrideTarget;
  override: IndicatorOverride;
  author: string;
  at: string;
}

export interface IndicatorLifecycle {
  score: number;
  active: boolean;
  expired: boolean;
  sightings: number;
  lastSeen?: string;
  override?: StoredOverride;
}

export interface ContentError {
  message: string;
  line?: number;
  field?: string;
  file?: string;
}

export interface RuleSummary {
  id: string;
  title: string;
  kind: 'detection' | 'correlation' | 'filter';
  level?: string;
  status?: string;
  tags: string[];
  file: string;
  enabled?: boolean;
  disabled?: { author: string; at: string; reason: string };
}

export interface RuleCheck {
  valid: boolean;
  rules: RuleSummary[];
  errors: ContentError[];
}

export interface PlaybookSummary {
  id: string;
  name?: string;
  description?: string;
  steps: { ref: string; action: string }[];
  file: string;
}

export interface PolicyView {
  text: string;
  policy: Record<string, unknown>;
  file: string | null;
}
