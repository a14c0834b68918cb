/** @module knowledge: what Vigil knows and learns — public knowledge downloads, analyst feedback, learned indicators, suppressions, track records, similar incidents and sharing. */
export {
  addIncidentNote,
  assignIncident,
  type CaseFile,
  type CaseStores,
  caseFiles,
  loadCaseFile,
} from './case-file.js';
export {
  type DecideWithKnowledgeOptions,
  decideWithKnowledge,
  type KnowledgeDecision,
  knowledgeDecisions,
} from './decide-with-knowledge.js';
export {
  type FeedbackAwareOptions,
  ruleRecordAdjustment,
  type TrackRecordAdjustment,
  withTrackRecords,
} from './feedback-aware-reasoner.js';
export {
  applyIndicatorOverrides,
  clearIndicatorOverride,
  indicatorOverrideSchema,
  listIndicatorOverrides,
  type OverrideTarget,
  overrideFor,
  overrideKey,
  overrideLedgerId,
  overrideTargetSchema,
  type StoredOverride,
  setIndicatorOverride,
  storedOverrideSchema,
  toIndexOverride,
} from './indicator-overrides.js';
export { joinWithStoredContext, type StoredIntelImport, storeIntelImport } from './intel-context.js';
export { type KnowledgeSource, publisherSources } from './knowledge-sources.js';
export {
  incidentOfLearnedSource,
  indicatorsFromIncident,
  isLearnedSource,
  type LearnedFromIncident,
  type LearnOptions,
  learnedIndicatorId,
  learnedSourcePrefix,
  learnFromIncident,
} from './learn-indicators.js';
export {
  applyLearnedIndicators,
  type LearnedKnowledge,
  loadLearnedKnowledge,
  matchedLearnedTypes,
} from './learned-knowledge.js';
export {
  type ActionDecisionInput,
  type FeedbackStores,
  recordActionDecision,
  recordVerdict,
  type VerdictInput,
} from './record-feedback.js';
export {
  type DisabledRule,
  listDisabledRules,
  ruleStateLedgerId,
  setRuleEnabled,
  withoutDisabledRules,
} from './rule-states.js';
export { type IncidentPackage, type PackageOptions, packageIncident } from './share/incident-package.js';
export { confidenceOfLabels, confidenceTag, incidentToMispEvent } from './share/incident-to-misp.js';
export { incidentToStixBundle, type StixExportOptions } from './share/incident-to-stix.js';
export { decidePublication, publishApproved, requestPublication } from './share/publish-incident.js';
export {
  mispServerPublisher,
  type Publisher,
  taxiiCollectionPublisher,
  taxiiServerPublisher,
} from './share/publishers.js';
export { shareable, strictest, tlpRank } from './share/tlp-ceiling.js';
export { findSimilarIncidents, type SimilarIncident } from './similar-incidents.js';
export {
  incidentSlaStatuses,
  recordSlaBreaches,
  type SlaBreach,
  type SlaSources,
  slaMilestones,
} from './sla-breaches.js';
export {
  defaultSlaTargets,
  formatSlaDuration,
  loadSlaTargets,
  parseSlaTargets,
  type SlaMilestones,
  type SlaStatus,
  type SlaTargets,
  type SlaTimer,
  type SlaTimerKind,
  slaStatus,
  slaStatusSchema,
  slaSummary,
  slaTimerKinds,
} from './sla-timers.js';
export {
  type AppliedIndicatorKnowledge,
  applyStoredIndicatorKnowledge,
  storeNewIndicators,
} from './stored-indicator-knowledge.js';
export {
  createSuppressionMatcher,
  entityKeysOf,
  parseEntityKey,
  recordSuppressionHits,
  revokeSuppression,
  type SuppressInput,
  type SuppressionMatcher,
  suppressPattern,
} from './suppressions.js';
export {
  type ActionTrackRecord,
  computeTrackRecords,
  emptyTrackRecords,
  policyTrackRecordFor,
  type RuleTrackRecord,
  type TrackRecords,
  targetKey,
} from './track-records.js';
export { type UpdatedSource, type UpdateOptions, updateKnowledge } from './update-knowledge.js';
