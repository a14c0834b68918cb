import type { Attribution, Tactic, Tlp } from '../../core/index.js';
import { tacticOfPhase } from '../stix/stix-kill-chain.js';
import { parseTlpWord, strictestTlp } from '../stix/stix-markings.js';
import type { MispTag } from './misp-schemas.js';

const techniqueInText = /\b(T\d{4}(?:\.\d{3})?)\b/g;

/** TLP from `tlp:` tags (the strictest when several). */
export function tlpOfTags(tags: readonly MispTag[]): Tlp | undefined {
  const levels = tags.filter((tag) => /^tlp:/i.test(tag.name)).map((tag) => parseTlpWord(tag.name));
  return levels.length > 0 ? strictestTlp(levels) : undefined;
}

/** ATT&CK technique ids named by galaxy tags, e.g. `misp-galaxy:mitre-attack-pattern="Spearphishing Link - T1566.002"`. */
export function techniquesOfTags(tags: readonly MispTag[]): string[] {
  const found = new Set<string>();
  for (const tag of tags) {
    if (!/^misp-galaxy:mitre-/i.test(tag.name)) continue;
    for (const match of tag.name.matchAll(techniqueInText)) found.add(match[1]!);
  }
  return [...found];
}

/** ATT&CK technique ids from Galaxy clusters (their `external_id` meta or value). */
export function techniquesOfGalaxies(
  galaxies: readonly {
    type?: string | undefined;
    GalaxyCluster: { value: string; meta?: Record<string, unknown> | undefined }[];
  }[],
): string[] {
  const found = new Set<string>();
  for (const galaxy of galaxies) {
    if (galaxy.type && !galaxy.type.startsWith('mitre-')) continue;
    for (const cluster of galaxy.GalaxyCluster) {
      const external = cluster.meta?.external_id;
      const candidates = [cluster.value, ...(Array.isArray(external) ? external.map(String) : [])];
      for (const text of candidates) for (const match of text.matchAll(techniqueInText)) found.add(match[1]!);
    }
  }
  return [...found];
}

/**
 * ATT&CK tactics of the attack-pattern clusters an event or attribute carries, from each cluster's
 * `meta.kill_chain` (`attack-Windows:command-and-control` in current galaxies,
 * `mitre-attack:enterprise-attack:command-and-control` in older ones): the techniques' tactics
 * when no ATT&CK catalogue is loaded. Tags alone (`misp-galaxy:…="… - T1071"`) carry none; the
 * catalogue gives theirs.
 */
export function tacticsOfGalaxies(
  galaxies: readonly {
    type?: string | undefined;
    GalaxyCluster: { value: string; meta?: Record<string, unknown> | undefined }[];
  }[],
): Tactic[] {
  const found = new Set<Tactic>();
  for (const galaxy of galaxies) {
    if (!galaxy.type?.startsWith('mitre-') || !galaxy.type.endsWith('attack-pattern')) continue;
    for (const cluster of galaxy.GalaxyCluster) {
      const chain = cluster.meta?.kill_chain;
      if (!Array.isArray(chain)) continue;
      for (const entry of chain.slice(0, 50)) {
        if (typeof entry !== 'string') continue;
        const parts = entry.slice(0, 200).split(':');
        if (parts.length < 2 || !/^(attack|mitre)/i.test(parts[0]!)) continue;
        const tactic = tacticOfPhase('mitre-attack', parts[parts.length - 1]!);
        if (tactic) found.add(tactic);
      }
    }
  }
  return [...found];
}

/** Tags worth keeping as indicator labels (TLP and galaxy tags are kept elsewhere). */
export function labelsOfTags(tags: readonly MispTag[]): string[] {
  return tags.map((tag) => tag.name).filter((name) => !/^tlp:/i.test(name));
}

/** MISP galaxy types that name who or what is behind an attribute. */
const attributionKinds: Record<string, Attribution['kind']> = {
  'threat-actor': 'threat-actor',
  'mitre-intrusion-set': 'intrusion-set',
  'mitre-enterprise-attack-intrusion-set': 'intrusion-set',
  'microsoft-activity-group': 'intrusion-set',
  'mitre-malware': 'malware',
  'mitre-enterprise-attack-malware': 'malware',
  malpedia: 'malware',
  ransomware: 'malware',
  banker: 'malware',
  rat: 'malware',
  botnet: 'malware',
  stealer: 'malware',
  backdoor: 'malware',
  tool: 'tool',
  'mitre-tool': 'tool',
  'mitre-enterprise-attack-tool': 'tool',
  'mitre-campaign': 'campaign',
};

const galaxyTag = /^misp-galaxy:([a-z0-9-]{1,60})="([^"]{1,200})"$/i;
const attackSuffix = /\s+-\s+([GSC]\d{4})$/;

function attributionOf(galaxyType: string, value: string, via: string): Attribution | undefined {
  const kind = attributionKinds[galaxyType.toLowerCase()];
  if (!kind) return undefined;
  const suffix = attackSuffix.exec(value);
  const name = (suffix ? value.slice(0, suffix.index) : value).trim();
  if (!name) return undefined;
  return { kind, name, ...(suffix ? { attackId: suffix[1]! } : {}), via };
}

/** Actors, malware, tools and campaigns named by galaxy tags (`misp-galaxy:threat-actor="APT28"`). */
export function attributionOfTags(tags: readonly MispTag[]): Attribution[] {
  const found: Attribution[] = [];
  for (const tag of tags) {
    const match = galaxyTag.exec(tag.name);
    const attribution = match ? attributionOf(match[1]!, match[2]!, `MISP galaxy tag ${tag.name}`) : undefined;
    if (attribution) found.push(attribution);
  }
  return found;
}

/** Actors, malware, tools and campaigns from Galaxy clusters. */
export function attributionOfGalaxies(
  galaxies: readonly {
    type?: string | undefined;
    GalaxyCluster: { value: string; meta?: Record<string, unknown> | undefined }[];
  }[],
): Attribution[] {
  const found: Attribution[] = [];
  for (const galaxy of galaxies) {
    if (!galaxy.type) continue;
    for (const cluster of galaxy.GalaxyCluster) {
      const attribution = attributionOf(
        galaxy.type,
        cluster.value,
        `MISP galaxy ${galaxy.type} cluster ${cluster.value}`,
      );
      if (attribution) found.push(attribution);
    }
  }
  return found;
}

/** One entry per kind and name. */
export function uniqueAttribution(list: readonly Attribution[]): Attribution[] {
  const seen = new Map<string, Attribution>();
  for (const item of list) {
    const key = `${item.kind}|${item.name.toLowerCase()}`;
    if (!seen.has(key)) seen.set(key, item);
  }
  return [...seen.values()];
}
