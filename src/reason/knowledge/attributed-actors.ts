/**
 * Who the threat intelligence says is behind an incident: the actors, malware, tools and campaigns
 * that the matched indicators are attributed to (STIX relationships, MISP galaxies), merged by
 * ATT&CK id or name, each with the techniques it is known to use (from the intelligence itself and
 * from the ATT&CK catalogue's `uses` relationships). Known techniques are expectations, never
 * findings: they feed the likely next steps, not the incident's techniques.
 */
import type { Attribution, Indicator, Tactic } from '../../core/index.js';
import type { IndicatorMatchSummary, PatternMatchSummary } from '../reasoning-input.js';

/** What ATT&CK knows about a named actor or software (an AttackCatalog fits). */
export interface ActorCatalog {
  actor(
    idOrName: string,
  ): { id: string; name: string; kind: string; techniques: readonly string[]; aliases: readonly string[] } | undefined;
  resolve(id: string): string;
}

export interface AttributedActor {
  kind: Attribution['kind'];
  name: string;
  /** ATT&CK id (G0007, S0154, C0012), from the intelligence or found in the catalogue by name or alias. */
  attackId?: string;
  /** How the intelligence ties it to the incident (relationship paths, galaxy tags). */
  via: string[];
  /** The matched indicators that name it. */
  indicatorIds: string[];
  /** The incident's events those indicators matched. */
  eventIds: string[];
  /**
   * Techniques it is known to use, where that is known from, and the tactics the intelligence
   * itself places them in (kill-chain phases of its attack patterns), for when no ATT&CK is loaded.
   */
  knownTechniques: { id: string; from: ('intelligence' | 'attack')[]; tactics?: Tactic[] }[];
}

type Known = Map<string, { from: Set<'intelligence' | 'attack'>; tactics: Set<Tactic> }>;

/** Actors named per incident; the rest are dropped (one indicator can name dozens). */
const maxActors = 10;

export function attributedActors(
  hits: readonly IndicatorMatchSummary[],
  patternMatches: readonly PatternMatchSummary[],
  indicatorOf: (id: string) => Indicator | undefined,
  attack?: ActorCatalog,
): AttributedActor[] {
  const eventsByIndicator = new Map<string, Set<string>>();
  const note = (indicatorId: string, eventIds: readonly string[]) => {
    const set = eventsByIndicator.get(indicatorId) ?? new Set<string>();
    for (const id of eventIds) set.add(id);
    eventsByIndicator.set(indicatorId, set);
  };
  for (const hit of hits) note(hit.indicatorId, [hit.eventId]);
  for (const match of patternMatches) note(match.indicatorId, match.eventIds);
  const actors = new Map<string, AttributedActor & { known: Known }>();
  for (const [indicatorId, eventIds] of [...eventsByIndicator.entries()].sort(([left], [right]) =>
    left.localeCompare(right),
  )) {
    for (const attribution of indicatorOf(indicatorId)?.attribution ?? []) {
      const catalogued = attack?.actor(attribution.attackId ?? attribution.name);
      const attackId = attribution.attackId ?? catalogued?.id;
      const key = attackId ?? `${attribution.kind}|${attribution.name.toLowerCase()}`;
      let entry = actors.get(key);
      if (!entry) {
        if (actors.size >= maxActors) continue;
        entry = {
          kind: attribution.kind,
          name: attribution.name,
          ...(attackId ? { attackId } : {}),
          via: [],
          indicatorIds: [],
          eventIds: [],
          knownTechniques: [],
          known: new Map(),
        };
        actors.set(key, entry);
        for (const technique of catalogued?.techniques ?? []) addKnown(entry.known, technique, 'attack');
      }
      if (!entry.via.includes(attribution.via) && entry.via.length < 5) entry.via.push(attribution.via);
      if (!entry.indicatorIds.includes(indicatorId)) entry.indicatorIds.push(indicatorId);
      for (const id of eventIds)
        if (!entry.eventIds.includes(id) && entry.eventIds.length < 20) entry.eventIds.push(id);
      for (const technique of attribution.techniques ?? [])
        addKnown(
          entry.known,
          attack ? attack.resolve(technique) : technique,
          'intelligence',
          attribution.techniqueTactics?.[technique],
        );
    }
  }
  return [...actors.values()].map(({ known, ...actor }) => ({
    ...actor,
    knownTechniques: [...known.entries()]
      .sort(([left], [right]) => left.localeCompare(right))
      .map(([id, { from, tactics }]) => ({
        id,
        from: [...from].sort(),
        ...(tactics.size > 0 ? { tactics: [...tactics] } : {}),
      })),
  }));
}

function addKnown(known: Known, technique: string, from: 'intelligence' | 'attack', tactics: readonly Tactic[] = []) {
  const entry = known.get(technique) ?? { from: new Set(), tactics: new Set<Tactic>() };
  entry.from.add(from);
  for (const tactic of tactics) entry.tactics.add(tactic);
  known.set(technique, entry);
}
