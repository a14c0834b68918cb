/**
 * The topics between stages and the shape of their messages (zod, parsed on every delivery so a
 * malformed message is refused, never half-processed). Keys: raw chunks by source, everything
 * after ingest by host, so one host's detection and correlation state lives in one worker.
 */
import { z } from 'zod';
import { alertSchema, baselineVerdictSchema, eventSchema } from '../core/index.js';

export const topics = {
  records: 'vigil.records',
  events: 'vigil.events',
  alerts: 'vigil.alerts',
  incidents: 'vigil.incidents',
  /** Incidents whose plan (proposals) the reason stage stored: the respond stage starts their runs. */
  plans: 'vigil.plans',
  /** Non-host entities of incidents, all under one key: the link stage relates incidents across partitions. */
  entities: 'vigil.entities',
} as const;

/** Raw log text as received (a file chunk, syslog lines, an HEC batch), parsed by the ingest stage. */
export const recordChunkSchema = z.object({
  /** Where the text comes from (file name, `syslog:tcp`, `hec`); written into `origin.file`. */
  source: z.string().min(1),
  /** Line number of the first line of `text` in its source. */
  firstLine: z.number().int().min(1),
  format: z.string().optional(),
  /**
   * Lines that give the text its meaning and precede it in the source (Zeek `#fields` headers,
   * a CSV header): parsed before `text`, never stored as events themselves.
   */
  header: z.string().optional(),
  text: z.string(),
});
export type RecordChunk = z.infer<typeof recordChunkSchema>;

/**
 * Events already parsed at the edge (Splunk HEC): the ingest stage stores and forwards them as
 * it does parsed chunks. Rejections travel along so the store can report them.
 */
export const eventBatchSchema = z.object({
  type: z.literal('events'),
  source: z.string().min(1),
  events: z.array(eventSchema),
  rejected: z.array(z.object({ file: z.string(), line: z.number().int().optional(), reason: z.string() })).default([]),
});
export type EventBatch = z.infer<typeof eventBatchSchema>;

/** What the records topic carries: raw text to parse, or events parsed at the edge. */
export const recordMessageSchema = z.union([eventBatchSchema, recordChunkSchema]);

/** A correlate `LinkFact`: how an entity (logon, process) leads to others. */
export const linkFactSchema = z.object({
  time: z.number(),
  eventId: z.string(),
  key: z.string(),
  via: z.enum(['logon-session', 'process-tree']),
  leadsTo: z.array(z.string()),
});

/**
 * The alerts topic. Baseline verdicts (`core/baseline-verdict.ts`) came later and are compatible
 * both ways: `baseline` is optional on an alert (absent: nothing known), and a `baseline` message
 * (the detect stage's new verdict on an alert it sent earlier, as its host's record grows) is
 * refused and logged by a correlate stage of a version without verdicts, which then groups as before.
 */
export const alertMessageSchema = z.discriminatedUnion('type', [
  z.object({
    type: z.literal('alert'),
    alert: alertSchema,
    events: z.array(eventSchema),
    baseline: baselineVerdictSchema.optional(),
  }),
  z.object({ type: z.literal('fact'), fact: linkFactSchema }),
  z.object({ type: z.literal('baseline'), alertId: z.string().min(1), baseline: baselineVerdictSchema }),
]);
export type AlertMessage = z.infer<typeof alertMessageSchema>;

export const incidentMessageSchema = z.object({
  incidentId: z.string(),
  alerts: z.array(alertSchema),
  /** The latest baseline verdict on each of its alerts that has one, by alert id (absent: none known). */
  baseline: z.record(z.string(), baselineVerdictSchema).optional(),
});
export type IncidentMessage = z.infer<typeof incidentMessageSchema>;

/** An incident's shareable entities as its correlate partition saw them last; no keys: the incident was absorbed. */
export const entitySummarySchema = z.object({
  incidentId: z.string().min(1),
  partition: z.number().int().min(0),
  /** `ip:…`, `user:…`, `domain:…`, `hash:…`, lower-case. */
  keys: z.array(z.string()),
  firstSeen: z.string(),
  lastSeen: z.string(),
});
export type EntitySummary = z.infer<typeof entitySummarySchema>;

/** The link stage's finding for one incident, sent on the incidents topic so that the reason stage (the one writer of an incident's artifacts after correlation) records it. */
export const relatedMessageSchema = z.object({
  type: z.literal('related'),
  incidentId: z.string().min(1),
  related: z.array(z.object({ incidentId: z.string(), via: z.array(z.string()) })),
});
export type RelatedMessage = z.infer<typeof relatedMessageSchema>;

/** The single key of the entities topic: one partition, so one link worker sees every incident. */
export const entitiesKey = 'all-incidents';

export const planMessageSchema = z.object({ incidentId: z.string().min(1) });
export type PlanMessage = z.infer<typeof planMessageSchema>;

/** The partition key of an event: its host, lower-case (`unknown` when it names none). */
export function hostKeyOf(event: { host?: { name?: string | undefined } | undefined }): string {
  return event.host?.name?.toLowerCase() ?? 'unknown';
}
