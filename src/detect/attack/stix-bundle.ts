/**
 * Reads an ATT&CK STIX 2.1 bundle (`.json` or gzip-compressed `.json.gz`) into the few object
 * shapes the catalog uses. Parsing is relaxed: objects that fail their schema are counted and
 * skipped, never fatal.
 */
import { readFile } from 'node:fs/promises';
import { gunzipSync } from 'node:zlib';
import { z } from 'zod';
import { InputInvalidError, InputUnreadableError } from '../../core/index.js';

const externalReferenceSchema = z.object({
  source_name: z.string(),
  external_id: z.string().optional(),
  url: z.string().optional(),
});

const killChainPhaseSchema = z.object({ kill_chain_name: z.string(), phase_name: z.string() });

/** Fields every ATT&CK object we read shares. */
const baseObjectSchema = z.object({
  id: z.string(),
  type: z.string(),
  name: z.string().optional(),
  description: z.string().optional(),
  revoked: z.boolean().optional(),
  x_mitre_deprecated: z.boolean().optional(),
  x_mitre_domains: z.array(z.string()).optional(),
  external_references: z.array(externalReferenceSchema).optional(),
  /** Other names of intrusion sets and campaigns (`aliases`) and of software (`x_mitre_aliases`). */
  aliases: z.array(z.string()).optional(),
  x_mitre_aliases: z.array(z.string()).optional(),
});

export const attackPatternSchema = baseObjectSchema.extend({
  type: z.literal('attack-pattern'),
  name: z.string(),
  kill_chain_phases: z.array(killChainPhaseSchema).optional(),
  x_mitre_platforms: z.array(z.string()).optional(),
  x_mitre_is_subtechnique: z.boolean().optional(),
  x_mitre_data_sources: z.array(z.string()).optional(),
});
export type AttackPatternObject = z.infer<typeof attackPatternSchema>;

export const tacticObjectSchema = baseObjectSchema.extend({
  type: z.literal('x-mitre-tactic'),
  name: z.string(),
  x_mitre_shortname: z.string(),
});
export type TacticObject = z.infer<typeof tacticObjectSchema>;

export const relationshipSchema = baseObjectSchema.extend({
  type: z.literal('relationship'),
  relationship_type: z.string(),
  source_ref: z.string(),
  target_ref: z.string(),
});
export type RelationshipObject = z.infer<typeof relationshipSchema>;

export const collectionSchema = baseObjectSchema.extend({
  type: z.literal('x-mitre-collection'),
  x_mitre_version: z.string().optional(),
});

/** Where ATT&CK says a technique is seen: a log source (`WinEventLog:Sysmon`) and its channel (`EventCode=1`). */
const logSourceReferenceSchema = z.object({
  name: z.string(),
  channel: z.string().optional(),
  x_mitre_data_component_ref: z.string().optional(),
});

/** ATT&CK 18+ analytics: the log sources a detection strategy reads, per platform. */
export const analyticSchema = baseObjectSchema.extend({
  type: z.literal('x-mitre-analytic'),
  x_mitre_platforms: z.array(z.string()).optional(),
  x_mitre_log_source_references: z.array(logSourceReferenceSchema).optional(),
});
export type AnalyticObject = z.infer<typeof analyticSchema>;

export const detectionStrategySchema = baseObjectSchema.extend({
  type: z.literal('x-mitre-detection-strategy'),
  x_mitre_analytic_refs: z.array(z.string()).optional(),
});
export type DetectionStrategyObject = z.infer<typeof detectionStrategySchema>;

/** A data component (`Process Creation`) and the log sources ATT&CK says give it. */
export const dataComponentSchema = baseObjectSchema.extend({
  type: z.literal('x-mitre-data-component'),
  x_mitre_log_sources: z.array(z.object({ name: z.string(), channel: z.string().optional() })).optional(),
});
export type DataComponentObject = z.infer<typeof dataComponentSchema>;

export type NamedObject = z.infer<typeof baseObjectSchema>;

export interface StixBundleContent {
  readonly techniques: AttackPatternObject[];
  readonly tactics: TacticObject[];
  readonly relationships: RelationshipObject[];
  /** Every other object with an id and a name (mitigations, groups, software, detection strategies…). */
  readonly named: Map<string, NamedObject>;
  /** Analytics and detection strategies by STIX id (also in `named`), with the log sources they read. */
  readonly analytics: Map<string, AnalyticObject>;
  readonly detectionStrategies: Map<string, DetectionStrategyObject>;
  readonly dataComponents: Map<string, DataComponentObject>;
  readonly version: string | undefined;
  readonly invalid: number;
}

/** The objects of a STIX bundle file, parsed but not checked (`stixBundleContent` checks them). */
export async function readStixObjects(file: string): Promise<readonly unknown[]> {
  let bytes: Buffer;
  try {
    bytes = await readFile(file);
  } catch (error) {
    throw new InputUnreadableError(`cannot read ATT&CK bundle: ${(error as Error).message}`, {
      location: { file },
      cause: error,
    });
  }
  const gzipped = bytes[0] === 0x1f && bytes[1] === 0x8b;
  let bundle: unknown;
  try {
    bundle = JSON.parse((gzipped ? gunzipSync(bytes) : bytes).toString('utf8'));
  } catch (error) {
    throw new InputInvalidError(`ATT&CK bundle is not JSON: ${(error as Error).message}`, {
      location: { file },
      cause: error,
    });
  }
  const objects = (bundle as { objects?: unknown })?.objects;
  if (!Array.isArray(objects))
    throw new InputInvalidError('not a STIX bundle (no objects array)', { location: { file } });
  return objects;
}

const schemaByType = {
  'attack-pattern': attackPatternSchema,
  'x-mitre-tactic': tacticObjectSchema,
  relationship: relationshipSchema,
  'x-mitre-collection': collectionSchema,
  'x-mitre-analytic': analyticSchema,
  'x-mitre-detection-strategy': detectionStrategySchema,
  'x-mitre-data-component': dataComponentSchema,
} as const;

/**
 * The catalog's objects of a parsed bundle: each checked against its type's schema, the failures
 * counted. `checked`, when given, receives every object that passed, as its schema left it, in
 * bundle order: read again by this function, they give the same content (an ATT&CK cache keeps them).
 */
export function stixBundleContent(objects: readonly unknown[], checked?: unknown[]): StixBundleContent {
  const content = {
    techniques: [] as AttackPatternObject[],
    tactics: [] as TacticObject[],
    relationships: [] as RelationshipObject[],
    named: new Map<string, NamedObject>(),
    analytics: new Map<string, AnalyticObject>(),
    detectionStrategies: new Map<string, DetectionStrategyObject>(),
    dataComponents: new Map<string, DataComponentObject>(),
    version: undefined as string | undefined,
    invalid: 0,
  };
  for (const object of objects) {
    const type = (object as { type?: unknown })?.type;
    const schema =
      typeof type === 'string' && type in schemaByType
        ? schemaByType[type as keyof typeof schemaByType]
        : baseObjectSchema;
    const parsed = schema.safeParse(object);
    if (!parsed.success) {
      content.invalid++;
      continue;
    }
    const value = parsed.data;
    checked?.push(value);
    if (value.type === 'attack-pattern') content.techniques.push(value as AttackPatternObject);
    else if (value.type === 'x-mitre-tactic') content.tactics.push(value as TacticObject);
    else if (value.type === 'relationship') content.relationships.push(value as RelationshipObject);
    else if (value.type === 'x-mitre-collection')
      content.version = (value as z.infer<typeof collectionSchema>).x_mitre_version;
    else {
      if (value.type === 'x-mitre-analytic') content.analytics.set(value.id, value as AnalyticObject);
      else if (value.type === 'x-mitre-detection-strategy')
        content.detectionStrategies.set(value.id, value as DetectionStrategyObject);
      else if (value.type === 'x-mitre-data-component')
        content.dataComponents.set(value.id, value as DataComponentObject);
      if (value.name !== undefined) content.named.set(value.id, value);
    }
  }
  return content;
}

/** The ATT&CK id (T1059, TA0002, M1036, G0007, S0002, DET0103…) of an object, if any. */
export function attackId(object: NamedObject): string | undefined {
  return object.external_references?.find(
    (reference) => reference.external_id !== undefined && reference.source_name.startsWith('mitre'),
  )?.external_id;
}
