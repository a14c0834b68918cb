/**
 * What an investigating command knows, loaded one way from its settings and flags, so
 * `investigate`, `eval`, `serve` and `worker` learn from the same sources: the same rules, intel, ATT&CK,
 * KEV, assets, Atomic Red Team commands, caches and input limits, and the same ATT&CK crosswalk
 * (so every command's output names techniques in one ATT&CK version). (Before, `serve` and `worker`
 * built their own call and left out the Atomic Red Team path that `investigate` used.)
 */
import { UsageError } from '../core/index.js';
import { type Knowledge, loadKnowledge } from '../pipeline/index.js';
import { parseDuration } from '../respond/index.js';
import { type InputLimitFlags, inputLimitsOf } from './options.js';
import { cacheOf, type Settings } from './settings.js';

export interface KnowledgeFlags extends InputLimitFlags {
  intel?: string[] | undefined;
  assets?: string | undefined;
}

/** Loads the knowledge of `settings` (rules, ATT&CK, KEV, Atomic Red Team) and `flags` (intel, assets, limits). */
export function loadCommandKnowledge(
  settings: Settings,
  flags: KnowledgeFlags,
  warn: (text: string) => void,
): Promise<Knowledge> {
  return loadKnowledge({
    rules: settings.rulesPaths,
    intel: flags.intel ?? [],
    attack: settings.attackPath,
    attackCrosswalk: settings.attackCrosswalkPath,
    kev: settings.kevPath,
    assets: flags.assets,
    atomicRedTeam: settings.atomicRedTeamPath,
    ruleCache: cacheOf(settings, 'rules', warn),
    limits: inputLimitsOf(flags),
    evidenceModelCache: cacheOf(settings, 'evidenceModel', warn),
    retrievalCache: cacheOf(settings, 'retrieval', warn),
    attackCache: cacheOf(settings, 'attack', warn),
    correlationLatenessMs: correlationLatenessOf(settings),
  });
}

/** The correlation lateness of `settings` in milliseconds (0 when not set); a malformed one is a usage error. */
export function correlationLatenessOf(settings: Pick<Settings, 'correlationLateness'>): number {
  if (settings.correlationLateness === undefined) return 0;
  const text = settings.correlationLateness.trim();
  const parsed = text === '0' ? 0 : parseDuration(text);
  if (parsed === undefined)
    throw new UsageError(
      `--correlation-lateness (or VIGIL_CORRELATION_LATENESS): "${settings.correlationLateness}" is not a duration (write e.g. 0, 90s, 5m)`,
    );
  return parsed;
}
