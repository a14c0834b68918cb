/**
 * The topics between stages and the shape of their messages (zod, parsed on every delivery so a
 * malformed message is refused, never half-processed). Keys: raw chunks by source, everything
 * after ingest by host, so one host's detection and correlation state lives in one worker.
 */
import { z } from 'zod';
import { alertSchema, eventSchema } from '../core/index.js';

export const topics = {
  records: 'vigil.records',
  events: 'vigil.events',
  alerts: 'vigil.alerts',
  incidents: 'vigil.incidents',
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

/** A correlate `LinkFact`: how an entity (logon, process) leads to others. */
export const linkFactSchema = z.object({
  time: z.number(),
  eventId: z.string(),
  key: z.string(),
  via: z.enum(['logon-session', 'process-tree']),
  leadsTo: z.array(z.string()),
});

export const alertMessageSchema = z.discriminatedUnion('type', [
  z.object({ type: z.literal('alert'), alert: alertSchema, events: z.array(eventSchema) }),
  z.object({ type: z.literal('fact'), fact: linkFactSchema }),
]);
export type AlertMessage = z.infer<typeof alertMessageSchema>;

export const incidentMessageSchema = z.object({
  incidentId: z.string(),
  alerts: z.array(alertSchema),
});
export type IncidentMessage = z.infer<typeof incidentMessageSchema>;

/** The partition key of an event: its host, lower-case (`unknown` when it names none). */
export function hostKeyOf(event: { host?: { name?: string | undefined } | undefined }): string {
  return event.host?.name?.toLowerCase() ?? 'unknown';
}
