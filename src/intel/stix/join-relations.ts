/**
 * Relationships joined whatever their arrival: a TAXII poll, a bundle or a feed may carry an
 * indicator, and a later (or earlier) one the relationship that says which malware it indicates
 * and the intrusion set that uses that malware. The context objects (relationships and the SDOs
 * they point to) of every source are kept (the knowledge store holds them), and an indicator's
 * techniques, tactics and attribution are computed again from all of them together, with the
 * same bounded walk as one bundle's (stix-relationships.ts: 4 hops, 20 attributions).
 */
import type { Attribution, Indicator, Tactic } from '../../core/index.js';
import type { StixObject } from './stix-object.js';
import { stixRelationshipGraph } from './stix-relationships.js';

/** The STIX types relationships and attribution are computed from (what is kept between imports). */
export const contextTypes: ReadonlySet<string> = new Set([
  'relationship',
  'attack-pattern',
  'malware',
  'tool',
  'intrusion-set',
  'threat-actor',
  'campaign',
  'infrastructure',
]);

/** The objects of an import that later imports' indicators may need. */
export function contextObjectsOf(objects: readonly StixObject[]): StixObject[] {
  return objects.filter((object) => contextTypes.has(object.type));
}

/** Indicators named as the source of a (non-revoked) relationship among `objects`. */
export function relatedIndicatorIds(objects: readonly StixObject[]): Set<string> {
  const ids = new Set<string>();
  for (const object of objects)
    if (object.type === 'relationship' && object.revoked !== true && typeof object.source_ref === 'string')
      if (object.source_ref.startsWith('indicator--')) ids.add(object.source_ref);
  return ids;
}

/** Attributions kept per indicator (as one bundle's walk keeps). */
const maxAttributions = 20;
const attributionKey = (entry: Attribution) => `${entry.kind}\n${entry.attackId ?? entry.name.toLowerCase()}`;

/**
 * The indicators with what `objects` (the context of every source known) says about them. An
 * indicator the context says nothing about is returned as it was (the same object, so a caller
 * can tell what changed); one it does gets the union of what it had and what the context gives:
 * techniques, tactics and attributions (the context's first). A union, so what an earlier import
 * read (perhaps one that kept no context) is never lost; a relationship revoked later does not
 * take back what it gave.
 */
export function joinIndicatorRelations(indicators: readonly Indicator[], objects: readonly StixObject[]): Indicator[] {
  const related = relatedIndicatorIds(objects);
  if (related.size === 0) return [...indicators];
  const graph = stixRelationshipGraph(objects);
  return indicators.map((indicator) => {
    if (!related.has(indicator.id)) return indicator;
    const relations = graph.relationsOf({ type: 'indicator', id: indicator.id } as StixObject);
    const techniques = [...new Set([...indicator.techniques, ...relations.techniques])].sort();
    const tactics = [...new Set<Tactic>([...(indicator.tactics ?? []), ...relations.tactics])];
    const attribution = new Map<string, Attribution>();
    for (const entry of relations.attribution) attribution.set(attributionKey(entry), entry);
    for (const entry of indicator.attribution ?? [])
      if (attribution.size < maxAttributions && !attribution.has(attributionKey(entry)))
        attribution.set(attributionKey(entry), entry);
    const joined: Indicator = {
      ...indicator,
      techniques,
      ...(tactics.length > 0 ? { tactics } : {}),
      ...(attribution.size > 0 ? { attribution: [...attribution.values()] } : {}),
    };
    return JSON.stringify(joined) === JSON.stringify(indicator) ? indicator : joined;
  });
}
