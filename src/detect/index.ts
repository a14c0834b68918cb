/** @module detect: Sigma rules (detection, correlation, filters), log-source mapping, ATT&CK, CVE and KEV knowledge. */

export { alertId } from './alert-factory.js';
/** Behaviour analytics: streaming detectors for what no rule names. */
export {
  type AnalyticLimits,
  type AnalyticOptions,
  type BehaviourAnalytic,
  createBehaviourAnalytics,
  defaultLimits as defaultAnalyticLimits,
  runAnalytics,
  SharedDestinations,
} from './analytics/index.js';
/** ATT&CK. */
export {
  type AttackCatalog,
  type AttackReference,
  type AttackTactic,
  type AttackTechnique,
  buildAttackCatalog,
  type LoadAttackOptions,
  loadAttackCatalog,
} from './attack/attack-catalog.js';
export {
  type AttackCrosswalk,
  attackCrosswalkSchema,
  findAttackCrosswalk,
  loadAttackCrosswalk,
} from './attack/attack-crosswalk.js';
export {
  catalogueTactics,
  type KillChain,
  type KillChainKnowledge,
  killChainColumnSchema,
  killChainColumns,
  killChainSchema,
} from './attack/kill-chain-columns.js';
export {
  type LayerTechnique,
  type NavigatorLayer,
  navigatorLayer,
  navigatorLayerSchema,
} from './attack/navigator-layer.js';
export { readStixObjects, type StixBundleContent, stixBundleContent } from './attack/stix-bundle.js';
/** Checked cache entries on disk (the compiled-rule and evidence-model caches) and the code fingerprints that key them. */
export {
  type CacheFolder,
  type CacheKind,
  contentHash,
  readCacheEntry,
  readCacheEntryBytes,
  writeCacheEntry,
} from './checked-cache.js';
/** Running rules over events. */
export { createDetector, type Detector, type DetectorOptions } from './detector.js';
/** Loading and compiling Sigma rules. */
export {
  compileTimeOutliers,
  type LoadRulesOptions,
  loadRules,
  type RuleCacheOptions,
  type RuleCompileTime,
  type RuleLoadFailure,
  type RuleNote,
  type RuleSet,
} from './load-rules.js';
/** Log-source mapping as data. */
export {
  describeEventSource,
  type EventFamily,
  type LogSourceBinding,
  logSourceKey,
} from './logsource/logsource-binding.js';
export { defaultBindings, LogSourceRouter } from './logsource/logsource-router.js';
export {
  attackBundleFingerprint,
  evidenceModelFingerprint,
  retrievalIndexFingerprint,
} from './rule-engine-fingerprint.js';
export { interpretTags, type RuleMeaning, type TagResolver } from './rule-meaning.js';
export type {
  CorrelationCondition,
  CorrelationType,
  SigmaCorrelationRule,
  SigmaFilter,
  SigmaLogSource,
  SigmaRule,
} from './sigma/sigma-rule.js';
export { type CveRecord, cveRecordSchema, parseCveRecord, readCveRecord } from './vuln/cve-record.js';
/** CVE and KEV. */
export { extractCves } from './vuln/extract-cves.js';
export { type KevCatalog, type KevEntry, loadKev, parseKev } from './vuln/kev-catalog.js';
