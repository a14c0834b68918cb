/**
 * Loads what detection and reasoning know before a run: Sigma rules, ATT&CK, KEV,
 * threat intelligence and the asset inventory. Missing optional knowledge is reported
 * in `missing`, never fatal; unreadable given paths are errors.
 */

import type { Asset, Identity } from '../core/index.js';
import {
  type AttackCatalog,
  type CacheFolder,
  loadAttackCatalog,
  loadKev,
  loadRules,
  type RuleCacheOptions,
  type RuleSet,
} from '../detect/index.js';
import type { InputLimits } from '../guard/index.js';
import { IndicatorIndex, type IntelImport, importIntel } from '../intel/index.js';
import {
  type AssetCriticality,
  assetCriticality,
  loadAssetInventoryFile,
  type ProcedureExample,
} from '../reason/index.js';
import { readAttackBundle } from './attack-bundle-cache.js';

export interface KnowledgePaths {
  rules: string[];
  intel: string[];
  attack?: string | undefined;
  /** Crosswalk from other ATT&CK versions' ids (rules retagged for a newer ATT&CK); found beside the bundle, the rules or the Atomic Red Team tests by default. */
  attackCrosswalk?: string | undefined;
  kev?: string | undefined;
  assets?: string | undefined;
  /** Atomic Red Team checkout, its atomics folder, or a JSON-lines export of its tests. */
  atomicRedTeam?: string | undefined;
  /** The compiled-rule cache; rules are compiled afresh without one. */
  ruleCache?: RuleCacheOptions | undefined;
  /** Quotas for rule packs and intelligence files (`--max-…` flags), as for logs. */
  limits?: Partial<InputLimits> | undefined;
  /** The evidence-model cache; the model is trained afresh (once per process) without one. */
  evidenceModelCache?: CacheFolder | undefined;
  /** The retrieval-index cache (the ATT&CK texts written into an index); written afresh each run without one. */
  retrievalCache?: CacheFolder | undefined;
  /** The ATT&CK cache (a bundle's checked objects and procedure examples); the bundle is read afresh without one. */
  attackCache?: CacheFolder | undefined;
  /** How late (event time, ms) a correlation rule's match may arrive and still be judged in time order. Default 0. */
  correlationLatenessMs?: number | undefined;
}

export interface Knowledge {
  rules: RuleSet;
  attack: AttackCatalog | undefined;
  /** The ATT&CK bundle file the catalog came from (its procedure examples train the classifier). */
  attackPath: string | undefined;
  /** The procedure examples of the bundle at `attackPath`, read with the catalog (the bundle is parsed once). */
  attackProcedures?: readonly ProcedureExample[] | undefined;
  /** Atomic Red Team tests evidence inference learns attack commands from. */
  atomicRedTeamPath?: string | undefined;
  /** Where a trained evidence model is kept between runs. */
  evidenceModelCache?: CacheFolder | undefined;
  /** Where the retrieval index's ATT&CK part is kept between runs (reason's retrieval cache). */
  retrievalCache?: CacheFolder | undefined;
  knownExploited: Map<string, { ransomwareUse: boolean }>;
  /** How late (event time, ms) a correlation rule's match may arrive and still be judged in time order (`createDetection`). */
  correlationLatenessMs?: number | undefined;
  intel: IntelImport | undefined;
  indicators: IndicatorIndex;
  assets: AssetCriticality | undefined;
  /** The inventory's hosts (criticality, role). */
  inventory?: readonly Asset[] | undefined;
  /** The inventory's identities: administrators and service accounts, their hosts, sources and change windows. */
  identities?: readonly Identity[] | undefined;
  /** What was not given, in words, so the user knows what Vigil ran without. */
  missing: string[];
}

/** Technique ids that rule tags name and the catalogue cannot resolve (another ATT&CK version's). */
function unknownTechniqueTags(rules: RuleSet, attack: AttackCatalog): string[] {
  const unknown = new Set<string>();
  for (const rule of rules.rules) {
    for (const tag of rule.tags) {
      const match = /^attack\.(t\d{4}(?:\.\d{3})?)$/i.exec(tag);
      if (match && attack.technique(attack.resolve(match[1] as string)) === undefined)
        unknown.add(match[1]!.toUpperCase());
    }
  }
  return [...unknown].sort();
}

export async function loadKnowledge(paths: KnowledgePaths): Promise<Knowledge> {
  const missing: string[] = [];
  const rules = await loadRules(paths.rules, {
    ...(paths.ruleCache ? { cache: paths.ruleCache } : {}),
    ...(paths.limits ? { limits: paths.limits } : {}),
  });
  if (paths.rules.length === 0)
    missing.push('no Sigma rules given (--rules DIR or VIGIL_RULES_PATH): only threat-intelligence matches can alert');
  let attackProcedures: ProcedureExample[] | undefined;
  const attack = paths.attack
    ? await loadAttackCatalog(paths.attack, {
        crosswalk: paths.attackCrosswalk,
        // SigmaHQ publishes it beside its rules; Atomic Red Team's tests name the newer version's ids too.
        searchCrosswalkIn: [...paths.rules, ...(paths.atomicRedTeam ? [paths.atomicRedTeam] : [])],
        readBundle: async (file) => {
          const bundle = await readAttackBundle(file, paths.attackCache);
          attackProcedures = bundle.procedures;
          return bundle.content;
        },
      })
    : undefined;
  if (!attack) missing.push('no ATT&CK bundle (--attack FILE or VIGIL_ATTACK_PATH): tactics come from rule tags only');
  const unknown = attack ? unknownTechniqueTags(rules, attack) : [];
  if (attack && unknown.length > 0)
    missing.push(
      `${unknown.length} technique ids in rule tags are not in ATT&CK ${attack.version ?? ''} (${unknown.slice(0, 5).join(', ')}${unknown.length > 5 ? ', …' : ''}) and no crosswalk maps them (put attack-…crosswalk….json beside the bundle or the rules)`,
    );
  if (attack && !attack.crosswalkFile && paths.atomicRedTeam)
    missing.push(
      'no ATT&CK crosswalk (--attack-crosswalk FILE or VIGIL_ATTACK_CROSSWALK): techniques learned from Atomic Red Team tests tagged for a newer ATT&CK than the bundle keep their newer ids',
    );
  const knownExploited = new Map<string, { ransomwareUse: boolean }>();
  if (paths.kev) {
    const kev = await loadKev(paths.kev);
    for (const entry of kev.entries()) knownExploited.set(entry.cveId, { ransomwareUse: entry.ransomwareUse });
  } else {
    missing.push('no CISA KEV catalogue (VIGIL_KEV_PATH): CVEs are not marked as known exploited');
  }
  const intel =
    paths.intel.length > 0
      ? await importIntel(paths.intel, { requireIndicators: true, ...(paths.limits ? { limits: paths.limits } : {}) })
      : undefined;
  const indicators = new IndicatorIndex();
  if (intel) indicators.add(intel.indicators);
  const inventory = paths.assets ? await loadAssetInventoryFile(paths.assets) : undefined;
  const assets = inventory ? assetCriticality(inventory.assets) : undefined;
  if (!paths.atomicRedTeam)
    missing.push(
      'no Atomic Red Team tests (--atomics PATH or VIGIL_ATOMICS_PATH): evidence inference learns from ATT&CK procedures and the rules only',
    );
  return {
    rules,
    attack,
    attackPath: paths.attack,
    ...(attackProcedures ? { attackProcedures } : {}),
    atomicRedTeamPath: paths.atomicRedTeam,
    ...(paths.evidenceModelCache ? { evidenceModelCache: paths.evidenceModelCache } : {}),
    ...(paths.retrievalCache ? { retrievalCache: paths.retrievalCache } : {}),
    knownExploited,
    ...(paths.correlationLatenessMs ? { correlationLatenessMs: paths.correlationLatenessMs } : {}),
    intel,
    indicators,
    assets,
    ...(inventory ? { inventory: inventory.assets, identities: inventory.identities } : {}),
    missing,
  };
}
