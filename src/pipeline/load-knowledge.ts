/**
 * Loads what detection and reasoning know before a run: Sigma rules, ATT&CK, KEV,
 * threat intelligence and the asset inventory. Missing optional knowledge is reported
 * in `missing`, never fatal; unreadable given paths are errors.
 */
import { type AttackCatalog, loadAttackCatalog, loadKev, loadRules, type RuleSet } from '../detect/index.js';
import { IndicatorIndex, type IntelImport, importIntel } from '../intel/index.js';
import { type AssetCriticality, loadAssetInventory } from '../reason/index.js';

export interface KnowledgePaths {
  rules: string[];
  intel: string[];
  attack?: string | undefined;
  kev?: string | undefined;
  assets?: string | undefined;
  /** Atomic Red Team checkout, its atomics folder, or a JSON-lines export of its tests. */
  atomicRedTeam?: string | undefined;
}

export interface Knowledge {
  rules: RuleSet;
  attack: AttackCatalog | undefined;
  /** The ATT&CK bundle file the catalog came from (its procedure examples train the classifier). */
  attackPath: string | undefined;
  /** Atomic Red Team tests evidence inference learns attack commands from. */
  atomicRedTeamPath?: string | undefined;
  knownExploited: Map<string, { ransomwareUse: boolean }>;
  intel: IntelImport | undefined;
  indicators: IndicatorIndex;
  assets: AssetCriticality | undefined;
  /** What was not given, in words, so the user knows what Vigil ran without. */
  missing: string[];
}

export async function loadKnowledge(paths: KnowledgePaths): Promise<Knowledge> {
  const missing: string[] = [];
  const rules = await loadRules(paths.rules);
  if (paths.rules.length === 0)
    missing.push('no Sigma rules given (--rules DIR or VIGIL_RULES_PATH): only threat-intelligence matches can alert');
  const attack = paths.attack ? await loadAttackCatalog(paths.attack) : undefined;
  if (!attack) missing.push('no ATT&CK bundle (--attack FILE or VIGIL_ATTACK_PATH): tactics come from rule tags only');
  const knownExploited = new Map<string, { ransomwareUse: boolean }>();
  if (paths.kev) {
    const kev = await loadKev(paths.kev);
    for (const entry of kev.entries()) knownExploited.set(entry.cveId, { ransomwareUse: entry.ransomwareUse });
  } else {
    missing.push('no CISA KEV catalogue (VIGIL_KEV_PATH): CVEs are not marked as known exploited');
  }
  const intel = paths.intel.length > 0 ? await importIntel(paths.intel) : undefined;
  const indicators = new IndicatorIndex();
  if (intel) indicators.add(intel.indicators);
  const assets = paths.assets ? await loadAssetInventory(paths.assets) : undefined;
  if (!paths.atomicRedTeam)
    missing.push(
      'no Atomic Red Team tests (--atomics PATH or VIGIL_ATOMICS_PATH): evidence inference learns from ATT&CK procedures and the rules only',
    );
  return {
    rules,
    attack,
    attackPath: paths.attack,
    atomicRedTeamPath: paths.atomicRedTeam,
    knownExploited,
    intel,
    indicators,
    assets,
    missing,
  };
}
