import { z } from 'zod';

/** STIX timestamp: RFC 3339 in UTC with a `Z`, optional fractional seconds. */
export const stixTimestampSchema = z
  .string()
  .regex(/^\d{4}-(0[1-9]|1[0-2])-(0[1-9]|[12]\d|3[01])T([01]\d|2[0-3]):[0-5]\d:([0-5]\d|60)(\.\d+)?Z$/, {
    message: 'must be an RFC 3339 UTC timestamp ending in Z',
  });

const uuidShape = '[0-9a-fA-F]{8}-[0-9a-fA-F]{4}-[0-9a-fA-F]{4}-[0-9a-fA-F]{4}-[0-9a-fA-F]{12}';
const identifierShape = new RegExp(`^[a-z0-9][a-z0-9-]*[a-z0-9]--${uuidShape}$`);

/** Any STIX identifier: `<type>--<uuid>`. */
export const stixIdentifierSchema = z.string().regex(identifierShape, { message: 'must be <type>--<uuid>' });

/** An identifier that must name an object of the given type. */
export function createStixIdentifierSchema(type: string) {
  const shape = new RegExp(`^${type.replace(/[-]/g, '\\-')}--${uuidShape}$`);
  return z.string().regex(shape, { message: `must be ${type}--<uuid>` });
}

/** STIX type names: 3–250 characters of lower-case letters, digits and hyphens. */
export const stixTypeNameSchema = z
  .string()
  .min(3)
  .max(250)
  .regex(/^[a-z0-9][a-z0-9-]*[a-z0-9]$/, { message: 'must be lower-case letters, digits and hyphens' });

export const externalReferenceSchema = z
  .object({
    source_name: z.string(),
    description: z.string().optional(),
    url: z.string().optional(),
    hashes: z.record(z.string(), z.string()).optional(),
    external_id: z.string().optional(),
  })
  .loose();

export const killChainPhaseSchema = z.object({ kill_chain_name: z.string(), phase_name: z.string() }).loose();

export const granularMarkingSchema = z
  .object({
    lang: z.string().optional(),
    marking_ref: stixIdentifierSchema.optional(),
    selectors: z.array(z.string()).min(1),
  })
  .loose();

/** Properties every STIX 2.1 object may carry (common to SDOs, SROs, SCOs and SMOs). */
const commonProperties = {
  type: stixTypeNameSchema,
  id: stixIdentifierSchema,
  object_marking_refs: z.array(stixIdentifierSchema).optional(),
  granular_markings: z.array(granularMarkingSchema).optional(),
  extensions: z.record(z.string(), z.unknown()).optional(),
  defanged: z.boolean().optional(),
};

/** Common properties of SDOs and SROs: spec_version 2.1, created ≤ modified. */
export const domainObjectBaseSchema = z
  .object({
    ...commonProperties,
    spec_version: z.literal('2.1', { message: 'spec_version must be "2.1"' }),
    created_by_ref: createStixIdentifierSchema('identity').optional(),
    created: stixTimestampSchema,
    modified: stixTimestampSchema,
    revoked: z.boolean().optional(),
    labels: z.array(z.string()).optional(),
    confidence: z.number().int().min(0).max(100).optional(),
    lang: z.string().optional(),
    external_references: z.array(externalReferenceSchema).optional(),
  })
  .loose();

/** Common properties of cyber-observable objects (spec_version optional). */
export const observableBaseSchema = z
  .object({ ...commonProperties, spec_version: z.literal('2.1').optional() })
  .loose();

/** created ≤ modified, checked on every SDO/SRO. */
export function modifiedNotBeforeCreated(object: { created: string; modified: string }): boolean {
  return Date.parse(object.modified) >= Date.parse(object.created);
}
