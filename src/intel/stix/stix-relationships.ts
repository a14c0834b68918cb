/**
 * What a STIX bundle's relationships say about an indicator: the ATT&CK techniques it indicates, the
 * tactics its source names (kill-chain phases, command-and-control infrastructure), and who or what
 * is behind it (the malware, tool, intrusion set, threat actor or campaign it indicates, and what
 * those are attributed to or used by), each with the techniques the bundle says it uses. The walk is
 * bounded: a few hops from the indicator, a fixed number of attributions per indicator.
 */
import type { Attribution, Tactic } from '../../core/index.js';
import { tacticsOfKillChainPhases, tacticsOfTypes } from './stix-kill-chain.js';
import type { StixObject } from './stix-object.js';

const techniqueShape = /^T\d{4}(\.\d{3})?$/;
const attackIdShape = /^[GSC]\d{4}$/;
const attributedKinds = new Set<Attribution['kind']>(['intrusion-set', 'threat-actor', 'malware', 'tool', 'campaign']);
/** Objects visited along a path from the indicator (infrastructure → campaign → intrusion set → threat actor is four). */
const maxHops = 4;
/** Attributions kept per indicator. */
const maxAttributions = 20;

interface Edge {
  type: string;
  other: string;
}

/** What the relationships say about one indicator. */
export interface IndicatorRelations {
  techniques: string[];
  tactics: Tactic[];
  attribution: Attribution[];
}

export interface StixRelationshipGraph {
  relationsOf(indicator: StixObject): IndicatorRelations;
}

/** An object's version time (`modified`, else `created`), as STIX orders versions. */
function versionOf(object: StixObject): number {
  const time = Date.parse(
    typeof object.modified === 'string' ? object.modified : typeof object.created === 'string' ? object.created : '',
  );
  return Number.isFinite(time) ? time : Number.NEGATIVE_INFINITY;
}

/** Indexes the objects and relationships of one set of STIX objects (each object's newest version). */
export function stixRelationshipGraph(objects: readonly StixObject[]): StixRelationshipGraph {
  const byId = new Map<string, StixObject>();
  const outgoing = new Map<string, Edge[]>();
  const incoming = new Map<string, Edge[]>();
  const push = (map: Map<string, Edge[]>, key: string, edge: Edge) => {
    const list = map.get(key);
    if (list) list.push(edge);
    else map.set(key, [edge]);
  };
  // Each object's newest version counts; a revoked one (relationship or SDO) says nothing any more.
  const newest = new Map<string, StixObject>();
  for (const object of objects) {
    const known = newest.get(object.id);
    if (!known || versionOf(object) >= versionOf(known)) newest.set(object.id, object);
  }
  for (const object of newest.values()) {
    if (object.revoked === true) continue;
    byId.set(object.id, object);
    if (object.type !== 'relationship') continue;
    if (typeof object.source_ref !== 'string' || typeof object.target_ref !== 'string') continue;
    const type = String(object.relationship_type);
    push(outgoing, object.source_ref, { type, other: object.target_ref });
    push(incoming, object.target_ref, { type, other: object.source_ref });
  }
  /** The techniques an object `uses`, and the tactics the attack-patterns' kill-chain phases place them in. */
  const usedTechniques = (id: string): { techniques: string[]; tactics: Record<string, Tactic[]> } => {
    const found = new Set<string>();
    const tactics: Record<string, Tactic[]> = {};
    for (const edge of outgoing.get(id) ?? []) {
      const target = byId.get(edge.other);
      if (edge.type !== 'uses' || target?.type !== 'attack-pattern') continue;
      const phases = tacticsOfKillChainPhases(target.kill_chain_phases);
      for (const technique of techniquesOfReferences(target)) {
        found.add(technique);
        if (phases.length > 0) tactics[technique] = [...new Set([...(tactics[technique] ?? []), ...phases])];
      }
    }
    return { techniques: [...found].sort(), tactics };
  };

  return {
    relationsOf(indicator) {
      const techniques = new Set(techniquesOfReferences(indicator));
      const tactics = new Set<Tactic>(tacticsOfKillChainPhases(indicator.kill_chain_phases));
      const attribution = new Map<string, Attribution>();
      const visited = new Set<string>([indicator.id]);
      let frontier: { id: string; via: string }[] = [];
      for (const edge of outgoing.get(indicator.id) ?? []) {
        if (edge.type !== 'indicates') continue;
        const target = byId.get(edge.other);
        if (!target) continue;
        if (target.type === 'attack-pattern') {
          for (const technique of techniquesOfReferences(target)) techniques.add(technique);
          for (const tactic of tacticsOfKillChainPhases(target.kill_chain_phases)) tactics.add(tactic);
          continue;
        }
        if (target.type === 'infrastructure')
          for (const tactic of tacticsOfTypes(target.infrastructure_types)) tactics.add(tactic);
        frontier.push({ id: target.id, via: `STIX: indicator indicates ${describe(target)}` });
      }
      for (let hop = 0; hop < maxHops && frontier.length > 0; hop++) {
        const next: { id: string; via: string }[] = [];
        for (const { id, via } of frontier) {
          if (visited.has(id)) continue;
          visited.add(id);
          const object = byId.get(id);
          if (!object) continue;
          const entry = attributionOf(object, via, usedTechniques(id));
          if (entry && attribution.size < maxAttributions && !attribution.has(id)) attribution.set(id, entry);
          for (const neighbour of neighboursOf(object, outgoing.get(id) ?? [], incoming.get(id) ?? [], byId))
            if (!visited.has(neighbour.object.id))
              next.push({ id: neighbour.object.id, via: `${via}; ${neighbour.how}` });
        }
        frontier = next;
      }
      return { techniques: [...techniques].sort(), tactics: [...tactics], attribution: [...attribution.values()] };
    },
  };
}

/**
 * Who stands behind an object, by the STIX 2.1 relationship vocabulary: what it is attributed to or
 * authored by, who uses it (an intrusion set using a malware), and for infrastructure the malware it
 * controls or that beacons to it.
 */
function neighboursOf(
  object: StixObject,
  out: readonly Edge[],
  into: readonly Edge[],
  byId: ReadonlyMap<string, StixObject>,
): { object: StixObject; how: string }[] {
  const found: { object: StixObject; how: string }[] = [];
  for (const edge of out) {
    const target = byId.get(edge.other);
    if (!target) continue;
    if (
      ((edge.type === 'attributed-to' || edge.type === 'authored-by') && isAttributable(target.type)) ||
      (object.type === 'infrastructure' && edge.type === 'controls' && isAttributable(target.type))
    )
      found.push({ object: target, how: `${describe(object)} ${edge.type} ${describe(target)}` });
  }
  for (const edge of into) {
    const source = byId.get(edge.other);
    if (!source || !isAttributable(source.type)) continue;
    const usedBy = edge.type === 'uses' && ['malware', 'tool', 'infrastructure'].includes(object.type);
    const reachesInfrastructure =
      object.type === 'infrastructure' && ['beacons-to', 'exfiltrates-to', 'controls', 'uses'].includes(edge.type);
    if (usedBy || reachesInfrastructure)
      found.push({ object: source, how: `${describe(source)} ${edge.type} ${describe(object)}` });
  }
  return found;
}

function isAttributable(type: string): type is Attribution['kind'] {
  return attributedKinds.has(type as Attribution['kind']);
}

function attributionOf(
  object: StixObject,
  via: string,
  used: { techniques: string[]; tactics: Record<string, Tactic[]> },
): Attribution | undefined {
  const { techniques } = used;
  if (!isAttributable(object.type)) return undefined;
  const name = typeof object.name === 'string' ? object.name.trim().slice(0, 200) : '';
  if (!name) return undefined;
  const attackId = attackIdOf(object);
  return {
    kind: object.type,
    name,
    ...(attackId ? { attackId } : {}),
    via: via.slice(0, 300),
    ...(techniques.length > 0 ? { techniques: techniques.slice(0, 1000) } : {}),
    ...(Object.keys(used.tactics).length > 0 ? { techniqueTactics: used.tactics } : {}),
  };
}

function describe(object: StixObject): string {
  const name = typeof object.name === 'string' ? ` "${object.name.slice(0, 60)}"` : '';
  return `${object.type}${name}`;
}

function references(object: StixObject): { source_name?: unknown; external_id?: unknown }[] {
  return Array.isArray(object.external_references)
    ? object.external_references.filter((item): item is Record<string, unknown> => typeof item === 'object' && !!item)
    : [];
}

export function techniquesOfReferences(object: StixObject): string[] {
  return references(object)
    .filter(
      (reference) =>
        String(reference.source_name ?? '').startsWith('mitre-') && typeof reference.external_id === 'string',
    )
    .map((reference) => String(reference.external_id))
    .filter((id) => techniqueShape.test(id));
}

function attackIdOf(object: StixObject): string | undefined {
  const reference = references(object).find(
    (item) =>
      String(item.source_name ?? '').startsWith('mitre-') &&
      typeof item.external_id === 'string' &&
      attackIdShape.test(item.external_id),
  );
  return reference ? String(reference.external_id) : undefined;
}
