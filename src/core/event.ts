import { z } from 'zod';
import { observableSchema } from './observable.js';

/** Log formats Vigil knows; `other` for user-mapped sources. */
export const logFormatSchema = z
  .enum([
    'zeek-tsv',
    'zeek-json',
    'syslog',
    'windows-json',
    'suricata-eve',
    'web-access',
    'splunk-json',
    'splunk-csv',
    'json-lines',
    'csv',
    'text',
    'other',
  ])
  .meta({ description: 'Format a record was read in' });
export type LogFormat = z.infer<typeof logFormatSchema>;

/** ECS event.kind. */
export const eventKindSchema = z.enum(['event', 'alert', 'metric', 'state', 'pipeline_error', 'unknown']);

/** ECS event.category, plus `unknown` and `other`. */
export const eventCategorySchema = z.enum([
  'authentication',
  'configuration',
  'database',
  'driver',
  'email',
  'file',
  'host',
  'iam',
  'intrusion_detection',
  'library',
  'malware',
  'network',
  'package',
  'process',
  'registry',
  'session',
  'threat',
  'web',
  'unknown',
  'other',
]);
export type EventCategory = z.infer<typeof eventCategorySchema>;

export const eventOutcomeSchema = z.enum(['success', 'failure', 'unknown']);

const hashesSchema = z.object({
  md5: z.string().optional(),
  sha1: z.string().optional(),
  sha256: z.string().optional(),
  sha512: z.string().optional(),
  imphash: z.string().optional(),
});

const processCoreSchema = z.object({
  pid: z.number().int().optional(),
  entityId: z.string().optional().meta({ description: 'Process GUID or other unique id' }),
  name: z.string().optional(),
  executable: z.string().optional(),
  commandLine: z.string().optional(),
  hashes: hashesSchema.optional(),
});

const endpointSchema = z.object({
  ip: z.string().optional(),
  port: z.number().int().optional(),
  domain: z.string().optional(),
  mac: z.string().optional(),
});

/** Where a record came from: format, file, line (1-based) or other position. */
export const eventOriginSchema = z.object({
  format: logFormatSchema,
  file: z.string().optional(),
  line: z.number().int().optional(),
  /** Sub-type within the format: Zeek log path, EVE event_type, Windows channel, syslog program, Splunk sourcetype. */
  dataset: z.string().optional(),
});

/** A normalised log record with ECS-style fields, the source's own fields, and the raw text kept. */
export const eventSchema = z
  .object({
    /** Stable content fingerprint; also the event's id. Same record ingested twice gives the same id. */
    id: z.string(),
    timestamp: z.iso.datetime({ offset: true }).meta({ description: 'UTC time the event happened' }),
    originalTimestamp: z.string().optional(),
    origin: eventOriginSchema,
    kind: eventKindSchema.default('event'),
    category: z.array(eventCategorySchema).default([]),
    action: z.string().optional(),
    outcome: eventOutcomeSchema.default('unknown'),
    /** Source-specific event code: Windows EventID, Zeek notice name, EVE signature id. */
    code: z.string().optional(),
    provider: z.string().optional(),
    message: z.string().optional(),
    host: z
      .object({ name: z.string().optional(), ip: z.array(z.string()).optional(), os: z.string().optional() })
      .optional(),
    user: z
      .object({ name: z.string().optional(), domain: z.string().optional(), id: z.string().optional() })
      .optional(),
    /** The account acted upon (logon target, account created, member added). */
    targetUser: z
      .object({ name: z.string().optional(), domain: z.string().optional(), id: z.string().optional() })
      .optional(),
    process: processCoreSchema.extend({ parent: processCoreSchema.optional() }).optional(),
    file: z
      .object({ path: z.string().optional(), name: z.string().optional(), hashes: hashesSchema.optional() })
      .optional(),
    registry: z
      .object({ key: z.string().optional(), value: z.string().optional(), data: z.string().optional() })
      .optional(),
    source: endpointSchema.optional(),
    destination: endpointSchema.optional(),
    network: z
      .object({
        transport: z.string().optional(),
        protocol: z.string().optional(),
        direction: z.string().optional(),
        bytes: z.number().optional(),
        packets: z.number().optional(),
      })
      .optional(),
    dns: z
      .object({
        question: z.object({ name: z.string().optional(), type: z.string().optional() }).optional(),
        answers: z.array(z.string()).optional(),
        responseCode: z.string().optional(),
      })
      .optional(),
    url: z
      .object({ full: z.string().optional(), domain: z.string().optional(), path: z.string().optional() })
      .optional(),
    http: z
      .object({
        method: z.string().optional(),
        statusCode: z.number().int().optional(),
        userAgent: z.string().optional(),
      })
      .optional(),
    tls: z
      .object({ serverName: z.string().optional(), ja3: z.string().optional(), ja3s: z.string().optional() })
      .optional(),
    auth: z
      .object({ logonType: z.string().optional(), logonId: z.string().optional(), method: z.string().optional() })
      .optional(),
    /** Signature that fired, for records that are themselves sensor alerts (Suricata, Zeek notice). */
    rule: z
      .object({ id: z.string().optional(), name: z.string().optional(), category: z.string().optional() })
      .optional(),
    observables: z.array(observableSchema).default([]),
    /**
     * Values the source gave that failed validation at the ingest edge (a port outside 0–65535,
     * an IP field that is not an address): dropped from the normalised field, named here; the
     * source's value stays in `fields` and `raw`.
     */
    problems: z.array(z.object({ field: z.string(), reason: z.string() })).optional(),
    /** The source's own field names and values (Sysmon `Image`, Zeek `id.orig_h`): what Sigma rules match. */
    fields: z.record(z.string(), z.unknown()),
    /** The record exactly as read. Untrusted data: never interpreted as instructions. */
    raw: z.string(),
  })
  .meta({ description: 'A normalised log record' });
export type Event = z.infer<typeof eventSchema>;
export type EventInput = z.input<typeof eventSchema>;
