/**
 * Settings resolved once at start-up, in the order: explicit flag → environment variable →
 * default. Nothing else in Vigil reads the environment.
 */
import { homedir, userInfo } from 'node:os';
import { join } from 'node:path';

export interface Settings {
  home: string;
  database: string;
  attackPath: string | undefined;
  /**
   * Crosswalk from other ATT&CK versions' ids onto the bundle's (`--attack-crosswalk`,
   * `$VIGIL_ATTACK_CROSSWALK`); without one, an `attack-…crosswalk….json` beside the bundle, the
   * rules or the Atomic Red Team tests is used.
   */
  attackCrosswalkPath: string | undefined;
  rulesPaths: string[];
  kevPath: string | undefined;
  /** Atomic Red Team checkout or export: labelled attack commands for evidence inference. */
  atomicRedTeamPath: string | undefined;
  /** Where compiled rules are cached ($VIGIL_RULE_CACHE, `off` for none; default $VIGIL_HOME/cache/rules). */
  ruleCacheFolder: string | undefined;
  /** Where trained evidence models are cached ($VIGIL_MODEL_CACHE, `off` for none; default $VIGIL_HOME/cache/evidence-model). */
  evidenceModelCacheFolder: string | undefined;
  /** Where the retrieval index's ATT&CK part is cached ($VIGIL_RETRIEVAL_CACHE, `off` for none; default $VIGIL_HOME/cache/retrieval). */
  retrievalCacheFolder: string | undefined;
  /** Where read ATT&CK bundles are cached ($VIGIL_ATTACK_CACHE, `off` for none; default $VIGIL_HOME/cache/attack). */
  attackCacheFolder: string | undefined;
  /** SLA targets file (`--sla`, `$VIGIL_SLA`); the documented defaults without one. */
  slaPath: string | undefined;
  /**
   * How late (event time) a Sigma correlation rule's match may arrive and still be judged in
   * time order (`--correlation-lateness`, `$VIGIL_CORRELATION_LATENESS`: `0`, `90s`, `5m`); unparsed.
   */
  correlationLateness: string | undefined;
}

export interface SettingFlags {
  db?: string | undefined;
  attack?: string | undefined;
  attackCrosswalk?: string | undefined;
  rules?: string[] | undefined;
  kev?: string | undefined;
  atomics?: string | undefined;
  sla?: string | undefined;
  correlationLateness?: string | undefined;
}

/**
 * Vigil's data folder: `VIGIL_HOME`, or `~/.vigil`. Here rather than in store/ so that commands
 * that never open a store (detect, rules) do not load the store's code to find it.
 */
export function defaultHome(environment: NodeJS.ProcessEnv = process.env): string {
  return environment.VIGIL_HOME ?? join(homedir(), '.vigil');
}

export function resolveSettings(flags: SettingFlags, environment: NodeJS.ProcessEnv = process.env): Settings {
  const home = defaultHome(environment);
  const rulesFromEnvironment = environment.VIGIL_RULES_PATH?.split(':').filter(Boolean) ?? [];
  return {
    home,
    database: flags.db ?? environment.VIGIL_STORE ?? join(home, 'vigil.db'),
    attackPath: flags.attack ?? environment.VIGIL_ATTACK_PATH,
    attackCrosswalkPath: flags.attackCrosswalk ?? environment.VIGIL_ATTACK_CROSSWALK,
    rulesPaths: flags.rules && flags.rules.length > 0 ? flags.rules : rulesFromEnvironment,
    kevPath: flags.kev ?? environment.VIGIL_KEV_PATH,
    atomicRedTeamPath: flags.atomics ?? environment.VIGIL_ATOMICS_PATH,
    slaPath: flags.sla ?? environment.VIGIL_SLA,
    correlationLateness: flags.correlationLateness ?? environment.VIGIL_CORRELATION_LATENESS,
    ruleCacheFolder:
      environment.VIGIL_RULE_CACHE === 'off'
        ? undefined
        : (environment.VIGIL_RULE_CACHE ?? join(home, 'cache', 'rules')),
    evidenceModelCacheFolder:
      environment.VIGIL_MODEL_CACHE === 'off'
        ? undefined
        : (environment.VIGIL_MODEL_CACHE ?? join(home, 'cache', 'evidence-model')),
    retrievalCacheFolder:
      environment.VIGIL_RETRIEVAL_CACHE === 'off'
        ? undefined
        : (environment.VIGIL_RETRIEVAL_CACHE ?? join(home, 'cache', 'retrieval')),
    attackCacheFolder:
      environment.VIGIL_ATTACK_CACHE === 'off'
        ? undefined
        : (environment.VIGIL_ATTACK_CACHE ?? join(home, 'cache', 'attack')),
  };
}

/** The compiled-rule cache of these settings, warning through `warn`; undefined when turned off. */
export function ruleCacheOf(
  settings: Settings,
  warn: (text: string) => void,
): { folder: string; warn: (message: string) => void } | undefined {
  if (settings.ruleCacheFolder === undefined) return undefined;
  return { folder: settings.ruleCacheFolder, warn: (message) => warn(`vigil: ${message}`) };
}

/** The evidence-model cache of these settings, warning through `warn`; undefined when turned off. */
export function evidenceModelCacheOf(
  settings: Settings,
  warn: (text: string) => void,
): { folder: string; warn: (message: string) => void } | undefined {
  if (settings.evidenceModelCacheFolder === undefined) return undefined;
  return { folder: settings.evidenceModelCacheFolder, warn: (message) => warn(`vigil: ${message}`) };
}

/** The retrieval-index cache of these settings, warning through `warn`; undefined when turned off. */
export function retrievalCacheOf(
  settings: Settings,
  warn: (text: string) => void,
): { folder: string; warn: (message: string) => void } | undefined {
  if (settings.retrievalCacheFolder === undefined) return undefined;
  return { folder: settings.retrievalCacheFolder, warn: (message) => warn(`vigil: ${message}`) };
}

/** The ATT&CK cache of these settings, warning through `warn`; undefined when turned off. */
export function attackCacheOf(
  settings: Settings,
  warn: (text: string) => void,
): { folder: string; warn: (message: string) => void } | undefined {
  if (settings.attackCacheFolder === undefined) return undefined;
  return { folder: settings.attackCacheFolder, warn: (message) => warn(`vigil: ${message}`) };
}

/** Who a command acts as: `--as`, else `$VIGIL_USER`, else the login name (as `vigil approvals` does). */
export function actingUser(flag: string | undefined, environment: NodeJS.ProcessEnv = process.env): string {
  return flag ?? environment.VIGIL_USER ?? userInfo().username;
}
