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
  /**
   * Where each cache is kept: `$VIGIL_HOME/cache/<folder>` by default, elsewhere through its
   * environment variable, none when that variable is `off` (see `cacheSettings`).
   */
  cacheFolders: Record<CacheKind, string | undefined>;
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
    cacheFolders: cacheFoldersOf(environment, home),
  };
}

/**
 * The caches Vigil keeps, each with the environment variable that moves it (`off` for none) and
 * its folder under `$VIGIL_HOME/cache`: compiled rules, trained evidence models, the retrieval
 * index's ATT&CK part, and read ATT&CK bundles.
 */
const cacheSettings = {
  rules: { variable: 'VIGIL_RULE_CACHE', folder: 'rules' },
  evidenceModel: { variable: 'VIGIL_MODEL_CACHE', folder: 'evidence-model' },
  retrieval: { variable: 'VIGIL_RETRIEVAL_CACHE', folder: 'retrieval' },
  attack: { variable: 'VIGIL_ATTACK_CACHE', folder: 'attack' },
} as const;
export type CacheKind = keyof typeof cacheSettings;

function cacheFoldersOf(
  environment: Record<string, string | undefined>,
  home: string,
): Record<CacheKind, string | undefined> {
  const folderOf = (kind: CacheKind) => {
    const { variable, folder } = cacheSettings[kind];
    const value = environment[variable];
    return value === 'off' ? undefined : (value ?? join(home, 'cache', folder));
  };
  return {
    rules: folderOf('rules'),
    evidenceModel: folderOf('evidenceModel'),
    retrieval: folderOf('retrieval'),
    attack: folderOf('attack'),
  };
}

/** One cache of these settings, warning through `warn`; undefined when turned off. */
export function cacheOf(
  settings: Settings,
  kind: CacheKind,
  warn: (text: string) => void,
): { folder: string; warn: (message: string) => void } | undefined {
  const folder = settings.cacheFolders[kind];
  if (folder === undefined) return undefined;
  return { folder, warn: (message) => warn(`vigil: ${message}`) };
}

/** Who a command acts as: `--as`, else `$VIGIL_USER`, else the login name (as `vigil approvals` does). */
export function actingUser(flag: string | undefined, environment: NodeJS.ProcessEnv = process.env): string {
  return flag ?? environment.VIGIL_USER ?? userInfo().username;
}
