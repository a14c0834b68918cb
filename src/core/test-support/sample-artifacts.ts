/**
 * Test support: small valid incident artifacts, for tests that store an incident and need its
 * artifacts to pass their schemas without running the pipeline.
 */
import type {
  AttackGraph,
  AttackSequence,
  CorrelationExplanation,
  IncidentArtifacts,
  IncidentContext,
  ResponsePlan,
} from '../index.js';

const at = '2024-05-01T10:00:00.000Z';

export function samplePlan(incidentId: string, overrides: Partial<ResponsePlan> = {}): ResponsePlan {
  return {
    schemaVersion: 'vigil.response-plan/1',
    incidentId,
    reasoner: 'test',
    actions: [],
    summary: 'nothing to do',
    ...overrides,
  };
}

export function sampleSequence(incidentId: string, overrides: Partial<AttackSequence> = {}): AttackSequence {
  return {
    schemaVersion: 'vigil.attack-sequence/1',
    incidentId,
    reasoner: 'test',
    steps: [],
    currentStage: 'execution',
    likelyNext: [],
    confidence: 0.5,
    confidenceReasons: [],
    ...overrides,
  };
}

export function sampleContext(incidentId: string, overrides: Partial<IncidentContext> = {}): IncidentContext {
  return {
    schemaVersion: 'vigil.context/1',
    incidentId,
    reasoner: 'test',
    hosts: [],
    users: [],
    attackVector: { vector: 'unknown', rationale: 'test', evidence: [] },
    observables: [],
    cves: [],
    impact: { score: 10, reasons: ['test'] },
    ...overrides,
  };
}

export function sampleExplanation(omitted = 0): CorrelationExplanation {
  return { merges: [], splits: [], omitted };
}

export function sampleGraph(incidentId: string): AttackGraph {
  return {
    schemaVersion: 'vigil.attack-graph/1',
    incidentId,
    nodes: [{ id: 'host:ws01', kind: 'host', label: 'ws01', firstSeen: at, lastSeen: at }],
    edges: [],
    eventsSeen: 1,
    truncated: false,
  };
}

/** One valid value for every artifact key. */
export function sampleArtifacts(incidentId: string): Required<IncidentArtifacts> {
  return {
    context: sampleContext(incidentId),
    sequence: sampleSequence(incidentId),
    plan: samplePlan(incidentId),
    graph: sampleGraph(incidentId),
    correlation: sampleExplanation(),
    indicatorHits: [],
    citations: [],
    knowledgeReuse: { incidentCitations: 0, documentCitations: 0, distinctItems: 0 },
    related: [],
    supersededBy: 'incident--other',
  };
}
