/** @module core: Vigil's domain schemas, types and errors. Imports nothing else of Vigil's. */
export {
  type ActionProposal,
  type ActionType,
  actionProposalSchema,
  actionTypeSchema,
  type Risk,
  riskSchema,
  targetKindSchema,
} from './action-proposal.js';
export {
  actionTargetIssue,
  type FileTarget,
  isAbsolutePath,
  isFilePath,
  type ProcessTarget,
  parseFileTarget,
  parseProcessTarget,
  pathsInCommandLine,
  processTargetValue,
  type TargetKind,
  targetKindsByAction,
  targetValueIssue,
} from './action-target.js';
export { type ActionTraits, actionTraits, type Reversal } from './action-traits.js';
export { type Alert, alertSchema, alertSourceSchema } from './alert.js';
export { type Approval, approvalSchema } from './approval.js';
export {
  type Asset,
  type AssetInventory,
  assetInventorySchema,
  assetSchema,
  changeWindowSchema,
  type Identity,
  identitySchema,
} from './asset-inventory.js';
export {
  type Tactic,
  type TechniqueRef,
  tacticIds,
  tacticOrder,
  tacticRank,
  tacticSchema,
  techniqueIdSchema,
  techniqueRefSchema,
} from './attack.js';
export {
  type AttackGraph,
  attackGraphSchema,
  type GraphEdge,
  type GraphNode,
  type GraphNodeKind,
  type GraphRelation,
  graphEdgeSchema,
  graphNodeKindSchema,
  graphNodeSchema,
  graphRelationSchema,
} from './attack-graph.js';
export { type AuditEntry, auditEntrySchema } from './audit-entry.js';
export { type BaselineVerdict, baselineVerdictSchema, maxRecurringPerVerdict } from './baseline-verdict.js';
export { BoundedMap } from './bounded-map.js';
export {
  type CaseEntry,
  caseEntryAuditAction,
  caseEntryAuditDetails,
  caseEntrySchema,
  caseUserSchema,
} from './case-entry.js';
export {
  type AddressType,
  addressType,
  classifyObservable,
  type HashType,
  hashType,
  isDomainName,
  isEmailAddress,
  networkType,
} from './classify-observable.js';
export {
  type CorrelationExplanation,
  correlationExplanationSchema,
  type MergeExplanation,
  type MergeRule,
  mergeRuleSchema,
  type SplitExplanation,
  type SplitRule,
  splitRuleSchema,
} from './correlation-explanation.js';
export * from './errors.js';
export {
  type Event,
  type EventCategory,
  type EventInput,
  eventCategorySchema,
  eventKindSchema,
  eventOriginSchema,
  eventOutcomeSchema,
  eventSchema,
  type LogFormat,
  logFormatSchema,
} from './event.js';
export { type EvidenceRef, evidenceRefSchema } from './evidence.js';
export { type Feedback, feedbackSchema, type Verdict, verdictSchema } from './feedback.js';
export {
  type AttackStage,
  attackStageSchema,
  type Incident,
  type IncidentEntities,
  incidentEntitiesSchema,
  incidentSchema,
  incidentStatusSchema,
} from './incident.js';
export {
  type IncidentArtifactKey,
  type IncidentArtifacts,
  type IndicatorHit,
  incidentArtifactsSchema,
  indicatorHitSchema,
  type KnowledgeReuse,
  knowledgeReuseSchema,
  type RelatedIncident,
  type RetrievalCitation,
  relatedIncidentSchema,
  retrievalCitationSchema,
} from './incident-artifacts.js';
export {
  type Attribution,
  attributionSchema,
  type Indicator,
  indicatorSchema,
  patternTypeSchema,
} from './indicator.js';
export { type Observable, type ObservableType, observableSchema, observableTypeSchema } from './observable.js';
export { portProblem } from './port.js';
export {
  type AttackSequence,
  attackSequenceSchema,
  attackVectorSchema,
  criticalitySchema,
  type IncidentContext,
  incidentContextSchema,
  type ResponsePlan,
  responsePlanSchema,
  stageJsonSchemas,
} from './reasoning-stages.js';
export {
  type RecordSnapshot,
  recordSnapshotOf,
  rememberRecordSnapshot,
  snapshotRecord,
} from './record-snapshot.js';
export { refang } from './refang.js';
export { fail, ok, type Result } from './result.js';
export * from './run.js';
export * from './run-errors.js';
export * from './run-transitions.js';
export { maxSeverity, type Severity, severityRank, severitySchema, type Tlp, tlpSchema } from './severity.js';
