/** @module intel: threat intelligence in (STIX 2.1, MISP, IOC lists) and an indicator index that matches events. */

/** Import */
export { type ImportIntelOptions, importIntel } from './import/import-intel.js';
export type { IntelImport, IntelRejection } from './import/intel-import.js';
/** Indicator index and alerts */
export {
  IndicatorIndex,
  type IndicatorIndexOptions,
  type IndicatorMatch,
  type IndicatorSkip,
} from './matching/indicator-index.js';
export type { DecayHalfLives, IndicatorOverride } from './matching/indicator-lifecycle.js';
export { type BenignValue, defaultKnownBenign, publicDnsResolvers } from './matching/known-benign.js';
export { matchesToAlert, severityFromConfidence } from './matching/matches-to-alert.js';
export type { IntelSighting } from './misp/misp-event-to-indicators.js';

/** STIX patterns */
export { type EvaluatePatternOptions, evaluatePattern, type PatternEvaluation } from './pattern/evaluate-pattern.js';
export { parsePattern } from './pattern/parse-pattern.js';
export type { ComparisonExpression, ObservationExpression, Pattern, PatternLiteral } from './pattern/pattern-ast.js';
export { PatternSyntaxError } from './pattern/pattern-syntax-error.js';

/** STIX objects */
export { type StixObject, stixObjectSchemas, validateStixObject } from './stix/stix-object.js';
