/**
 * The ATT&CK knowledge behind alerts: techniques and sub-techniques with their tactics,
 * platforms, data sources, detection strategies, mitigations, and the groups and software that
 * use them, from one or more STIX 2.1 bundles (Enterprise, ICS, Mobile). Revoked techniques
 * resolve to their replacements; ids from other ATT&CK versions resolve through a crosswalk.
 */
import { type Tactic, tacticOrder } from '../../core/index.js';
import type { TagResolver } from '../rule-meaning.js';
import { type AttackCrosswalk, findAttackCrosswalk, loadAttackCrosswalk } from './attack-crosswalk.js';
import {
  attackId,
  type NamedObject,
  readStixObjects,
  type StixBundleContent,
  stixBundleContent,
} from './stix-bundle.js';

export interface AttackReference {
  readonly id: string;
  readonly name: string;
}

/** A log source ATT&CK's analytics read to see a technique: `WinEventLog:Sysmon` with channel `EventCode=1`. */
export interface AttackLogSource {
  readonly name: string;
  readonly channel: string | undefined;
  /** The data component it gives (`Process Creation`), when named. */
  readonly dataComponent: string | undefined;
  /** The platforms of the analytics that read it (`Windows`, `Linux`); absent when none says (a data component's own list). */
  readonly platforms?: readonly string[];
}

export interface AttackTechnique {
  readonly id: string;
  readonly stixId: string;
  readonly name: string;
  readonly description: string | undefined;
  /** Tactic short names (`credential-access`; ICS and Mobile names too). */
  readonly tactics: readonly string[];
  readonly domains: readonly string[];
  readonly platforms: readonly string[];
  readonly dataSources: readonly string[];
  readonly isSubtechnique: boolean;
  readonly parentId: string | undefined;
  readonly revoked: boolean;
  readonly revokedBy: string | undefined;
  readonly deprecated: boolean;
  readonly mitigations: readonly AttackReference[];
  readonly groups: readonly AttackReference[];
  readonly software: readonly AttackReference[];
  readonly detectionStrategies: readonly AttackReference[];
  /** The log sources its detection strategies' analytics read (ATT&CK 18+; empty for older bundles). */
  readonly logSources: readonly AttackLogSource[];
}

/** An intrusion set, campaign or piece of software (malware, tool) and the techniques ATT&CK says it uses. */
export interface AttackActor {
  /** ATT&CK id: G0007, C0012, S0154. */
  readonly id: string;
  readonly stixId: string;
  readonly kind: 'intrusion-set' | 'campaign' | 'malware' | 'tool';
  readonly name: string;
  readonly aliases: readonly string[];
  /** Techniques it uses (`uses` relationships), revoked ones resolved, sorted. */
  readonly techniques: readonly string[];
}

export interface AttackTactic {
  readonly id: string;
  readonly name: string;
  readonly shortname: string;
  readonly domains: readonly string[];
}

export interface AttackCatalog extends TagResolver {
  /** ATT&CK version of the (first) bundle, e.g. `18.1`. */
  readonly version: string | undefined;
  technique(id: string): AttackTechnique | undefined;
  /** Live technique id for any id: follows `revoked-by` and the crosswalk; unknown ids come back upper-cased. */
  resolve(id: string): string;
  tactic(shortnameOrId: string): AttackTactic | undefined;
  resolveTactic(name: string): string;
  /** Enterprise tactics of a technique as core Tactic values (`other` for ICS/Mobile ones). */
  coreTacticsOf(id: string): Tactic[];
  tacticsOf(id: string): readonly string[];
  techniques(): readonly AttackTechnique[];
  tactics(): readonly AttackTactic[];
  /** An intrusion set, campaign, malware or tool by ATT&CK id (G0007), name or alias (any case). */
  actor(idOrName: string): AttackActor | undefined;
  /** Objects dropped because they failed their schema. */
  readonly invalidObjects: number;
  /** The crosswalk file that maps ids of other ATT&CK versions onto this one, when one was loaded. */
  readonly crosswalkFile: string | undefined;
  /**
   * Every log source ATT&CK says gives a data component (`WinEventLog:Security` `EventCode=4688`
   * gives `Process Creation`): the data components' own log sources and their analytics' references.
   */
  dataComponentSources(): readonly AttackLogSource[];
}

export interface LoadAttackOptions {
  /**
   * Path of a crosswalk JSON for ids from other ATT&CK versions; `false` for none. By default the
   * first `attack-…crosswalk….json` beside the bundle or in `searchCrosswalkIn` is used.
   */
  crosswalk?: string | false;
  /** More places to look for a crosswalk (the rules folders: SigmaHQ publishes it beside its rules). */
  searchCrosswalkIn?: readonly string[];
  /**
   * Shown each bundle's parsed objects, unchecked, before the catalog takes its own: a caller that
   * reads more of the bundle (procedure examples) does not parse it again.
   */
  withObjects?: (objects: readonly unknown[], file: string) => void;
  /**
   * Reads each bundle file into its checked content instead (`withObjects` is then not called): a
   * caller that keeps bundles' content in a cache (pipeline's ATT&CK cache).
   */
  readBundle?: (file: string) => Promise<StixBundleContent>;
}

export async function loadAttackCatalog(
  files: string | readonly string[],
  options: LoadAttackOptions = {},
): Promise<AttackCatalog> {
  const bundles: StixBundleContent[] = [];
  for (const file of typeof files === 'string' ? [files] : files) {
    if (options.readBundle) {
      bundles.push(await options.readBundle(file));
      continue;
    }
    const objects = await readStixObjects(file);
    options.withObjects?.(objects, file);
    bundles.push(stixBundleContent(objects));
  }
  const bundleFiles = typeof files === 'string' ? [files] : files;
  const crosswalkFile =
    options.crosswalk === false
      ? undefined
      : (options.crosswalk ?? (await findAttackCrosswalk([...bundleFiles, ...(options.searchCrosswalkIn ?? [])])));
  const crosswalk = crosswalkFile ? await loadAttackCrosswalk(crosswalkFile) : undefined;
  return buildAttackCatalog(bundles, crosswalk, crosswalkFile);
}

export function buildAttackCatalog(
  bundles: readonly StixBundleContent[],
  crosswalk?: AttackCrosswalk,
  crosswalkFile?: string,
): AttackCatalog {
  const techniques = new Map<string, AttackTechnique>();
  const tactics = new Map<string, AttackTactic>();
  let invalidObjects = 0;
  for (const bundle of bundles) {
    invalidObjects += bundle.invalid;
    for (const tactic of bundle.tactics) {
      const id = attackId(tactic);
      if (id === undefined) continue;
      const entry = {
        id,
        name: tactic.name,
        shortname: tactic.x_mitre_shortname,
        domains: tactic.x_mitre_domains ?? [],
      };
      tactics.set(tactic.x_mitre_shortname, entry);
      tactics.set(id, entry);
    }
    for (const technique of buildTechniques(bundle)) {
      const existing = techniques.get(technique.id);
      // The same technique id can appear in several bundles (e.g. Enterprise and Mobile): keep the live one.
      if (existing === undefined || (existing.revoked && !technique.revoked)) techniques.set(technique.id, technique);
    }
  }
  const all = [...techniques.values()];
  const componentSources = buildComponentSources(bundles, all);
  const actors = buildActors(bundles);
  const uniqueTactics = [...new Set(tactics.values())];

  const resolve = (id: string): string => {
    let current = id.toUpperCase();
    for (let hops = 0; hops < 8; hops++) {
      const technique = techniques.get(current);
      const older = technique === undefined ? crosswalk?.techniques[current]?.[0] : undefined;
      if (technique?.revokedBy !== undefined) current = technique.revokedBy;
      else if (older !== undefined) current = older;
      else return current;
    }
    return current;
  };
  const resolveTactic = (name: string): string => {
    const lower = name.toLowerCase().replace(/_/g, '-');
    if (tactics.has(lower)) return lower;
    return crosswalk?.tactics[lower]?.[0] ?? lower;
  };
  const tacticsOf = (id: string) => techniques.get(resolve(id))?.tactics ?? [];
  return {
    version: bundles[0]?.version,
    crosswalkFile: crosswalk ? crosswalkFile : undefined,
    invalidObjects,
    technique: (id) => techniques.get(id.toUpperCase()),
    resolve,
    tactic: (name) => tactics.get(name) ?? tactics.get(name.toLowerCase().replace(/_/g, '-')),
    resolveTactic,
    tacticsOf,
    coreTacticsOf: (id) =>
      tacticsOf(id).map((name) => ((tacticOrder as readonly string[]).includes(name) ? (name as Tactic) : 'other')),
    techniques: () => all,
    dataComponentSources: () => componentSources,
    tactics: () => uniqueTactics,
    actor: (idOrName) => {
      const found = actors.get(idOrName.trim().toLowerCase());
      return found && { ...found, techniques: [...new Set(found.techniques.map(resolve))].sort() };
    },
  };
}

function buildTechniques(bundle: StixBundleContent): AttackTechnique[] {
  const idByStixId = new Map<string, string>();
  for (const technique of bundle.techniques) {
    const id = attackId(technique);
    if (id !== undefined) idByStixId.set(technique.id, id);
  }
  const related = new Map<
    string,
    {
      mitigations: AttackReference[];
      groups: AttackReference[];
      software: AttackReference[];
      detectionStrategies: AttackReference[];
      logSources: Map<string, AttackLogSource>;
    }
  >();
  const relatedOf = (stixId: string) => {
    let entry = related.get(stixId);
    if (entry === undefined) {
      entry = { mitigations: [], groups: [], software: [], detectionStrategies: [], logSources: new Map() };
      related.set(stixId, entry);
    }
    return entry;
  };
  const revokedBy = new Map<string, string>();
  const parentOf = new Map<string, string>();
  for (const relationship of bundle.relationships) {
    if (relationship.revoked || relationship.x_mitre_deprecated) continue;
    const { source_ref: source, target_ref: target, relationship_type: type } = relationship;
    if (type === 'revoked-by') {
      const replacement = idByStixId.get(target);
      if (replacement !== undefined) revokedBy.set(source, replacement);
      continue;
    }
    if (type === 'subtechnique-of') {
      const parent = idByStixId.get(target);
      if (parent !== undefined) parentOf.set(source, parent);
      continue;
    }
    if (!idByStixId.has(target)) continue;
    if (type === 'detects') addLogSources(relatedOf(target).logSources, bundle, source);
    const reference = toReference(bundle.named.get(source));
    if (reference === undefined) continue;
    const entry = relatedOf(target);
    if (type === 'mitigates') entry.mitigations.push(reference);
    else if (type === 'detects') entry.detectionStrategies.push(reference);
    else if (type === 'uses' && source.startsWith('intrusion-set--')) entry.groups.push(reference);
    else if (type === 'uses' && (source.startsWith('malware--') || source.startsWith('tool--')))
      entry.software.push(reference);
  }
  const techniques: AttackTechnique[] = [];
  for (const object of bundle.techniques) {
    const id = idByStixId.get(object.id);
    if (id === undefined) continue;
    const relations = related.get(object.id);
    techniques.push({
      id,
      stixId: object.id,
      name: object.name,
      description: object.description,
      tactics: [
        ...new Set(
          (object.kill_chain_phases ?? [])
            .filter((phase) => phase.kill_chain_name.startsWith('mitre'))
            .map((phase) => phase.phase_name),
        ),
      ],
      domains: object.x_mitre_domains ?? [],
      platforms: object.x_mitre_platforms ?? [],
      dataSources: object.x_mitre_data_sources ?? [],
      isSubtechnique: object.x_mitre_is_subtechnique ?? id.includes('.'),
      parentId: parentOf.get(object.id) ?? (id.includes('.') ? id.split('.')[0] : undefined),
      revoked: object.revoked ?? false,
      revokedBy: revokedBy.get(object.id),
      deprecated: object.x_mitre_deprecated ?? false,
      mitigations: relations?.mitigations ?? [],
      groups: relations?.groups ?? [],
      software: relations?.software ?? [],
      detectionStrategies: relations?.detectionStrategies ?? [],
      logSources: [...(relations?.logSources.values() ?? [])],
    });
  }
  return techniques;
}

/** Log sources that give a data component: its own list, and the references of the analytics that read it. */
function buildComponentSources(
  bundles: readonly StixBundleContent[],
  techniques: readonly AttackTechnique[],
): AttackLogSource[] {
  const sources = new Map<string, AttackLogSource>();
  const add = (source: AttackLogSource) => {
    if (source.dataComponent === undefined) return;
    const key = `${source.name}\n${source.channel ?? ''}\n${source.dataComponent}`;
    if (!sources.has(key)) sources.set(key, source);
  };
  for (const bundle of bundles)
    for (const component of bundle.dataComponents.values()) {
      if (component.revoked || component.x_mitre_deprecated || component.name === undefined) continue;
      for (const source of component.x_mitre_log_sources ?? [])
        add({ name: source.name, channel: source.channel, dataComponent: component.name });
    }
  for (const technique of techniques) for (const source of technique.logSources) add(source);
  return [...sources.values()];
}

/** The log sources of a detection strategy's analytics, added by name and channel. */
function addLogSources(into: Map<string, AttackLogSource>, bundle: StixBundleContent, strategyId: string): void {
  const strategy = bundle.detectionStrategies.get(strategyId);
  if (strategy === undefined || strategy.revoked || strategy.x_mitre_deprecated) return;
  for (const analyticId of strategy.x_mitre_analytic_refs ?? []) {
    const analytic = bundle.analytics.get(analyticId);
    if (analytic === undefined || analytic.revoked || analytic.x_mitre_deprecated) continue;
    const platforms = analytic.x_mitre_platforms;
    for (const reference of analytic.x_mitre_log_source_references ?? []) {
      const key = `${reference.name}\n${reference.channel ?? ''}`;
      const known = into.get(key);
      if (known) {
        // The same source read by analytics of other platforms: the union of their platforms.
        const added = (platforms ?? []).filter((platform) => !known.platforms?.includes(platform));
        if (added.length > 0) into.set(key, { ...known, platforms: [...(known.platforms ?? []), ...added] });
        continue;
      }
      const component = reference.x_mitre_data_component_ref
        ? bundle.named.get(reference.x_mitre_data_component_ref)?.name
        : undefined;
      into.set(key, {
        name: reference.name,
        channel: reference.channel,
        dataComponent: component,
        ...(platforms ? { platforms } : {}),
      });
    }
  }
}

const actorKinds = new Set(['intrusion-set', 'campaign', 'malware', 'tool']);

/** Intrusion sets, campaigns and software with the techniques they use, by lower-case id, name and alias. */
function buildActors(bundles: readonly StixBundleContent[]): Map<string, AttackActor> {
  const byKey = new Map<string, AttackActor>();
  for (const bundle of bundles) {
    const techniqueIds = new Map<string, string>();
    for (const technique of bundle.techniques) {
      const id = attackId(technique);
      if (id !== undefined && !technique.revoked) techniqueIds.set(technique.id, id);
    }
    const uses = new Map<string, Set<string>>();
    for (const relationship of bundle.relationships) {
      if (relationship.relationship_type !== 'uses' || relationship.revoked || relationship.x_mitre_deprecated)
        continue;
      const technique = techniqueIds.get(relationship.target_ref);
      if (technique === undefined) continue;
      const list = uses.get(relationship.source_ref) ?? new Set<string>();
      list.add(technique);
      uses.set(relationship.source_ref, list);
    }
    for (const object of bundle.named.values()) {
      if (!actorKinds.has(object.type) || object.revoked || object.x_mitre_deprecated) continue;
      const id = attackId(object);
      if (id === undefined || object.name === undefined) continue;
      const aliases = [...new Set([...(object.aliases ?? []), ...(object.x_mitre_aliases ?? [])])].filter(
        (alias) => alias !== object.name,
      );
      const actor: AttackActor = {
        id,
        stixId: object.id,
        kind: object.type as AttackActor['kind'],
        name: object.name,
        aliases,
        techniques: [...(uses.get(object.id) ?? [])].sort(),
      };
      // The id always names this actor; a name or alias names the first actor that claims it.
      byKey.set(id.toLowerCase(), actor);
      for (const key of [object.name, ...aliases].map((name) => name.trim().toLowerCase()))
        if (!byKey.has(key)) byKey.set(key, actor);
    }
  }
  return byKey;
}

function toReference(object: NamedObject | undefined): AttackReference | undefined {
  if (object === undefined || object.name === undefined || object.revoked || object.x_mitre_deprecated)
    return undefined;
  return { id: attackId(object) ?? object.id, name: object.name };
}
