/**
 * An incident as a STIX 2.1 bundle that the OASIS validator accepts in `--strict` and `--interop`
 * modes: the producer identity, Vigil's extension definition (Vigil's own properties travel in
 * it), the incident, its indicators (those it matched and those it taught; a third-party
 * indicator keeps its own id and is attributed to an identity of its source, never to Vigil),
 * their sightings, attack-patterns named as in ATT&CK with their ATT&CK reference and the
 * catalogue's kill-chain phases (the stages' tactics when no catalogue is given), a course-of-action per planned action that `mitigates` only the
 * techniques its evidence shows it addresses, and a report that lists everything. Every object
 * names its producer (`created_by_ref`) and carries the TLP 2.0 marking of its level. Ids of the
 * objects Vigil writes are UUIDv4-form ids derived from the incident, so exports are reproducible.
 */
import type { Indicator, Tlp } from '../../core/index.js';
import type { AttackCatalog } from '../../detect/index.js';
import {
  indicatorToStix,
  type StixObject,
  uuidV4From,
  vigilExtensionDefinition,
  vigilIdentity,
  vigilProperties,
} from '../../intel/index.js';
import { isLearnedSource } from '../learn-indicators.js';
import type { IncidentPackage } from './incident-package.js';

const tlpMarkings: Readonly<Record<Tlp, string>> = {
  clear: 'marking-definition--94868c89-83c2-464b-929b-a1a8aa3c8487',
  green: 'marking-definition--bab4a63c-aed9-4cf5-a766-dfca5abac2bb',
  amber: 'marking-definition--55d920b0-5e8b-4f79-9ee9-91f868d9b421',
  'amber+strict': 'marking-definition--939a9414-2ddd-4d32-a0cd-375ea402b003',
  red: 'marking-definition--e828b379-4e03-4974-9ac4-e53a884c97c1',
};

export interface StixExportOptions {
  /** Name of the organisation sharing (the identity). Default `Vigil`. */
  producer?: string;
  /** Creation time of the objects; default the incident's last sighting, so exports are reproducible. */
  created?: string;
  /** ATT&CK, for technique names and kill-chain phases; without it names come from the reasoning and phases are left out. */
  attack?: Pick<AttackCatalog, 'technique'> | undefined;
}

export function incidentToStixBundle(
  pack: IncidentPackage,
  options: StixExportOptions = {},
): { type: 'bundle'; id: string; objects: StixObject[] } {
  const { incident } = pack;
  const created = options.created ?? incident.lastSeen;
  const producer = options.producer ?? 'Vigil';
  const identityId = `identity--${uuidV4From(`vigil-identity:${producer}`)}`;
  const idOf = (type: string, name: string) => `${type}--${uuidV4From(`${incident.id}|${type}|${name}`)}`;
  const common = (tlp: Tlp, by: string = identityId) => ({
    spec_version: '2.1',
    created,
    modified: created,
    created_by_ref: by,
    object_marking_refs: [tlpMarkings[tlp]],
  });
  const incidentId = idOf('incident', 'incident');
  const objects: StixObject[] = [];
  const relationships: StixObject[] = [];
  const relate = (source: string, type: string, target: string) =>
    relationships.push({
      type: 'relationship',
      id: idOf('relationship', `${source}|${type}|${target}`),
      ...common(pack.tlp),
      relationship_type: type,
      source_ref: source,
      target_ref: target,
    } as StixObject);

  objects.push(
    {
      type: 'identity',
      spec_version: '2.1',
      id: identityId,
      created_by_ref: identityId,
      created,
      modified: created,
      name: producer,
      identity_class: 'organization',
    } as StixObject,
    vigilIdentity,
    vigilExtensionDefinition,
  );
  objects.push({
    type: 'incident',
    id: incidentId,
    ...common(pack.tlp),
    name: incident.title,
    description:
      [
        pack.plan?.summary,
        pack.sequence
          ? `Current stage: ${pack.sequence.currentStage}; confidence ${pack.sequence.confidence}.`
          : undefined,
      ]
        .filter(Boolean)
        .join(' ') || incident.title,
    external_references: [{ source_name: 'vigil', external_id: incident.id }],
    ...vigilProperties({
      severity: incident.severity,
      stages: incident.stages
        .map((stage) => stage.tactic)
        .filter((tactic) => tactic !== 'unknown' && tactic !== 'other')
        .join(' '),
    }),
  } as StixObject);

  const names = new Map((pack.sequence?.techniques ?? []).map((technique) => [technique.id, technique.name]));
  const patternIds = new Map<string, string>();
  for (const technique of incident.techniques) {
    const id = idOf('attack-pattern', technique);
    patternIds.set(technique, id);
    const known = options.attack?.technique(technique);
    // the catalogue's tactics; without a catalogue, the tactics of the stages that show the technique
    const tactics = known
      ? known.tactics
      : [
          ...new Set(
            incident.stages.filter((stage) => stage.techniques.includes(technique)).map((stage) => stage.tactic),
          ),
        ].filter((tactic) => tactic !== 'unknown' && tactic !== 'other');
    objects.push({
      type: 'attack-pattern',
      id,
      ...common('clear'),
      name: known?.name ?? names.get(technique) ?? technique,
      external_references: [{ source_name: 'mitre-attack', external_id: technique }],
      ...(tactics.length > 0
        ? { kill_chain_phases: tactics.map((phase_name) => ({ kill_chain_name: 'mitre-attack', phase_name })) }
        : {}),
    } as StixObject);
    relate(id, 'related-to', incidentId);
  }

  const sourceIdentities = new Map<string, string>();
  const producerOf = (indicator: Indicator): string => {
    if (isLearnedSource(indicator.source)) return identityId;
    const existing = sourceIdentities.get(indicator.source);
    if (existing) return existing;
    const id = `identity--${uuidV4From(`vigil-source:${indicator.source}`)}`;
    sourceIdentities.set(indicator.source, id);
    objects.push({
      type: 'identity',
      spec_version: '2.1',
      id,
      created_by_ref: identityId,
      created,
      modified: created,
      name: indicator.source.slice(0, 250),
      description: 'The source Vigil received this intelligence from',
      identity_class: 'unknown',
    } as StixObject);
    return id;
  };
  for (const indicator of pack.indicators) {
    const converted = indicatorToStix(indicator, indicator.validFrom ?? created);
    if (!converted) continue;
    const stix = {
      ...converted,
      name:
        converted.name ??
        (indicator.value ? `${indicator.type ?? 'value'}: ${indicator.value}` : String(converted.pattern)).slice(
          0,
          250,
        ),
      description: converted.description ?? `Matched or learned in incident ${incident.id}; from ${indicator.source}.`,
      created_by_ref: producerOf(indicator),
      indicator_types: ['malicious-activity'],
    } as StixObject;
    objects.push(stix);
    relate(stix.id, 'related-to', incidentId);
    for (const technique of indicator.techniques) {
      const target = patternIds.get(technique);
      if (target) relate(stix.id, 'indicates', target);
    }
    const sighting = pack.sightings.find((item) => item.indicatorId === indicator.id);
    if (sighting) {
      objects.push({
        type: 'sighting',
        id: idOf('sighting', stix.id),
        ...common(indicator.tlp),
        sighting_of_ref: stix.id,
        first_seen: sighting.firstSeen,
        last_seen: sighting.lastSeen,
        count: sighting.count,
        where_sighted_refs: [identityId],
      } as StixObject);
    }
  }

  // A technique is addressed by an action when a stage that shows the technique shares evidence with the action.
  const evidenceKey = (item: { kind: string; id: string }) => `${item.kind}:${item.id}`;
  const techniqueEvidence = new Map<string, Set<string>>();
  for (const stage of incident.stages)
    for (const technique of stage.techniques) {
      const set = techniqueEvidence.get(technique) ?? new Set<string>();
      for (const item of stage.evidence) set.add(evidenceKey(item));
      techniqueEvidence.set(technique, set);
    }
  for (const action of pack.plan?.actions ?? []) {
    const id = idOf('course-of-action', action.id);
    objects.push({
      type: 'course-of-action',
      id,
      ...common(pack.tlp),
      name: `${action.actionType} ${action.target.kind}:${action.target.value}`.slice(0, 250),
      description: `${action.rationale}${action.expectedEffect ? ` Expected effect: ${action.expectedEffect}` : ''}`,
      ...vigilProperties({ risk: action.risk }),
    } as StixObject);
    relate(id, 'related-to', incidentId);
    const evidence = new Set(action.evidence.map(evidenceKey));
    for (const [technique, target] of patternIds) {
      const shown = techniqueEvidence.get(technique);
      if (shown && [...evidence].some((item) => shown.has(item))) relate(id, 'mitigates', target);
    }
  }

  objects.push(...relationships);
  const report: StixObject = {
    type: 'report',
    id: idOf('report', 'report'),
    ...common(pack.tlp),
    name: incident.title,
    description: `Incident ${incident.id} shared by ${producer}.`,
    report_types: ['threat-report'],
    published: created,
    object_refs: objects.filter((object) => object.type !== 'identity').map((object) => object.id),
  } as StixObject;
  objects.push(report);
  return { type: 'bundle', id: `bundle--${uuidV4From(`vigil-bundle:${incident.id}:${created}`)}`, objects };
}
