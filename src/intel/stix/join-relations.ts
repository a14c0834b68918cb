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
export function relatedIndicatorIds(objects: readonly StixObject[], options: { revoked?: boolean } = {}): Set<string> {
  const ids = new Set<string>();
  for (const object of objects)
    if (object.type === 'relationship' && (options.revoked || object.revoked !== true))
      if (typeof object.source_ref === 'string' && object.source_ref.startsWith('indicator--'))
        ids.add(object.source_ref);
  return ids;
}

/** Attributions kept per indicator (as one bundle's walk keeps). */
const maxAttributions = 20;
export const attributionKey = (entry: Pick<Attribution, 'kind' | 'name' | 'attackId'>) =>
  `${entry.kind}\n${entry.attackId ?? entry.name.toLowerCase()}`.slice(0, 300);

/** The indicator without what earlier joins (or its own bundle's relationships) gave it: its own fields. */
export function ownPartOf(indicator: Indicator): Pick<Indicator, 'techniques' | 'tactics' | 'attribution'> {
  const given = indicator.fromRelationships;
  if (!given)
    return { techniques: indicator.techniques, tactics: indicator.tactics, attribution: indicator.attribution };
  const techniques = new Set(given.techniques);
  const tactics = new Set(given.tactics);
  const attributions = new Set(given.attributions);
  return {
    techniques: indicator.techniques.filter((technique) => !techniques.has(technique)),
    tactics: indicator.tactics?.filter((tactic) => !tactics.has(tactic)),
    attribution: indicator.attribution?.filter((entry) => !attributions.has(attributionKey(entry))),
  };
}

/**
 * An indicator's own part with what the relationship walk gives, recording what the walk added
 * (`fromRelationships`) so the next join can take it back. The walk's attributions come first.
 */
export function withRelations(
  indicator: Indicator,
  own: Pick<Indicator, 'techniques' | 'tactics' | 'attribution'>,
  relations: { techniques: readonly string[]; tactics: readonly Tactic[]; attribution: readonly Attribution[] },
): Indicator {
  const ownTechniques = new Set(own.techniques);
  const ownTactics = new Set(own.tactics ?? []);
  const techniques = [...new Set([...own.techniques, ...relations.techniques])].sort();
  const tactics = [...new Set<Tactic>([...(own.tactics ?? []), ...relations.tactics])];
  const attribution = new Map<string, Attribution>();
  const ownAttributions = new Set((own.attribution ?? []).map(attributionKey));
  const given: string[] = [];
  for (const entry of relations.attribution) {
    const key = attributionKey(entry);
    if (attribution.size >= maxAttributions || attribution.has(key)) continue;
    attribution.set(key, entry);
    if (!ownAttributions.has(key)) given.push(key);
  }
  for (const entry of own.attribution ?? [])
    if (attribution.size < maxAttributions && !attribution.has(attributionKey(entry)))
      attribution.set(attributionKey(entry), entry);
  const fromRelationships = {
    techniques: relations.techniques.filter((technique) => !ownTechniques.has(technique)),
    tactics: relations.tactics.filter((tactic) => !ownTactics.has(tactic)),
    attributions: given,
  };
  const { techniques: _t, tactics: _c, attribution: _a, fromRelationships: _f, ...rest } = indicator;
  const hasGiven =
    fromRelationships.techniques.length + fromRelationships.tactics.length + fromRelationships.attributions.length > 0;
  return {
    ...rest,
    techniques,
    ...(tactics.length > 0 ? { tactics } : {}),
    ...(attribution.size > 0 ? { attribution: [...attribution.values()] } : {}),
    ...(hasGiven ? { fromRelationships } : {}),
  };
}

/**
 * The indicators with what `objects` (the context of every source known: each object's newest
 * version) says about them. An indicator no relationship in the context names is returned as it
 * was (the same object, so a caller can tell what changed). One a relationship names, revoked or
 * not, is its own fields joined with the walk over the context: what earlier joins gave it is
 * recomputed, so a relationship revoked (or a newer version pointing elsewhere, or a revoked
 * intrusion set) takes back the attribution it gave. What an indicator stored before its joins
 * were recorded (`fromRelationships`) has is kept as its own.
 */
export function joinIndicatorRelations(indicators: readonly Indicator[], objects: readonly StixObject[]): Indicator[] {
  const named = relatedIndicatorIds(objects, { revoked: true });
  if (named.size === 0) return [...indicators];
  const graph = stixRelationshipGraph(objects);
  return indicators.map((indicator) => {
    if (!named.has(indicator.id)) return indicator;
    const relations = graph.relationsOf({ type: 'indicator', id: indicator.id } as StixObject);
    const joined = withRelations(indicator, ownPartOf(indicator), relations);
    return JSON.stringify(joined) === JSON.stringify(indicator) ? indicator : joined;
  });
}
