/**
 * An incident as a STIX 2.1 bundle: the incident, the identity that produced it, indicators
 * (learned or matched), their sightings, observed-data with its SCOs, attack-patterns for the
 * techniques, a course-of-action per planned action, relationships, and a report that lists them
 * all. Every object carries the TLP 2.0 marking of its level. Ids are deterministic (UUIDv5).
 */
import type { Tlp } from '../../core/index.js';
import { indicatorToStix, type StixObject, stixObservableId, uuidV5 } from '../../intel/index.js';
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
}

const scoOf = (type: string, value: string): StixObject | undefined => {
  switch (type) {
    case 'ipv4-addr':
    case 'ipv6-addr':
    case 'domain-name':
    case 'url':
      return { type, spec_version: '2.1', id: stixObservableId(type, { value }), value } as StixObject;
    case 'md5':
    case 'sha1':
    case 'sha256': {
      const algorithm = type === 'md5' ? 'MD5' : type === 'sha1' ? 'SHA-1' : 'SHA-256';
      const hashes = { [algorithm]: value };
      return { type: 'file', spec_version: '2.1', id: stixObservableId('file', { hashes }), hashes } as StixObject;
    }
    default:
      return undefined;
  }
};

export function incidentToStixBundle(
  pack: IncidentPackage,
  options: StixExportOptions = {},
): { type: 'bundle'; id: string; objects: StixObject[] } {
  const { incident } = pack;
  const created = options.created ?? incident.lastSeen;
  const producer = options.producer ?? 'Vigil';
  const marking = (tlp: Tlp) => ({ object_marking_refs: [tlpMarkings[tlp]] });
  const common = (tlp: Tlp) => ({
    spec_version: '2.1',
    created,
    modified: created,
    created_by_ref: identityId,
    ...marking(tlp),
  });
  const identityId = `identity--${uuidV5(`vigil-identity:${producer}`)}`;
  const incidentId = `incident--${uuidV5(`vigil-incident:${incident.id}`)}`;
  const objects: StixObject[] = [];
  const relationships: StixObject[] = [];
  const relate = (source: string, type: string, target: string) =>
    relationships.push({
      type: 'relationship',
      id: `relationship--${uuidV5(`${source}|${type}|${target}`)}`,
      ...common(pack.tlp),
      relationship_type: type,
      source_ref: source,
      target_ref: target,
    } as StixObject);

  objects.push({
    type: 'identity',
    spec_version: '2.1',
    id: identityId,
    created,
    modified: created,
    name: producer,
    identity_class: 'organization',
  } as StixObject);
  const phases = incident.stages
    .map((stage) => ({ kill_chain_name: 'mitre-attack', phase_name: stage.tactic }))
    .filter((phase) => phase.phase_name !== 'unknown' && phase.phase_name !== 'other');
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
    ...(phases.length > 0 ? { kill_chain_phases: phases } : {}),
    external_references: [{ source_name: 'vigil', external_id: incident.id }],
    x_vigil_severity: incident.severity,
  } as StixObject);

  const names = new Map((pack.sequence?.techniques ?? []).map((technique) => [technique.id, technique.name]));
  const tacticsOf = new Map<string, string[]>();
  for (const stage of incident.stages)
    for (const technique of stage.techniques)
      tacticsOf.set(technique, [...(tacticsOf.get(technique) ?? []), stage.tactic]);
  const patternIds = new Map<string, string>();
  for (const technique of incident.techniques) {
    const id = `attack-pattern--${uuidV5(`mitre-attack:${technique}`)}`;
    patternIds.set(technique, id);
    const techniquePhases = (tacticsOf.get(technique) ?? []).filter(
      (tactic) => tactic !== 'unknown' && tactic !== 'other',
    );
    objects.push({
      type: 'attack-pattern',
      id,
      ...common('clear'),
      name: names.get(technique) ?? technique,
      external_references: [
        {
          source_name: 'mitre-attack',
          external_id: technique,
          url: `https://attack.mitre.org/techniques/${technique.replace('.', '/')}/`,
        },
      ],
      ...(techniquePhases.length > 0
        ? { kill_chain_phases: techniquePhases.map((phase_name) => ({ kill_chain_name: 'mitre-attack', phase_name })) }
        : {}),
    } as StixObject);
    relate(incidentId, 'uses', id);
  }

  for (const indicator of pack.indicators) {
    const converted = indicatorToStix(indicator, created);
    if (!converted) continue;
    const stix = { ...converted, created_by_ref: identityId, indicator_types: ['malicious-activity'] } as StixObject;
    objects.push(stix);
    relate(stix.id, 'related-to', incidentId);
    for (const technique of indicator.techniques) {
      const target = patternIds.get(technique);
      if (target) relate(stix.id, 'indicates', target);
    }
    const sco = indicator.type && indicator.value ? scoOf(indicator.type, indicator.value) : undefined;
    const sighting = pack.sightings.find((item) => item.indicatorId === indicator.id);
    let observedId: string | undefined;
    if (sco) {
      objects.push(sco);
      observedId = `observed-data--${uuidV5(`${incident.id}|${sco.id}`)}`;
      objects.push({
        type: 'observed-data',
        id: observedId,
        ...common(indicator.tlp),
        first_observed: incident.firstSeen,
        last_observed: incident.lastSeen,
        number_observed: Math.max(1, sighting?.count ?? 1),
        object_refs: [sco.id],
      } as StixObject);
      relate(observedId, 'related-to', incidentId);
    }
    if (sighting) {
      objects.push({
        type: 'sighting',
        id: `sighting--${uuidV5(`${incident.id}|${stix.id}`)}`,
        ...common(indicator.tlp),
        sighting_of_ref: stix.id,
        first_seen: sighting.firstSeen,
        last_seen: sighting.lastSeen,
        count: sighting.count,
        where_sighted_refs: [identityId],
        ...(observedId ? { observed_data_refs: [observedId] } : {}),
      } as StixObject);
    }
  }

  for (const action of pack.plan?.actions ?? []) {
    const id = `course-of-action--${uuidV5(`${incident.id}|${action.id}`)}`;
    objects.push({
      type: 'course-of-action',
      id,
      ...common(pack.tlp),
      name: `${action.actionType} ${action.target.kind}:${action.target.value}`.slice(0, 250),
      description: `${action.rationale}${action.expectedEffect ? ` Expected effect: ${action.expectedEffect}` : ''}`,
      x_vigil_risk: action.risk,
    } as StixObject);
    relate(id, 'related-to', incidentId);
    for (const technique of incident.techniques) {
      const target = patternIds.get(technique);
      if (target && action.evidence.length > 0) relate(id, 'mitigates', target);
    }
  }

  objects.push(...relationships);
  const report: StixObject = {
    type: 'report',
    id: `report--${uuidV5(`vigil-report:${incident.id}`)}`,
    ...common(pack.tlp),
    name: incident.title,
    description: `Incident ${incident.id} shared by ${producer}.`,
    report_types: ['threat-report'],
    published: created,
    object_refs: objects.filter((object) => object.id !== identityId).map((object) => object.id),
  } as StixObject;
  objects.push(report);
  return { type: 'bundle', id: `bundle--${uuidV5(`vigil-bundle:${incident.id}:${created}`)}`, objects };
}
