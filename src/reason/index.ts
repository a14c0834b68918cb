/** @module reason: the three reasoning stages, the Reasoner interface and the built-in reasoner. */
export { type AssetCriticality, assetInventorySchema, loadAssetInventory, shortHostName } from './asset-inventory.js';
export { createBuiltinReasoner } from './builtin/builtin-reasoner.js';
export { actionTraits, containmentByTactic } from './builtin/response-knowledge.js';
export { type EvidenceSet, evidenceKey, evidenceSetOf, findEvidenceIssues } from './evidence-validator.js';
export type { Reasoner, ReasoningInput } from './reasoner.js';
export type { IndicatorMatchSummary } from './reasoning-input.js';
export { type ReasoningResult, runReasoning } from './run-reasoning.js';
export {
  type AttackSequence,
  attackSequenceSchema,
  type IncidentContext,
  incidentContextSchema,
  type ResponsePlan,
  responsePlanSchema,
  stageJsonSchemas,
} from './stage-schemas.js';
