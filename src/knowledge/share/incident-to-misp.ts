/**
 * An incident as a MISP event that Vigil's own importer (`importIntel`) reads back without loss:
 * each indicator an attribute whose uuid is the indicator's, with its TLP, its techniques as
 * MITRE ATT&CK galaxy tags, its confidence as a `vigil:confidence` tag (MISP has no per-attribute
 * confidence), its labels as tags, and its sightings as MISP sightings.
 */
import type { Indicator, ObservableType, Severity } from '../../core/index.js';
import type { AttackCatalog } from '../../detect/index.js';
import { uuidV4From, uuidV5 } from '../../intel/index.js';
import type { IncidentPackage } from './incident-package.js';

const mispTypes: Partial<Record<ObservableType, { type: string; category: string }>> = {
  'ipv4-addr': { type: 'ip-dst', category: 'Network activity' },
  'ipv6-addr': { type: 'ip-dst', category: 'Network activity' },
  'domain-name': { type: 'domain', category: 'Network activity' },
  hostname: { type: 'hostname', category: 'Network activity' },
  url: { type: 'url', category: 'Network activity' },
  md5: { type: 'md5', category: 'Payload delivery' },
  sha1: { type: 'sha1', category: 'Payload delivery' },
  sha256: { type: 'sha256', category: 'Payload delivery' },
  'user-account': { type: 'target-user', category: 'Targeting data' },
  'email-addr': { type: 'email', category: 'Payload delivery' },
};

const threatLevel: Record<Severity, string> = {
  critical: '1',
  high: '1',
  medium: '2',
  low: '3',
  informational: '4',
} as Record<Severity, string>;

/** The uuid part of an indicator id (`indicator--<uuid>`), or a UUIDv5 of the id. */
const uuidOf = (id: string) => (/^indicator--[0-9a-f-]{36}$/i.test(id) ? id.slice('indicator--'.length) : uuidV5(id));

export const confidenceTag = (confidence: number): string => `vigil:confidence="${Math.round(confidence)}"`;

/** Reads the confidence back from labels written by `confidenceTag`. */
export function confidenceOfLabels(labels: readonly string[]): number | undefined {
  for (const label of labels) {
    const match = /^vigil:confidence="(\d{1,3})"$/.exec(label);
    if (match) return Number(match[1]);
  }
  return undefined;
}

/** Names techniques for galaxy tags: the catalogue first, then the reasoning's names. */
type TechniqueNames = (id: string) => string | undefined;

/**
 * The MITRE ATT&CK galaxy tag of a technique, with the cluster value MISP's galaxy uses
 * (`LSASS Memory - T1003.001`); the bare id when no name is known (it matches no cluster, but
 * Vigil's importer still reads the technique from it).
 */
export function attackGalaxyTag(technique: string, names: TechniqueNames): string {
  const name = names(technique);
  return `misp-galaxy:mitre-attack-pattern="${name ? `${name} - ${technique}` : technique}"`;
}

function attributeOf(indicator: Indicator, pack: IncidentPackage, names: TechniqueNames) {
  const mapping = indicator.type ? mispTypes[indicator.type] : undefined;
  if (!mapping || indicator.value === undefined) return undefined;
  const sighting = pack.sightings.find((item) => item.indicatorId === indicator.id);
  const seconds = String(Math.floor(Date.parse(sighting?.lastSeen ?? pack.incident.lastSeen) / 1000));
  return {
    uuid: uuidOf(indicator.id),
    type: mapping.type,
    category: mapping.category,
    value: indicator.value,
    to_ids: true,
    ...(indicator.description ? { comment: indicator.description } : {}),
    timestamp: seconds,
    Tag: [
      { name: `tlp:${indicator.tlp}` },
      { name: confidenceTag(indicator.confidence) },
      ...indicator.techniques.map((technique) => ({ name: attackGalaxyTag(technique, names) })),
      ...indicator.labels
        .filter((label) => !label.startsWith('vigil:confidence=') && !/^misp-galaxy:/i.test(label))
        .map((name) => ({ name })),
    ],
    Sighting: Array.from({ length: Math.min(sighting?.count ?? 0, 100) }, () => ({
      type: '0',
      date_sighting: seconds,
      source: 'vigil',
    })),
  };
}

export function incidentToMispEvent(
  pack: IncidentPackage,
  options: { producer?: string; attack?: Pick<AttackCatalog, 'technique'> | undefined } = {},
): { Event: Record<string, unknown> } {
  const { incident } = pack;
  const reasoned = new Map((pack.sequence?.techniques ?? []).map((technique) => [technique.id, technique.name]));
  const names: TechniqueNames = (id) => options.attack?.technique(id)?.name ?? reasoned.get(id);
  const attributes = pack.indicators.flatMap((indicator) => attributeOf(indicator, pack, names) ?? []);
  const producer = options.producer ?? 'Vigil';
  return {
    Event: {
      uuid: uuidV5(`vigil-incident:${incident.id}`),
      info: incident.title,
      date: incident.firstSeen.slice(0, 10),
      threat_level_id: threatLevel[incident.severity] ?? '4',
      analysis: '2',
      published: false,
      timestamp: String(Math.floor(Date.parse(incident.lastSeen) / 1000)),
      // MISP's feed tools need the creator organisation's uuid
      Orgc: { name: producer, uuid: uuidV4From(`vigil-organisation:${producer}`) },
      Tag: [
        { name: `tlp:${pack.tlp}` },
        ...incident.techniques.map((technique) => ({ name: attackGalaxyTag(technique, names) })),
        { name: `vigil:incident="${incident.id}"` },
      ],
      Attribute: attributes,
      Object: [],
    },
  };
}
