/** @module correlate: alerts → incidents with entities, kill-chain stages, explanations and attack graphs. */
export { buildIncident, buildStages, collectEntities, incidentIdFor } from './build-incident.js';
export { type CorrelatedIncident, correlateAlerts, correlateWithExplanations } from './correlate-alerts.js';
export { EntityContext, type EntityContextOptions, type ExpandedKey } from './entity-context.js';
export { type EntityKey, type EntityKind, entityKeysOf, isLinkableIp, keyText } from './entity-keys.js';
export { type EvidenceStrength, evidenceStrength, isWeakAlert } from './evidence-strength.js';
export { type FoldedAlert, foldAlerts, foldedAlertSchema } from './fold-alerts.js';
export { type FoldedIndicatorHit, foldedIndicatorHitSchema, foldIndicatorHits } from './fold-indicator-hits.js';
export { type AttackGraphOptions, buildAttackGraph } from './graph/build-attack-graph.js';
export { type GraphLayout, layoutAttackGraph } from './graph/layout-attack-graph.js';
export { type AlertGroup, type CorrelatorOptions, IncidentCorrelator } from './incident-correlator.js';
export { type LinkFact, type LinkVia, linkFactOf } from './link-facts.js';
export {
  type CompiledPattern,
  matchIncidentPatterns,
  multiObservationPatterns,
  type PatternMatch,
} from './match-incident-patterns.js';
export { StreamingCorrelator, type StreamingCorrelatorOptions } from './streaming-correlator.js';
export {
  type HeatmapRange,
  heatmapLayer,
  heatmapTechniqueSchema,
  type TechniqueHeatmap,
  techniqueHeatmap,
  techniqueHeatmapSchema,
} from './technique-heatmap.js';
