/** Shapes the console reads from `/api/v1` (mirrors of the API's zod views; the OpenAPI document is the reference). */
export type Role = 'viewer' | 'analyst' | 'responder' | 'admin';
export type Severity = 'informational' | 'low' | 'medium' | 'high' | 'critical';

export interface Session {
  name: string;
  role: Role;
  permissions: string[];
}

export interface EvidenceRef {
  kind: string;
  id: string;
  note?: string;
}

export interface IncidentSummary {
  id: string;
  title: string;
  severity: Severity;
  status: string;
  firstSeen: string;
  lastSeen: string;
  tactics: string[];
  techniques: string[];
  hosts: string[];
  users: string[];
  alertCount: number;
  currentStage?: string;
  assignee?: string;
  sla?: SlaStatus;
  /** The alerts with repeats folded: distinct findings, and the most repeated with counter and first/last seen. */
  folded?: {
    findings: number;
    repeats: { ruleTitle: string; matched?: string; count: number; firstSeen: string; lastSeen: string }[];
  };
}

export type SlaTimerKind = 'acknowledge' | 'contain' | 'close';

export interface SlaTimer {
  kind: SlaTimerKind;
  targetMs: number;
  dueAt: string;
  state: 'running' | 'breached' | 'met' | 'late';
  metAt?: string;
  remainingMs?: number;
}

/** An incident's SLA timers, computed by the API (knowledge/sla-timers.ts); `summary` is the queue's line. */
export interface SlaStatus {
  openedAt: string;
  timers: SlaTimer[];
  breached: SlaTimerKind[];
  next?: SlaTimer;
  summary: string;
}

/** A note or an assignment on an incident, each recorded in the audit chain. */
export type CaseEntry =
  | { kind: 'note'; id: string; incidentId: string; author: string; at: string; text: string }
  | { kind: 'assignment'; id: string; incidentId: string; author: string; at: string; assignee: string | null };

export interface CaseFile {
  incidentId: string;
  assignee: string | null;
  assignedAt?: string;
  assignedBy?: string;
  notes: Extract<CaseEntry, { kind: 'note' }>[];
  entries: CaseEntry[];
}

export interface ActionProposal {
  id: string;
  incidentId: string;
  actionType: string;
  target: { kind: string; value: string };
  parameters: Record<string, unknown>;
  risk: 'low' | 'medium' | 'high' | 'critical';
  reversible: boolean;
  rationale: string;
  expectedEffect?: string;
  evidence: EvidenceRef[];
}

export interface Approval {
  id: string;
  decision: 'approved' | 'rejected';
  decidedBy: string;
  decidedAt: string;
  reason?: string;
}

export type ProposalStatus = 'pending' | 'approved' | 'rejected' | 'timed-out' | 'withdrawn' | 'automatic' | 'refused';

export interface PolicyDecision {
  outcome: 'auto' | 'approval' | 'refuse';
  approvers: number;
  reasons: string[];
}

/** Where and whether a step really ran (the API says it; the console never guesses). */
export interface StepExecution {
  connector: string | null;
  executed: boolean;
  note?: string;
}

export interface ProposalRun extends StepExecution {
  id: string;
  status: RunStatus;
  stepRef: string;
  stepStatus: string;
  error?: string;
}

export interface ProposalView {
  status: ProposalStatus;
  requiredApprovers: number;
  policy?: PolicyDecision;
  approvalRequestId?: string;
  deadline?: string;
  run?: ProposalRun;
  approvedBy: string[];
  rejectedBy?: string;
  proposal: ActionProposal;
  incidentId: string;
  incidentTitle: string;
  requestedBy: string;
  approvals: Approval[];
  evidenceLabels: Record<string, string>;
}

export interface TimelineEntry {
  at: string;
  kind: 'event' | 'alert';
  id: string;
  summary: string;
  host?: string;
  user?: string;
  severity?: Severity;
  techniques?: string[];
  source?: string;
  count?: number;
  lastSeen?: string;
}

export interface FoldedAlert {
  id: string;
  ruleId: string;
  ruleTitle: string;
  source: string;
  severity: Severity;
  techniques: string[];
  tactics: string[];
  matched?: string;
  count: number;
  firstSeen: string;
  lastSeen: string;
  alertIds: string[];
}

export interface KillChainColumn {
  tactic: string;
  techniques: { id: string; name?: string }[];
  alerts: number;
  firstSeen?: string;
}

export interface KillChainView {
  placement: 'catalogue' | 'rule-tags';
  columns: KillChainColumn[];
}

/** The attack graph the pipeline stored (`vigil.attack-graph/1`, `src/core/attack-graph.ts`). */
export interface GraphNode {
  id: string;
  kind: string;
  label: string;
  firstSeen: string;
  lastSeen: string;
  host?: string;
  properties?: Record<string, string>;
  eventIds?: string[];
  stage?: string;
}

export interface GraphLayout {
  positions: Record<string, { x: number; y: number }>;
  hosts: { id: string; x: number; y: number; width: number; height: number }[];
  width: number;
  height: number;
}

export interface GraphEdge {
  from: string;
  to: string;
  relation: string;
  firstSeen: string;
  lastSeen: string;
  count: number;
  eventIds: string[];
  detail?: string;
  account?: string;
  stage?: string;
}

export interface AttackGraph {
  schemaVersion: string;
  incidentId: string;
  nodes: GraphNode[];
  edges: GraphEdge[];
  eventsSeen: number;
  truncated: boolean;
  path?: string[];
}

export interface IndicatorHit {
  eventId: string;
  indicatorId: string;
  source: string;
  confidence: number;
  type?: string;
  field: string;
  value: string;
}

/** An indicator's hits folded: one per indicator and value, with the number of matching events. */
export interface FoldedIndicatorHit {
  indicatorId: string;
  source: string;
  confidence: number;
  type?: string;
  field: string;
  value: string;
  count: number;
  eventIds: string[];
}

export interface AttackStage {
  tactic: string;
  techniques: string[];
  firstSeen: string;
  lastSeen: string;
  evidence: EvidenceRef[];
}

export interface Alert {
  id: string;
  ruleId: string;
  ruleTitle: string;
  severity: Severity;
  timestamp: string;
  eventIds: string[];
  techniques: string[];
  source: string;
}

export interface SequenceStep {
  tactic: string;
  techniques: string[];
  summary: string;
  confidence: number;
  evidence: EvidenceRef[];
}

export interface IncidentDetail {
  incident: {
    id: string;
    title: string;
    severity: Severity;
    status: string;
    tactics: string[];
    techniques: string[];
    stages: AttackStage[];
    entities: Record<string, string[]>;
    firstSeen: string;
    lastSeen: string;
    groupedBy: string[];
  };
  artifacts: {
    context?: {
      impact?: { score: number; reasons: string[] };
      attackVector?: { vector: string; rationale: string; evidence: EvidenceRef[] };
    };
    sequence?: {
      steps?: SequenceStep[];
      currentStage?: string;
      likelyNext?: { tactic: string; rationale: string }[];
      confidence?: number;
    };
    plan?: { summary?: string };
    [key: string]: unknown;
  };
  proposals: ProposalView[];
  alerts: Alert[];
  foldedAlerts: FoldedAlert[];
  killChain: KillChainView;
  evidenceLabels: Record<string, string>;
  timeline: TimelineEntry[];
  graph: AttackGraph | null;
  graphLayout: GraphLayout | null;
  indicatorHits: IndicatorHit[];
  foldedIndicatorHits: FoldedIndicatorHit[];
  /** Accounts the incident involves that the plan does not act on: context, not targets. */
  contextAccounts: string[];
}

export interface Indicator {
  id: string;
  type?: string;
  value?: string;
  pattern?: string;
  name?: string;
  confidence: number;
  source: string;
  validUntil?: string;
  revoked: boolean;
  tlp: string;
}

export interface ApiErrorBody {
  error: { code: string; message: string; issues?: { path: string; message: string }[] };
}

export type RunStatus =
  | 'pending'
  | 'awaiting-approval'
  | 'running'
  | 'succeeded'
  | 'failed'
  | 'cancelled'
  | 'rolled-back'
  | 'rollback-failed';

export interface RunStepView extends StepExecution {
  ref: string;
  actionType: string;
  target: { kind: string; value: string };
  risk: string;
  reversible: boolean;
  decision: PolicyDecision;
  status: string;
  attempts: number;
  approvalRequestId?: string;
  startedAt?: string;
  finishedAt?: string;
  output?: Record<string, unknown>;
  error?: string;
}

export interface RunView {
  id: string;
  incidentId?: string;
  status: RunStatus;
  requestedBy: string;
  createdAt: string;
  updatedAt: string;
  steps: RunStepView[];
  failures: number;
  notExecuted: number;
  finished: boolean;
}

export interface LedgerEntry {
  idempotencyKey: string;
  stepRef: string;
  status: 'started' | 'succeeded' | 'failed';
  attempt: number;
  startedAt: string;
  finishedAt?: string;
}

/** How many incidents show each ATT&CK technique over a time range (`GET /api/v1/attack/heatmap`). */
export interface TechniqueHeatmap {
  from?: string;
  to?: string;
  incidents: number;
  placement: 'catalogue' | 'rule-tags';
  techniques: {
    id: string;
    name?: string;
    tactics: string[];
    incidents: number;
    incidentIds: string[];
    firstSeen: string;
    lastSeen: string;
  }[];
  columns: { tactic: string; techniques: string[] }[];
}
