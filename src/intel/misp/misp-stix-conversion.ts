import type { ObservableType } from '../../core/index.js';
import { addressTypeOfPath, observableTypeOfPath } from '../pattern/observable-paths.js';
import { parsePattern } from '../pattern/parse-pattern.js';
import { tlp2MarkingIdByLevel } from '../stix/stix-markings.js';
import type { StixObject } from '../stix/stix-object.js';
import { uuidV5 } from '../stix/uuid-v5.js';
import { mispAttributeToPattern, mispRuleTypes } from './misp-attribute-types.js';
import { mispAttributeSchema, mispEventSchema, mispObjectSchema } from './misp-schemas.js';
import { tlpOfTags } from './misp-tags.js';

const stixTime = (seconds: number | undefined) => new Date((seconds ?? 0) * 1000).toISOString();

/** A MISP attribute as carried through STIX custom properties. */
interface CarriedAttribute {
  uuid: string;
  type: string;
  category?: string;
  value: string;
  to_ids: boolean;
  comment?: string;
  object_relation?: string;
  timestamp?: number;
}

/**
 * MISP event → STIX 2.1 objects: an identity for the creator org, a report for
 * the event (tags as labels, TLP as marking), an indicator per `to_ids` attribute
 * (id `indicator--<attribute uuid>`, pattern from the type), and every other
 * attribute as an `x-misp-attribute` custom object so nothing is lost.
 * MISP type, category, value and object are kept in `x_misp_*` properties.
 */
export function mispEventToStix(raw: unknown): StixObject[] {
  const event = mispEventSchema.parse(raw);
  const eventUuid = event.uuid ?? uuidV5(`misp-event|${event.info}|${event.date ?? ''}`);
  const created = stixTime(event.timestamp);
  const tlp = tlpOfTags(event.Tag);
  const markings = tlp ? { object_marking_refs: [tlp2MarkingIdByLevel[tlp]] } : {};
  const identityId = `identity--${event.Orgc?.uuid ?? uuidV5(`misp-org|${event.Orgc?.name ?? 'unknown'}`)}`;
  const objects: StixObject[] = [
    {
      type: 'identity',
      spec_version: '2.1',
      id: identityId,
      created,
      modified: created,
      name: event.Orgc?.name ?? 'unknown',
      identity_class: 'organization',
    },
  ];
  const references: string[] = [];
  const carry = (value: unknown, objectName?: string, objectUuid?: string): void => {
    const parsed = mispAttributeSchema.safeParse(value);
    if (!parsed.success) return;
    const attribute = parsed.data;
    const uuid = attribute.uuid ?? uuidV5(`${eventUuid}|${attribute.type}|${attribute.value}`);
    const carried = {
      x_misp_type: attribute.type,
      ...(attribute.category ? { x_misp_category: attribute.category } : {}),
      x_misp_value: attribute.value,
      ...(attribute.comment ? { x_misp_comment: attribute.comment } : {}),
      ...(attribute.object_relation ? { x_misp_object_relation: attribute.object_relation } : {}),
      ...(objectName ? { x_misp_object_name: objectName, x_misp_object_uuid: objectUuid } : {}),
      ...(attribute.timestamp ? { x_misp_timestamp: attribute.timestamp } : {}),
      ...(attribute.Tag.length > 0 ? { labels: attribute.Tag.map((tag) => tag.name) } : {}),
    };
    const time = attribute.timestamp ? stixTime(attribute.timestamp) : created;
    const ruleType = mispRuleTypes[attribute.type];
    const pattern = ruleType ? attribute.value : mispAttributeToPattern(attribute.type, attribute.value);
    if (attribute.to_ids && pattern) {
      const id = `indicator--${uuid}`;
      objects.push({
        type: 'indicator',
        spec_version: '2.1',
        id,
        created_by_ref: identityId,
        created: time,
        modified: time,
        pattern,
        pattern_type: ruleType ?? 'stix',
        valid_from: time,
        ...markings,
        ...carried,
      });
      references.push(id);
    } else {
      const id = `x-misp-attribute--${uuid}`;
      objects.push({
        type: 'x-misp-attribute',
        spec_version: '2.1',
        id,
        created: time,
        modified: time,
        x_misp_to_ids: attribute.to_ids,
        ...markings,
        ...carried,
      });
      references.push(id);
    }
  };
  for (const attribute of event.Attribute) carry(attribute);
  for (const rawObject of event.Object) {
    const object = mispObjectSchema.safeParse(rawObject);
    if (object.success)
      for (const attribute of object.data.Attribute) carry(attribute, object.data.name, object.data.uuid);
  }
  objects.push({
    type: 'report',
    spec_version: '2.1',
    id: `report--${eventUuid}`,
    created_by_ref: identityId,
    created,
    modified: created,
    name: event.info || '(untitled MISP event)',
    published: stixTime(event.publish_timestamp || event.timestamp),
    report_types: ['misp-event'],
    object_refs: references.length > 0 ? references : [identityId],
    labels: event.Tag.map((tag) => tag.name),
    ...markings,
    ...(event.threat_level_id ? { x_misp_threat_level_id: event.threat_level_id } : {}),
    ...(event.analysis !== undefined ? { x_misp_analysis: event.analysis } : {}),
    ...(event.date ? { x_misp_date: event.date } : {}),
  });
  return objects;
}

const mispTypeByObservable: Partial<Record<ObservableType, string>> = {
  'ipv4-addr': 'ip-dst',
  'ipv6-addr': 'ip-dst',
  'domain-name': 'domain',
  url: 'url',
  'email-addr': 'email',
  md5: 'md5',
  sha1: 'sha1',
  sha256: 'sha256',
  sha512: 'sha512',
  'file-name': 'filename',
  'windows-registry-key': 'regkey',
  'user-account': 'target-user',
  'mac-addr': 'mac-address',
};

/**
 * STIX objects → one MISP event: the report gives info, uuid and tags; indicators
 * and `x-misp-attribute` objects become attributes (objects regrouped by
 * `x_misp_object_uuid`). Indicators from other producers become attributes when
 * their pattern is a single equality on a known path (to_ids true).
 */
export function stixToMispEvent(objects: readonly StixObject[]): { Event: Record<string, unknown> } {
  const report = objects.find((object) => object.type === 'report');
  const identity = objects.find((object) => object.type === 'identity');
  const attributes: Record<string, unknown>[] = [];
  const grouped = new Map<string, { name: string; Attribute: Record<string, unknown>[] }>();
  for (const object of objects) {
    let attribute: CarriedAttribute | undefined;
    if (object.type === 'indicator' || object.type === 'x-misp-attribute') attribute = carriedAttribute(object);
    if (!attribute) continue;
    const misp = {
      uuid: attribute.uuid,
      type: attribute.type,
      ...(attribute.category ? { category: attribute.category } : {}),
      value: attribute.value,
      to_ids: attribute.to_ids,
      ...(attribute.comment ? { comment: attribute.comment } : {}),
      ...(attribute.object_relation ? { object_relation: attribute.object_relation } : {}),
      ...(attribute.timestamp ? { timestamp: String(attribute.timestamp) } : {}),
      ...(Array.isArray(object.labels) ? { Tag: (object.labels as string[]).map((name) => ({ name })) } : {}),
    };
    const objectUuid = typeof object.x_misp_object_uuid === 'string' ? object.x_misp_object_uuid : undefined;
    if (objectUuid) {
      const group = grouped.get(objectUuid) ?? { name: String(object.x_misp_object_name), Attribute: [] };
      group.Attribute.push(misp);
      grouped.set(objectUuid, group);
    } else attributes.push(misp);
  }
  return {
    Event: {
      ...(report ? { uuid: report.id.slice('report--'.length) } : {}),
      info: typeof report?.name === 'string' ? report.name : 'Imported from STIX',
      ...(typeof report?.x_misp_date === 'string' ? { date: report.x_misp_date } : {}),
      ...(report?.x_misp_threat_level_id !== undefined
        ? { threat_level_id: String(report.x_misp_threat_level_id) }
        : {}),
      ...(report?.x_misp_analysis !== undefined ? { analysis: String(report.x_misp_analysis) } : {}),
      ...(typeof report?.created === 'string'
        ? { timestamp: String(Math.floor(Date.parse(report.created) / 1000)) }
        : {}),
      ...(identity ? { Orgc: { name: identity.name, uuid: identity.id.slice('identity--'.length) } } : {}),
      Tag: Array.isArray(report?.labels) ? (report.labels as string[]).map((name) => ({ name })) : [],
      Attribute: attributes,
      Object: [...grouped].map(([uuid, group]) => ({ uuid, name: group.name, Attribute: group.Attribute })),
    },
  };
}

function carriedAttribute(object: StixObject): CarriedAttribute | undefined {
  const uuid = object.id.slice(object.id.indexOf('--') + 2);
  if (typeof object.x_misp_type === 'string' && typeof object.x_misp_value === 'string') {
    return {
      uuid,
      type: object.x_misp_type,
      value: object.x_misp_value,
      to_ids: object.type === 'indicator' ? true : object.x_misp_to_ids === true,
      ...(typeof object.x_misp_category === 'string' ? { category: object.x_misp_category } : {}),
      ...(typeof object.x_misp_comment === 'string' ? { comment: object.x_misp_comment } : {}),
      ...(typeof object.x_misp_object_relation === 'string' ? { object_relation: object.x_misp_object_relation } : {}),
      ...(typeof object.x_misp_timestamp === 'number' ? { timestamp: object.x_misp_timestamp } : {}),
    };
  }
  if (object.type !== 'indicator' || object.pattern_type !== 'stix' || typeof object.pattern !== 'string')
    return undefined;
  try {
    const root = parsePattern(object.pattern).root;
    if (root.kind !== 'observation' || root.comparison.kind !== 'comparison' || root.comparison.operator !== '=')
      return undefined;
    const literal = root.comparison.value;
    if (Array.isArray(literal) || literal.kind !== 'string') return undefined;
    const observable =
      observableTypeOfPath(root.comparison.path) ?? addressTypeOfPath(root.comparison.path, literal.value);
    const type = observable ? mispTypeByObservable[observable] : undefined;
    return type ? { uuid, type, value: literal.value, to_ids: true } : undefined;
  } catch {
    return undefined;
  }
}
