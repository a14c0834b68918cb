import { z } from 'zod';
import {
  createStixIdentifierSchema,
  domainObjectBaseSchema,
  killChainPhaseSchema,
  stixIdentifierSchema,
  stixTimestampSchema,
} from './stix-common.js';

function domainObject<const Type extends string, Shape extends z.ZodRawShape>(type: Type, shape: Shape) {
  return domainObjectBaseSchema.extend({ type: z.literal(type), id: createStixIdentifierSchema(type), ...shape });
}

const named = { name: z.string().min(1), description: z.string().optional(), aliases: z.array(z.string()).optional() };

export const attackPatternSchema = domainObject('attack-pattern', {
  ...named,
  kill_chain_phases: z.array(killChainPhaseSchema).optional(),
});
export type AttackPattern = z.infer<typeof attackPatternSchema>;

export const campaignSchema = domainObject('campaign', {
  ...named,
  first_seen: stixTimestampSchema.optional(),
  last_seen: stixTimestampSchema.optional(),
  objective: z.string().optional(),
});

export const courseOfActionSchema = domainObject('course-of-action', { ...named, action: z.unknown().optional() });

export const identitySchema = domainObject('identity', {
  ...named,
  roles: z.array(z.string()).optional(),
  identity_class: z.string().optional(),
  sectors: z.array(z.string()).optional(),
  contact_information: z.string().optional(),
});

export const incidentSchema = domainObject('incident', { ...named });

export const indicatorSchema = domainObject('indicator', {
  name: z.string().optional(),
  description: z.string().optional(),
  indicator_types: z.array(z.string()).optional(),
  pattern: z.string().min(1),
  pattern_type: z.string().min(1),
  pattern_version: z.string().optional(),
  valid_from: stixTimestampSchema,
  valid_until: stixTimestampSchema.optional(),
  kill_chain_phases: z.array(killChainPhaseSchema).optional(),
}).refine(
  (indicator) => !indicator.valid_until || Date.parse(indicator.valid_until) > Date.parse(indicator.valid_from),
  {
    message: 'valid_until must be later than valid_from',
    path: ['valid_until'],
  },
);
export type StixIndicator = z.infer<typeof indicatorSchema>;

export const infrastructureSchema = domainObject('infrastructure', {
  ...named,
  infrastructure_types: z.array(z.string()).optional(),
  kill_chain_phases: z.array(killChainPhaseSchema).optional(),
});

export const intrusionSetSchema = domainObject('intrusion-set', {
  ...named,
  goals: z.array(z.string()).optional(),
  resource_level: z.string().optional(),
  primary_motivation: z.string().optional(),
});

export const malwareSchema = domainObject('malware', {
  name: z.string().optional(),
  description: z.string().optional(),
  malware_types: z.array(z.string()).optional(),
  is_family: z.boolean({ message: 'is_family (boolean) is required for malware in STIX 2.1' }),
  aliases: z.array(z.string()).optional(),
  kill_chain_phases: z.array(killChainPhaseSchema).optional(),
}).refine((malware) => !malware.is_family || Boolean(malware.name), {
  message: 'a malware family needs a name',
  path: ['name'],
});

export const noteSchema = domainObject('note', {
  abstract: z.string().optional(),
  content: z.string(),
  authors: z.array(z.string()).optional(),
  object_refs: z.array(stixIdentifierSchema).min(1),
});

export const observedDataSchema = domainObject('observed-data', {
  first_observed: stixTimestampSchema,
  last_observed: stixTimestampSchema,
  number_observed: z.number().int().min(1).max(999_999_999),
  objects: z.record(z.string(), z.record(z.string(), z.unknown())).optional(),
  object_refs: z.array(stixIdentifierSchema).optional(),
}).refine((observed) => Boolean(observed.objects) || Boolean(observed.object_refs), {
  message: 'observed-data needs object_refs (or the deprecated objects)',
  path: ['object_refs'],
});

export const reportSchema = domainObject('report', {
  ...named,
  report_types: z.array(z.string()).optional(),
  published: stixTimestampSchema,
  object_refs: z.array(stixIdentifierSchema).min(1),
});

export const threatActorSchema = domainObject('threat-actor', {
  ...named,
  threat_actor_types: z.array(z.string()).optional(),
  roles: z.array(z.string()).optional(),
  goals: z.array(z.string()).optional(),
  sophistication: z.string().optional(),
  resource_level: z.string().optional(),
  primary_motivation: z.string().optional(),
});

export const toolSchema = domainObject('tool', {
  ...named,
  tool_types: z.array(z.string()).optional(),
  kill_chain_phases: z.array(killChainPhaseSchema).optional(),
  tool_version: z.string().optional(),
});

export const vulnerabilitySchema = domainObject('vulnerability', { ...named });

export const groupingSchema = domainObject('grouping', {
  name: z.string().optional(),
  context: z.string(),
  object_refs: z.array(stixIdentifierSchema).min(1),
});

export const locationSchema = domainObject('location', { name: z.string().optional() });

export const relationshipSchema = domainObject('relationship', {
  relationship_type: z.string().regex(/^[a-z0-9-]+$/, { message: 'must be lower-case letters, digits and hyphens' }),
  description: z.string().optional(),
  source_ref: stixIdentifierSchema,
  target_ref: stixIdentifierSchema,
  start_time: stixTimestampSchema.optional(),
  stop_time: stixTimestampSchema.optional(),
});
export type StixRelationship = z.infer<typeof relationshipSchema>;

export const sightingSchema = domainObject('sighting', {
  description: z.string().optional(),
  first_seen: stixTimestampSchema.optional(),
  last_seen: stixTimestampSchema.optional(),
  count: z.number().int().min(0).max(999_999_999).optional(),
  sighting_of_ref: stixIdentifierSchema,
  observed_data_refs: z.array(createStixIdentifierSchema('observed-data')).optional(),
  where_sighted_refs: z.array(stixIdentifierSchema).optional(),
  summary: z.boolean().optional(),
});
export type StixSighting = z.infer<typeof sightingSchema>;

/**
 * marking-definition: TLP 1.0 (`definition_type: tlp`), statements, or TLP 2.0 through the
 * TLP 2.0 extension. spec_version and created are required; modified is not a property.
 */
export const markingDefinitionSchema = z
  .object({
    type: z.literal('marking-definition'),
    id: createStixIdentifierSchema('marking-definition'),
    spec_version: z.literal('2.1', { message: 'spec_version must be "2.1"' }),
    created: stixTimestampSchema,
    created_by_ref: createStixIdentifierSchema('identity').optional(),
    name: z.string().optional(),
    definition_type: z.string().optional(),
    definition: z.record(z.string(), z.unknown()).optional(),
    extensions: z.record(z.string(), z.unknown()).optional(),
    object_marking_refs: z.array(stixIdentifierSchema).optional(),
  })
  .loose()
  .refine(
    (marking) =>
      (marking.definition_type !== undefined) === (marking.definition !== undefined) ||
      marking.extensions !== undefined,
    {
      message: 'definition_type and definition go together (or use an extension)',
    },
  );
