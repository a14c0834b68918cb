/** @module knowledge: what Vigil knows and learns — public knowledge downloads, analyst feedback, learned indicators, suppressions, track records, similar incidents and sharing. */
export { type DecideWithKnowledgeOptions, decideWithKnowledge, type KnowledgeDecision } from './decide-with-knowledge.js';
export {
  type FeedbackAwareOptions,
  ruleRecordAdjustment,
  type TrackRecordAdjustment,
  withTrackRecords,
} from './feedback-aware-reasoner.js';
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
export { applyLearnedIndicators, type LearnedKnowledge, loadLearnedKnowledge, matchedLearnedTypes } from './learned-knowledge.js';
export {
  type ActionDecisionInput,
  type FeedbackStores,
  recordActionDecision,
  recordVerdict,
  type VerdictInput,
} from './record-feedback.js';
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
