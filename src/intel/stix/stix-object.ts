import { z } from 'zod';
import { fail, ok, type Result, VigilError } from '../../core/index.js';
import { parsePattern } from '../pattern/parse-pattern.js';
import { observableBaseSchema, stixIdentifierSchema, stixTimestampSchema, stixTypeNameSchema } from './stix-common.js';
import * as observables from './stix-cyber-observables.js';
import * as domain from './stix-domain-objects.js';

/** Any STIX object as read: its known properties validated, unknown and custom ones kept. */
export type StixObject = Record<string, unknown> & { type: string; id: string };

/** Schemas by STIX type. Types not listed (custom `x-` objects, newer types) get the generic checks only. */
export const stixObjectSchemas: Readonly<Record<string, z.ZodType>> = {
  'attack-pattern': domain.attackPatternSchema,
  campaign: domain.campaignSchema,
  'course-of-action': domain.courseOfActionSchema,
  grouping: domain.groupingSchema,
  identity: domain.identitySchema,
  incident: domain.incidentSchema,
  indicator: domain.indicatorSchema,
  infrastructure: domain.infrastructureSchema,
  'intrusion-set': domain.intrusionSetSchema,
  location: domain.locationSchema,
  malware: domain.malwareSchema,
  note: domain.noteSchema,
  'observed-data': domain.observedDataSchema,
  report: domain.reportSchema,
  'threat-actor': domain.threatActorSchema,
  tool: domain.toolSchema,
  vulnerability: domain.vulnerabilitySchema,
  relationship: domain.relationshipSchema,
  sighting: domain.sightingSchema,
  'marking-definition': domain.markingDefinitionSchema,
  'ipv4-addr': observables.ipv4AddressSchema,
  'ipv6-addr': observables.ipv6AddressSchema,
  'domain-name': observables.domainNameSchema,
  url: observables.urlSchema,
  'email-addr': observables.emailAddressSchema,
  'email-message': observables.emailMessageSchema,
  'mac-addr': observables.macAddressSchema,
  'autonomous-system': observables.autonomousSystemSchema,
  mutex: observables.mutexSchema,
  directory: observables.directorySchema,
  file: observables.fileSchema,
  'network-traffic': observables.networkTrafficSchema,
  process: observables.processSchema,
  'user-account': observables.userAccountSchema,
  'windows-registry-key': observables.windowsRegistryKeySchema,
  'x509-certificate': observables.x509CertificateSchema,
  artifact: observables.artifactSchema,
  software: observables.softwareSchema,
};

/** Checks for objects of a type Vigil has no schema for: well-formed type and id, sane timestamps. */
const genericObjectSchema = observableBaseSchema.extend({
  created: stixTimestampSchema.optional(),
  modified: stixTimestampSchema.optional(),
});

const headerSchema = z.object({ type: stixTypeNameSchema, id: stixIdentifierSchema }).loose();

/** Why one object was not accepted. */
export interface StixObjectProblem {
  objectId?: string;
  reason: string;
}

/**
 * Validates one STIX 2.1 object: its schema, id prefix, created ≤ modified, and for
 * `pattern_type: stix` indicators the pattern itself (position of the first error).
 * Unknown and custom properties are kept. With `assumeSpecVersion` (relaxed imports)
 * an object without spec_version is read as 2.1; a different version is still rejected.
 */
export function validateStixObject(
  value: unknown,
  options: { assumeSpecVersion?: boolean } = {},
): Result<StixObject, StixObjectProblem> {
  if (value === null || typeof value !== 'object' || Array.isArray(value)) {
    return fail({ reason: 'not a JSON object' });
  }
  const header = headerSchema.safeParse(value);
  const candidateId = typeof (value as { id?: unknown }).id === 'string' ? (value as { id: string }).id : undefined;
  if (!header.success)
    return fail({ ...(candidateId ? { objectId: candidateId } : {}), reason: describeIssues(header.error) });
  const object = header.data as StixObject;
  if (!object.id.startsWith(`${object.type}--`)) {
    return fail({ objectId: object.id, reason: `id must start with "${object.type}--"` });
  }
  const schema = stixObjectSchemas[object.type] ?? genericObjectSchema;
  const candidate =
    options.assumeSpecVersion && object.spec_version === undefined ? { ...object, spec_version: '2.1' } : object;
  const parsed = schema.safeParse(candidate);
  if (!parsed.success) return fail({ objectId: object.id, reason: describeIssues(parsed.error) });
  if (typeof object.created === 'string' && typeof object.modified === 'string') {
    if (Date.parse(object.modified) < Date.parse(object.created)) {
      return fail({ objectId: object.id, reason: 'modified must not be earlier than created' });
    }
  }
  if (object.type === 'indicator' && object.pattern_type === 'stix') {
    try {
      parsePattern(String(object.pattern));
    } catch (error) {
      return fail({
        objectId: object.id,
        reason: `pattern: ${VigilError.isInstance(error) ? error.message : String(error)}`,
      });
    }
  }
  return ok(object);
}

function describeIssues(error: z.ZodError): string {
  return error.issues
    .slice(0, 3)
    .map((issue) => `${issue.path.length > 0 ? issue.path.join('.') : '(object)'}: ${issue.message}`)
    .join('; ');
}
