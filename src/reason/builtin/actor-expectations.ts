/**
 * What the attribution in the matched threat intelligence adds to an incident: the actors and
 * malware it names (stage 1's `attribution`), and the likely next steps (stage 2's `likelyNext`)
 * from the techniques they are known to use, placed by ATT&CK in the tactics after the furthest one
 * the incident has reached. Both are expectations from the intelligence, never findings: they add
 * no technique, tactic or step to the incident.
 */
import {
  type AttackSequence,
  type EvidenceRef,
  type IncidentContext,
  type Tactic,
  tacticOrder,
  tacticRank,
} from '../../core/index.js';
import type { AttributedActor } from '../knowledge/attributed-actors.js';
import type { ReasoningInput } from '../reasoner.js';

/** Techniques named per expected tactic (the rest are counted). */
const maxTechniquesPerTactic = 8;
/** Tactics the intelligence's expectations reach ahead. */
const maxExpectedTactics = 3;

const parentOf = (technique: string) => technique.split('.')[0]!;

function indicatorEvidence(actor: AttributedActor): EvidenceRef[] {
  return actor.indicatorIds.slice(0, 10).map((id) => ({ kind: 'indicator' as const, id }));
}

function label(actor: AttributedActor): string {
  return `${actor.kind} ${actor.name}${actor.attackId ? ` (${actor.attackId})` : ''}`;
}

/** Stage 1: the actors, malware, tools and campaigns the matched intelligence names. */
export function attributionContext(
  input: ReasoningInput,
  observed: ReadonlySet<string>,
): NonNullable<IncidentContext['attribution']> {
  const observedParents = new Set([...observed].map(parentOf));
  return (input.actors ?? []).flatMap((actor) => {
    const evidence = indicatorEvidence(actor);
    if (evidence.length === 0) return [];
    const shared = actor.knownTechniques
      .map((known) => known.id)
      .filter((id) => observed.has(id) || observedParents.has(parentOf(id)));
    return [
      {
        kind: actor.kind,
        name: actor.name,
        ...(actor.attackId ? { attackId: actor.attackId } : {}),
        via: actor.via,
        knownTechniques: actor.knownTechniques.length,
        observedTechniques: [...new Set(shared)].sort(),
        evidence,
      },
    ];
  });
}

/**
 * Stage 2: per tactic after `furthest` (and not reached), the techniques the named actors are known
 * to use there and the incident has not shown, as expectations to hunt for. Tactics come from the
 * ATT&CK catalogue, or without one from the intelligence itself (its attack patterns' kill-chain
 * phases); techniques neither places are listed under an `unknown` tactic that says why.
 */
export function actorExpectations(
  input: ReasoningInput,
  reached: ReadonlySet<Tactic>,
  furthest: Tactic,
  observed: ReadonlySet<string>,
): AttackSequence['likelyNext'] {
  const attack = input.attack;
  const tacticsOf = (known: AttributedActor['knownTechniques'][number]): readonly Tactic[] =>
    attack ? attack.coreTacticsOf(known.id) : (known.tactics ?? []);
  const unplaced = new Map<string, { actors: Set<string>; evidence: Map<string, EvidenceRef> }>();
  const observedParents = new Set([...observed].map(parentOf));
  const byTactic = new Map<
    Tactic,
    { techniques: Map<string, number>; actors: Set<string>; evidence: Map<string, EvidenceRef> }
  >();
  for (const actor of input.actors ?? []) {
    for (const known of actor.knownTechniques) {
      if (observed.has(known.id) || observedParents.has(parentOf(known.id))) continue;
      const tactics = tacticsOf(known);
      if (tactics.length === 0 && !attack) {
        const entry = unplaced.get(known.id) ?? { actors: new Set<string>(), evidence: new Map<string, EvidenceRef>() };
        entry.actors.add(label(actor));
        for (const reference of indicatorEvidence(actor)) entry.evidence.set(reference.id, reference);
        unplaced.set(known.id, entry);
      }
      for (const tactic of tactics) {
        if (!(tacticOrder as readonly string[]).includes(tactic) || reached.has(tactic)) continue;
        if (furthest !== 'unknown' && tacticRank(tactic) <= tacticRank(furthest)) continue;
        let entry = byTactic.get(tactic);
        if (!entry) {
          entry = { techniques: new Map(), actors: new Set(), evidence: new Map() };
          byTactic.set(tactic, entry);
        }
        // Known from both the intelligence and ATT&CK ranks first.
        entry.techniques.set(known.id, Math.max(entry.techniques.get(known.id) ?? 0, known.from.length));
        entry.actors.add(label(actor));
        for (const reference of indicatorEvidence(actor)) entry.evidence.set(reference.id, reference);
      }
    }
  }
  const placed = [...byTactic.entries()]
    .sort(([left], [right]) => tacticRank(left) - tacticRank(right))
    .slice(0, maxExpectedTactics)
    .map(([tactic, entry]) => {
      const ranked = [...entry.techniques.entries()]
        .sort(([left, a], [right, b]) => b - a || left.localeCompare(right))
        .map(([id]) => id);
      const named = ranked.slice(0, maxTechniquesPerTactic);
      const described = named.map((id) => {
        const name = attack?.technique(id)?.name;
        return name ? `${id} ${name}` : id;
      });
      const more = ranked.length - named.length;
      return {
        tactic,
        rationale:
          `expected, not observed: ${[...entry.actors].slice(0, 3).join(', ')}, named by the matched threat intelligence, ` +
          `is known to use ${described.join(', ')}${more > 0 ? ` (+${more} more)` : ''} for ${tactic}`,
        evidence: [...entry.evidence.values()].slice(0, 10),
        techniques: named,
        basis: 'threat-intelligence' as const,
      };
    });
  return unplaced.size === 0 ? placed : [...placed, unplacedExpectation(unplaced)];
}

/** The known techniques no tactic can be given to: listed, with the reason, rather than left out. */
function unplacedExpectation(
  unplaced: ReadonlyMap<string, { actors: ReadonlySet<string>; evidence: ReadonlyMap<string, EvidenceRef> }>,
): AttackSequence['likelyNext'][number] {
  const ranked = [...unplaced.keys()].sort();
  const named = ranked.slice(0, maxTechniquesPerTactic);
  const more = ranked.length - named.length;
  const actors = new Set([...unplaced.values()].flatMap((entry) => [...entry.actors]));
  const evidence = new Map([...unplaced.values()].flatMap((entry) => [...entry.evidence]));
  return {
    tactic: 'unknown',
    rationale:
      `expected, not observed: ${[...actors].slice(0, 3).join(', ')}, named by the matched threat intelligence, ` +
      `is known to use ${named.join(', ')}${more > 0 ? ` (+${more} more)` : ''}; their tactics are unknown because ` +
      'no ATT&CK catalogue is loaded (--attack FILE or VIGIL_ATTACK_PATH) and the intelligence gives no kill-chain phase',
    evidence: [...evidence.values()].slice(0, 10),
    techniques: named,
    basis: 'threat-intelligence',
  };
}
