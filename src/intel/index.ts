/** @module intel: threat intelligence in and out (STIX 2.1, TAXII 2.1, MISP, IOC lists) and an indicator index that matches events. */

/** Import */
export { type ImportIntelOptions, importIntel } from './import/import-intel.js';
export { importStixDocument } from './import/import-stix.js';
export type { IntelImport, IntelRejection } from './import/intel-import.js';
export { parseIocList } from './ioc-list/parse-ioc-list.js';

/** Indicator index and alerts */
export {
  IndicatorIndex,
  type IndicatorIndexOptions,
  type IndicatorMatch,
  type IndicatorSkip,
} from './matching/indicator-index.js';
export { type DecayHalfLives, defaultDecayHalfLives, type IndicatorOverride } from './matching/indicator-lifecycle.js';
export { type BenignValue, defaultKnownBenign, publicDnsResolvers } from './matching/known-benign.js';
export { matchesToAlert, severityFromConfidence, type TechniqueTactics } from './matching/matches-to-alert.js';

/** MISP */
export { importMispDocument } from './misp/import-misp.js';
export { MispClient, type MispClientOptions, type MispSearch } from './misp/misp-client.js';
export { type IntelSighting, mispEventToIndicators } from './misp/misp-event-to-indicators.js';
export { type MispFeedOptions, type MispFeedState, type MispFeedSync, syncMispFeed } from './misp/misp-feed.js';
export { mispFeedFiles } from './misp/misp-feed-writer.js';
export { mispEventToStix, stixToMispEvent } from './misp/misp-stix-conversion.js';

/** STIX patterns */
export { type CompiledPattern, compilePattern, type PatternAnchor } from './pattern/compile-pattern.js';
export { type EvaluatePatternOptions, evaluatePattern, type PatternEvaluation } from './pattern/evaluate-pattern.js';
export { eventToObservedObjects } from './pattern/event-objects.js';
export { parsePattern } from './pattern/parse-pattern.js';
export type { ComparisonExpression, ObservationExpression, Pattern, PatternLiteral } from './pattern/pattern-ast.js';
export { PatternSyntaxError } from './pattern/pattern-syntax-error.js';
export {
  contextObjectsOf,
  contextTypes,
  joinIndicatorRelations,
  relatedIndicatorIds,
} from './stix/join-relations.js';
/** STIX objects */
export { canonicalJson, indicatorToStix, stixObservableId } from './stix/stix-export.js';
export { type StixObject, stixObjectSchemas, validateStixObject } from './stix/stix-object.js';
export { stixToIndicators } from './stix/stix-to-indicators.js';
export { stixNamespace, uuidV4From, uuidV5 } from './stix/uuid-v5.js';
export { vigilExtensionDefinition, vigilExtensionId, vigilIdentity, vigilProperties } from './stix/vigil-extension.js';

/** TAXII 2.1 */
export { toNodeListener } from './taxii/node-http-adapter.js';
export {
  type TaxiiAuthentication,
  TaxiiClient,
  type TaxiiClientOptions,
  type TaxiiPollState,
} from './taxii/taxii-client.js';
export { type StoredObject, type StoredPage, TaxiiCollections } from './taxii/taxii-collections.js';
export type { TaxiiCollection, TaxiiEnvelope, TaxiiObjectFilter, TaxiiStatus } from './taxii/taxii-media.js';
export {
  createTaxiiHandler,
  defaultTaxiiMaxContentLength,
  type TaxiiPermissions,
  type TaxiiRequest,
  type TaxiiResponse,
  type TaxiiServerOptions,
} from './taxii/taxii-server.js';
