/**
 * What the API shows of incidents: a summary per row of the queue, and the full detail
 * (timeline, attack graph, stage artifacts, threat-intelligence hits, the plan and its
 * approvals). Views are zod schemas, so the OpenAPI document describes them.
 */
import { z } from 'zod';
import {
  type Alert,
  alertSchema,
  attackGraphSchema,
  type Event,
  type Incident,
  type IncidentArtifacts,
  incidentArtifactsSchema,
  incidentSchema,
  indicatorHitSchema,
  NotFoundError,
  severitySchema,
  tacticSchema,
} from '../../core/index.js';
import { type ProposalSources, proposalViewSchema, proposalViews } from '../approvals/proposal-views.js';
import { incidentAlerts } from './incident-alerts.js';

export const incidentSummarySchema = incidentSchema
  .pick({ id: true, title: true, severity: true, status: true, firstSeen: true, lastSeen: true, tactics: true })
  .extend({
    techniques: z.array(z.string()),
    hosts: z.array(z.string()),
    users: z.array(z.string()),
    alertCount: z.number().int(),
    currentStage: tacticSchema.optional(),
  })
  .meta({ description: 'One row of the incident queue' });
export type IncidentSummary = z.infer<typeof incidentSummarySchema>;

export const timelineEntrySchema = z.object({
  at: z.string(),
  kind: z.enum(['event', 'alert']),
  id: z.string(),
  summary: z.string(),
  host: z.string().optional(),
  user: z.string().optional(),
  severity: severitySchema.optional(),
  techniques: z.array(z.string()).optional(),
  source: z.string().optional(),
});
export type TimelineEntry = z.infer<typeof timelineEntrySchema>;

export const incidentDetailSchema = z
  .object({
    incident: incidentSchema,
    artifacts: incidentArtifactsSchema,
    proposals: z.array(proposalViewSchema),
    alerts: z.array(alertSchema),
    timeline: z.array(timelineEntrySchema),
    /** The attack graph the pipeline stored; null until the incident's graph is built. */
    graph: attackGraphSchema.nullable(),
    indicatorHits: z.array(indicatorHitSchema),
  })
  .meta({ description: 'An incident with everything the incident page shows' });
export type IncidentDetail = z.infer<typeof incidentDetailSchema>;

/** Events shown on one incident page at most. */
const eventCap = 500;

export function summariseIncident(incident: Incident, artifacts: IncidentArtifacts = {}): IncidentSummary {
  const currentStage = artifacts.sequence?.currentStage;
  return {
    id: incident.id,
    title: incident.title,
    severity: incident.severity,
    status: incident.status,
    firstSeen: incident.firstSeen,
    lastSeen: incident.lastSeen,
    tactics: incident.tactics,
    techniques: incident.techniques,
    hosts: incident.entities.hosts,
    users: incident.entities.users,
    alertCount: incident.alertIds.length,
    ...(currentStage ? { currentStage } : {}),
  };
}

export function summariseEvent(event: Event): string {
  const text = event.message ?? event.rule?.name ?? event.process?.commandLine ?? event.action;
  if (text) return text.length > 240 ? `${text.slice(0, 237)}...` : text;
  const from = event.source?.ip ?? event.host?.name ?? '?';
  const to = event.destination?.ip ?? event.dns?.question?.name ?? event.url?.full ?? '';
  return `${event.origin.dataset ?? event.origin.format}: ${from}${to ? ` -> ${to}` : ''}`;
}

function timeline(events: readonly Event[], alerts: readonly Alert[]): TimelineEntry[] {
  const entries: TimelineEntry[] = events.map((event) => ({
    at: event.timestamp,
    kind: 'event',
    id: event.id,
    summary: summariseEvent(event),
    ...(event.host?.name ? { host: event.host.name } : {}),
    ...(event.user?.name ? { user: event.user.name } : {}),
    source: event.origin.dataset ?? event.origin.format,
  }));
  for (const alert of alerts) {
    entries.push({
      at: alert.timestamp,
      kind: 'alert',
      id: alert.id,
      summary: alert.ruleTitle,
      severity: alert.severity,
      techniques: alert.techniques,
      source: alert.source,
    });
  }
  // at one instant the event comes before the alert it raised
  return entries.sort((left, right) => left.at.localeCompare(right.at) || right.kind.localeCompare(left.kind));
}

export async function incidentDetail(sources: ProposalSources, id: string): Promise<IncidentDetail> {
  const found = await sources.store.getIncident(id);
  if (!found) throw new NotFoundError(`no incident ${id}`, { location: { objectId: id } });
  const { incident, artifacts } = found;
  const alerts = await incidentAlerts(sources.store, incident);
  const events = await sources.store.getEvents(incident.eventIds.slice(0, eventCap));
  return {
    incident,
    artifacts,
    proposals: await proposalViews(sources, incident),
    alerts,
    timeline: timeline(events, alerts),
    graph: artifacts.graph ?? null,
    indicatorHits: artifacts.indicatorHits ?? [],
  };
}
