/**
 * Settings resolved once at start-up, in the order: explicit flag → environment variable →
 * default. Nothing else in Vigil reads the environment.
 */
import { join } from 'node:path';
import { defaultHome } from '../store/index.js';

export interface Settings {
  home: string;
  database: string;
  attackPath: string | undefined;
  rulesPaths: string[];
  kevPath: string | undefined;
  /** Atomic Red Team checkout or export: labelled attack commands for evidence inference. */
  atomicRedTeamPath: string | undefined;
}

export interface SettingFlags {
  db?: string | undefined;
  attack?: string | undefined;
  rules?: string[] | undefined;
  kev?: string | undefined;
  atomics?: string | undefined;
}

export function resolveSettings(flags: SettingFlags, environment: NodeJS.ProcessEnv = process.env): Settings {
  const home = defaultHome(environment);
  const rulesFromEnvironment = environment.VIGIL_RULES_PATH?.split(':').filter(Boolean) ?? [];
  return {
    home,
    database: flags.db ?? environment.VIGIL_STORE ?? join(home, 'vigil.db'),
    attackPath: flags.attack ?? environment.VIGIL_ATTACK_PATH,
    rulesPaths: flags.rules && flags.rules.length > 0 ? flags.rules : rulesFromEnvironment,
    kevPath: flags.kev ?? environment.VIGIL_KEV_PATH,
    atomicRedTeamPath: flags.atomics ?? environment.VIGIL_ATOMICS_PATH,
  };
}
