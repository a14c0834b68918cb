/**
 * @module guard: the defences every stage uses where attacker-written input meets code — regular
 * expressions with a linear-time guarantee, bounded JSON and YAML parsing, terminal-safe text, and time
 * slices that keep a server's event loop answering while it reads a hostile input. Imports only
 * `core`, so ingest, intel, detect, respond and the front ends can all share one copy.
 */

export {
  defaultJsonMaxDepth,
  defaultJsonMaxLength,
  JsonLimitError,
  type JsonLimits,
  jsonLimitProblem,
  jsonValueTooDeep,
  parseBoundedJson,
} from './bounded-json.js';
export {
  defaultYamlMaxDepth,
  parseAllYamlDocuments,
  parseYaml,
  parseYamlDocument,
  type YamlNestingProblem,
  type YamlOptions,
  yamlNestingProblem,
} from './bounded-yaml.js';
export {
  compileGuardedRegex,
  defaultRegexStepBudget,
  escapeRegexText,
  type GuardedRegex,
  type GuardedRegexOptions,
  RegexRefusedError,
  whyNotTame,
} from './guarded-regex.js';
export {
  defaultInputLimits,
  describeInputLimits,
  type InputLimits,
  InputQuota,
  parseInputLimit,
  QuotaExceededError,
} from './input-limits.js';
export { compileLinearRegex } from './linear-own-regex.js';
export { whyNotLinear } from './linear-regex.js';
export { LoopTurns } from './loop-turns.js';
export { neutraliseTerminalText, printableExcerpt } from './terminal-text.js';
export { trimCharacters } from './trim-characters.js';
