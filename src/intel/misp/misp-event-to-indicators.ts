import {
  type Attribution,
  type Indicator,
  indicatorSchema,
  networkType,
  type Tactic,
  type Tlp,
} from '../../core/index.js';
import { strictestTlp } from '../stix/stix-markings.js';
import { uuidV5 } from '../stix/uuid-v5.js';
import {
  mispAttributeToPattern,
  mispRuleTypes,
  mispTypeMappings,
  mispValueProblem,
  splitComposite,
} from './misp-attribute-types.js';
import {
  type MispAttribute,
  type MispEvent,
  malformedEntries,
  mispAttributeSchema,
  mispEventSchema,
  mispObjectSchema,
  mispTagSchema,
} from './misp-schemas.js';
import {
  attributionOfGalaxies,
  attributionOfTags,
  labelsOfTags,
  tacticsOfGalaxies,
  techniquesOfGalaxies,
  techniquesOfTags,
  tlpOfTags,
  uniqueAttribution,
} from './misp-tags.js';

/** A sighting carried by a MISP attribute, to replay into an index. */
export interface IntelSighting {
  indicatorId: string;
  count: number;
  /** ISO time of the latest sighting. */
  lastSeen?: string;
}

export interface MispConversion {
  event: MispEvent;
  indicators: Indicator[];
  sightings: IntelSighting[];
  /** Attributes (and objects) that could not be read, with their uuid or position. */
  problems: { objectId?: string; position: string; reason: string }[];
  /** Number of attributes read, including those inside objects. */
  attributes: number;
  /** Ids of the indicators of attributes not for detection (`to_ids` false): what an earlier import stored of them is retracted. */
  withdrawn: string[];
}

/** MISP threat levels (1 high … 4 undefined) as STIX-style confidence. */
const confidenceByThreatLevel: Record<number, number> = { 1: 85, 2: 65, 3: 40, 4: 50 };

/** Unwraps `{Event: …}`, `{response: [{Event: …}]}` or a bare event into bare events. */
export function unwrapMispEvents(document: unknown): unknown[] {
  if (Array.isArray(document)) return document.flatMap(unwrapMispEvents);
  if (document === null || typeof document !== 'object') return [];
  const record = document as Record<string, unknown>;
  if ('response' in record) return unwrapMispEvents(record.response);
  if ('Event' in record) return [record.Event];
  return 'Attribute' in record || 'Object' in record || 'info' in record ? [record] : [];
}

/**
 * Converts one MISP event into indicators: one per attribute with `to_ids`
 * (inside objects too), id `indicator--<attribute uuid>`, TLP and ATT&CK techniques
 * from event and attribute tags and galaxies, confidence from the threat level,
 * the original type, category and object in labels, and a STIX pattern.
 */
export function mispEventToIndicators(
  raw: unknown,
  feedName?: string,
  options: { unmarkedTlp?: Tlp } = {},
): MispConversion {
  const event = mispEventSchema.parse(raw);
  const source =
    `misp:${feedName ? `${feedName}/` : ''}${event.Orgc?.name ?? event.Org?.name ?? 'unknown'}: ${event.info}`.slice(
      0,
      200,
    );
  const eventTechniques = [...techniquesOfTags(event.Tag), ...techniquesOfGalaxies(event.Galaxy)];
  const eventAttribution = [...attributionOfTags(event.Tag), ...attributionOfGalaxies(event.Galaxy)];
  const eventTactics = tacticsOfGalaxies(event.Galaxy);
  const confidence = confidenceByThreatLevel[event.threat_level_id ?? 4] ?? 50;
  const result: MispConversion = { event, indicators: [], sightings: [], problems: [], attributes: 0, withdrawn: [] };
  result.problems.push(...malformedEntries((raw as { Tag?: unknown }).Tag, mispTagSchema, 'Tag'));

  const convert = (value: unknown, position: string, objectName?: string): void => {
    result.attributes += 1;
    const parsed = mispAttributeSchema.safeParse(value);
    if (!parsed.success) {
      const uuid = (value as { uuid?: unknown } | null)?.uuid;
      result.problems.push({
        ...(typeof uuid === 'string' ? { objectId: uuid } : {}),
        position,
        reason: parsed.error.issues
          .map((issue) => `${issue.path.join('.') || '(attribute)'}: ${issue.message}`)
          .join('; '),
      });
      return;
    }
    const attribute = parsed.data;
    if (!attribute.to_ids) {
      result.withdrawn.push(indicatorIdOf(attribute, event));
      return;
    }
    for (const problem of malformedEntries((value as { Tag?: unknown }).Tag, mispTagSchema, `${position}.Tag`))
      result.problems.push({ ...(attribute.uuid ? { objectId: attribute.uuid } : {}), ...problem });
    const valueProblem = mispValueProblem(attribute.type, attribute.value);
    if (valueProblem) {
      result.problems.push({
        ...(attribute.uuid ? { objectId: attribute.uuid } : {}),
        position: `${position}.value`,
        reason: valueProblem,
      });
      return;
    }
    const indicator = attributeToIndicator(attribute, {
      event,
      source,
      confidence,
      eventTechniques,
      eventTactics,
      eventAttribution,
      unmarkedTlp: options.unmarkedTlp ?? defaultUnmarkedTlp,
      ...(objectName ? { objectName } : {}),
    });
    const checked = indicatorSchema.safeParse(indicator);
    if (!checked.success) {
      result.problems.push({
        ...(attribute.uuid ? { objectId: attribute.uuid } : {}),
        position,
        reason: checked.error.issues.map((issue) => issue.message).join('; '),
      });
      return;
    }
    result.indicators.push(checked.data);
    if (attribute.Sighting.length > 0) {
      const times = attribute.Sighting.map((sighting) => sighting.date_sighting ?? 0).filter((time) => time > 0);
      result.sightings.push({
        indicatorId: checked.data.id,
        count: attribute.Sighting.length,
        ...(times.length > 0 ? { lastSeen: new Date(Math.max(...times) * 1000).toISOString() } : {}),
      });
    }
  };

  for (const [index, attribute] of event.Attribute.entries()) convert(attribute, `Attribute[${index}]`);
  event.Object.forEach((rawObject, objectIndex) => {
    const object = mispObjectSchema.safeParse(rawObject);
    if (!object.success) {
      result.problems.push({
        position: `Object[${objectIndex}]`,
        reason: object.error.issues.map((issue) => issue.message).join('; '),
      });
      return;
    }
    for (const [index, attribute] of object.data.Attribute.entries()) {
      convert(attribute, `Object[${objectIndex}].Attribute[${index}]`, object.data.name);
    }
  });
  return result;
}

interface AttributeContext {
  event: MispEvent;
  source: string;
  confidence: number;
  eventTechniques: string[];
  eventTactics: Tactic[];
  eventAttribution: Attribution[];
  unmarkedTlp: Tlp;
  objectName?: string;
}

/** TLP of an event and attribute without `tlp:` tags: AMBER unless configured, never a silent CLEAR. */
export const defaultUnmarkedTlp: Tlp = 'amber';

/** An attribute's indicator id: its uuid, else one derived from the event and the value. */
function indicatorIdOf(attribute: MispAttribute, event: MispEvent): string {
  return `indicator--${attribute.uuid ?? uuidV5(`${event.uuid ?? event.info}|${attribute.type}|${attribute.value}`)}`;
}

function attributeToIndicator(attribute: MispAttribute, context: AttributeContext): Indicator {
  const mapping = mispTypeMappings[attribute.type];
  const ruleType = mispRuleTypes[attribute.type];
  const parts = mapping ? splitComposite(attribute.value, mapping.paths.length) : [attribute.value];
  const value = (mapping ? parts[mapping.valuePart] : undefined) ?? attribute.value;
  let type = mapping?.type ?? 'other';
  if (type === 'ipv4-addr' && networkType(value) === 'ipv6-addr') type = 'ipv6-addr';
  const pattern = ruleType ? attribute.value : mispAttributeToPattern(attribute.type, attribute.value);
  const validFrom =
    attribute.first_seen ?? (attribute.timestamp ? new Date(attribute.timestamp * 1000).toISOString() : undefined);
  const techniques = new Set([
    ...context.eventTechniques,
    ...techniquesOfTags(attribute.Tag),
    ...techniquesOfGalaxies(attribute.Galaxy),
  ]);
  const tactics = [...new Set([...context.eventTactics, ...tacticsOfGalaxies(attribute.Galaxy)])];
  const attribution = uniqueAttribution([
    ...context.eventAttribution,
    ...attributionOfTags(attribute.Tag),
    ...attributionOfGalaxies(attribute.Galaxy),
  ]);
  return {
    id: indicatorIdOf(attribute, context.event),
    ...(ruleType ? {} : { type, value }),
    ...(pattern ? { pattern, patternType: ruleType ?? 'stix' } : {}),
    name: `${attribute.type}: ${attribute.value}`.slice(0, 200),
    ...(attribute.comment ? { description: attribute.comment } : {}),
    confidence: context.confidence,
    ...(validFrom && !Number.isNaN(Date.parse(validFrom)) ? { validFrom: new Date(validFrom).toISOString() } : {}),
    revoked: attribute.deleted === true,
    source: context.source,
    tlp: markedTlp([tlpOfTags(context.event.Tag), tlpOfTags(attribute.Tag)], context.unmarkedTlp),
    labels: [
      `misp:type="${attribute.type}"`,
      ...(context.event.uuid ? [`misp:event="${context.event.uuid}"`] : []),
      ...(attribute.category ? [`misp:category="${attribute.category}"`] : []),
      ...(context.objectName ? [`misp:object="${context.objectName}"`] : []),
      ...(attribute.object_relation ? [`misp:object-relation="${attribute.object_relation}"`] : []),
      ...labelsOfTags(attribute.Tag),
    ],
    techniques: [...techniques].sort(),
    ...(tactics.length > 0 ? { tactics } : {}),
    ...(attribution.length > 0 ? { attribution } : {}),
  };
}

function markedTlp(levels: (Tlp | undefined)[], unmarked: Tlp): Tlp {
  return levels.some((level) => level !== undefined) ? strictestTlp(levels) : unmarked;
}
