import type { Tlp } from '../../core/index.js';
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

/** Tags worth keeping as indicator labels (TLP and galaxy tags are kept elsewhere). */
export function labelsOfTags(tags: readonly MispTag[]): string[] {
  return tags.map((tag) => tag.name).filter((name) => !/^tlp:/i.test(name));
}
