import { z } from 'zod';
import {
  createStixIdentifierSchema,
  observableBaseSchema,
  stixIdentifierSchema,
  stixTimestampSchema,
} from './stix-common.js';

function observable<const Type extends string, Shape extends z.ZodRawShape>(type: Type, shape: Shape) {
  return observableBaseSchema.extend({ type: z.literal(type), id: createStixIdentifierSchema(type), ...shape });
}

const hashesSchema = z.record(z.string(), z.string().min(1));

export const ipv4AddressSchema = observable('ipv4-addr', { value: z.string().min(1) });
export const ipv6AddressSchema = observable('ipv6-addr', { value: z.string().min(1) });
export const domainNameSchema = observable('domain-name', { value: z.string().min(1) });
export const urlSchema = observable('url', { value: z.string().min(1) });
export const emailAddressSchema = observable('email-addr', {
  value: z.string().min(1),
  display_name: z.string().optional(),
});
export const macAddressSchema = observable('mac-addr', { value: z.string().min(1) });
export const autonomousSystemSchema = observable('autonomous-system', { number: z.number().int() });
export const mutexSchema = observable('mutex', { name: z.string() });
export const directorySchema = observable('directory', { path: z.string() });

export const fileSchema = observable('file', {
  hashes: hashesSchema.optional(),
  size: z.number().int().min(0).optional(),
  name: z.string().optional(),
  mime_type: z.string().optional(),
  parent_directory_ref: createStixIdentifierSchema('directory').optional(),
  contains_refs: z.array(stixIdentifierSchema).optional(),
  content_ref: createStixIdentifierSchema('artifact').optional(),
}).refine((file) => file.hashes !== undefined || file.name !== undefined, {
  message: 'a file needs hashes or a name',
});

export const networkTrafficSchema = observable('network-traffic', {
  start: stixTimestampSchema.optional(),
  end: stixTimestampSchema.optional(),
  src_ref: stixIdentifierSchema.optional(),
  dst_ref: stixIdentifierSchema.optional(),
  src_port: z.number().int().min(0).max(65535).optional(),
  dst_port: z.number().int().min(0).max(65535).optional(),
  protocols: z.array(z.string()).min(1),
}).refine((traffic) => traffic.src_ref !== undefined || traffic.dst_ref !== undefined, {
  message: 'network-traffic needs src_ref or dst_ref',
});

export const processSchema = observable('process', {
  pid: z.number().int().optional(),
  command_line: z.string().optional(),
  cwd: z.string().optional(),
  image_ref: createStixIdentifierSchema('file').optional(),
  parent_ref: createStixIdentifierSchema('process').optional(),
  child_refs: z.array(createStixIdentifierSchema('process')).optional(),
});

export const userAccountSchema = observable('user-account', {
  user_id: z.string().optional(),
  account_login: z.string().optional(),
  account_type: z.string().optional(),
  display_name: z.string().optional(),
});

export const windowsRegistryKeySchema = observable('windows-registry-key', {
  key: z.string().optional(),
  values: z
    .array(
      z.object({ name: z.string().optional(), data: z.string().optional(), data_type: z.string().optional() }).loose(),
    )
    .optional(),
});

export const x509CertificateSchema = observable('x509-certificate', {
  hashes: hashesSchema.optional(),
  serial_number: z.string().optional(),
  issuer: z.string().optional(),
  subject: z.string().optional(),
  validity_not_before: stixTimestampSchema.optional(),
  validity_not_after: stixTimestampSchema.optional(),
});

export const emailMessageSchema = observable('email-message', {
  is_multipart: z.boolean(),
  subject: z.string().optional(),
  from_ref: createStixIdentifierSchema('email-addr').optional(),
  to_refs: z.array(createStixIdentifierSchema('email-addr')).optional(),
});

export const artifactSchema = observable('artifact', {
  mime_type: z.string().optional(),
  payload_bin: z.string().optional(),
  url: z.string().optional(),
  hashes: hashesSchema.optional(),
});

export const softwareSchema = observable('software', {
  name: z.string(),
  vendor: z.string().optional(),
  version: z.string().optional(),
});
