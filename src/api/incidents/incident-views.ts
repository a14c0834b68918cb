/**
 * What the API shows of incidents: a summary per row of the queue, and the full detail
 * (timeline, attack graph, stage artifacts, threat-intelligence hits, the plan and its
 * approvals). Views are zod schemas, so the OpenAPI document describes them.
 */
import { z } from 'zod';
import {
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
import {
  type FoldedAlert,
  foldAlerts,
  foldedAlertSchema,
  foldedIndicatorHitSchema,
  foldIndicatorHits,
  layoutAttackGraph,
} from '../../correlate/index.js';
import { type KillChainKnowledge, killChainColumns, killChainSchema } from '../../detect/index.js';
import { describeEvent, eventSourceName } from '../../ingest/index.js';
import { type CaseFile, type SlaStatus, slaStatusSchema, slaSummary } from '../../knowledge/index.js';
import { type ProposalSources, proposalViewSchema, proposalViews } from '../approvals/proposal-views.js';
import { evidenceLabels } from './evidence-labels.js';
import { incidentAlerts } from './incident-alerts.js';

export const incidentSummarySchema = incidentSchema
  .pick({ id: true, title: true, severity: true, status: true, firstSeen: true, lastSeen: true, tactics: true })
  .extend({
    techniques: z.array(z.string()),
    hosts: z.array(z.string()),
    users: z.array(z.string()),
    alertCount: z.number().int(),
    currentStage: tacticSchema.optional(),
    /** Who the incident is assigned to; absent when nobody is. */
    assignee: z.string().optional(),
    /** Its alerts with repeats folded: how many distinct findings, and the most repeated ones (count, first and last seen). */
    folded: z
      .object({
        findings: z.number().int(),
        repeats: z.array(
          foldedAlertSchema.pick({ ruleTitle: true, matched: true, count: true, firstSeen: true, lastSeen: true }),
        ),
      })
      .optional(),
    /** The SLA timers of its severity (acknowledge, contain, close), and the one line the queue shows. */
    sla: slaStatusSchema.extend({ summary: z.string() }).optional(),
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
  /** A folded alert row: how many times it fired, and when it last did. */
  count: z.number().int().optional(),
  lastSeen: z.string().optional(),
});
export type TimelineEntry = z.infer<typeof timelineEntrySchema>;

export const graphLayoutSchema = z.object({
  positions: z.record(z.string(), z.object({ x: z.number(), y: z.number() })),
  hosts: z.array(z.object({ id: z.string(), x: z.number(), y: z.number(), width: z.number(), height: z.number() })),
  width: z.number(),
  height: z.number(),
});

export const incidentDetailSchema = z
  .object({
    incident: incidentSchema,
    artifacts: incidentArtifactsSchema,
    proposals: z.array(proposalViewSchema),
    alerts: z.array(alertSchema),
    /** The alerts with repeats folded: one line per rule and matched value, with a counter. */
    foldedAlerts: z.array(foldedAlertSchema),
    /** The techniques under their ATT&CK tactics. */
    killChain: killChainSchema,
    /** What each piece of evidence is, in words (alert titles, event summaries, indicator values), by id. */
    evidenceLabels: z.record(z.string(), z.string()),
    timeline: z.array(timelineEntrySchema),
    /** The attack graph the pipeline stored; null until the incident's graph is built. */
    graph: attackGraphSchema.nullable(),
    /** Where the console draws each node of the graph (the case report draws the same layout). */
    graphLayout: graphLayoutSchema.nullable(),
    indicatorHits: z.array(indicatorHitSchema),
    /** The indicator hits with repeats folded: one per indicator and value, with the number of events. */
    foldedIndicatorHits: z.array(foldedIndicatorHitSchema),
    /** Accounts the incident involves that the plan does not act on: context, not targets. */
    contextAccounts: z.array(z.string()),
  })
  .meta({ description: 'An incident with everything the incident page shows' });
export type IncidentDetail = z.infer<typeof incidentDetailSchema>;

/** Events shown on one incident page at most. */
const eventCap = 500;

export function summariseIncident(
  incident: Incident,
  artifacts: IncidentArtifacts = {},
  caseFile?: Pick<CaseFile, 'assignee'>,
  sla?: SlaStatus,
  folded?: readonly FoldedAlert[],
): IncidentSummary {
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
    ...(caseFile?.assignee ? { assignee: caseFile.assignee } : {}),
    ...(sla ? { sla: { ...sla, summary: slaSummary(sla) } } : {}),
    ...(folded ? { folded: foldedSummary(folded) } : {}),
  };
}

/** How many findings the folded alerts are, and the three most repeated. */
function foldedSummary(folded: readonly FoldedAlert[]): NonNullable<IncidentSummary['folded']> {
  return {
    findings: folded.length,
    repeats: folded
      .filter((fold) => fold.count > 1)
      .sort((left, right) => right.count - left.count || left.firstSeen.localeCompare(right.firstSeen))
      .slice(0, 3)
      .map((fold) => ({
        ruleTitle: fold.ruleTitle,
        ...(fold.matched ? { matched: fold.matched } : {}),
        count: fold.count,
        firstSeen: fold.firstSeen,
        lastSeen: fold.lastSeen,
      })),
  };
}

function timeline(events: readonly Event[], folded: readonly FoldedAlert[]): TimelineEntry[] {
  const entries: TimelineEntry[] = events.map((event) => ({
    at: event.timestamp,
    kind: 'event',
    id: event.id,
    summary: describeEvent(event),
    ...(event.host?.name ? { host: event.host.name } : {}),
    ...(event.user?.name ? { user: event.user.name } : {}),
    source: eventSourceName(event),
  }));
  for (const alert of folded) {
    entries.push({
      at: alert.firstSeen,
      kind: 'alert',
      id: alert.id,
      summary: alert.matched ? `${alert.ruleTitle}: ${alert.matched}` : alert.ruleTitle,
      severity: alert.severity,
      techniques: alert.techniques,
      source: alert.source,
      ...(alert.count > 1 ? { count: alert.count, lastSeen: alert.lastSeen } : {}),
    });
  }
  // at one instant the event comes before the alert it raised
  return entries.sort((left, right) => left.at.localeCompare(right.at) || right.kind.localeCompare(left.kind));
}

export async function incidentDetail(
  sources: ProposalSources & { attack?: KillChainKnowledge | undefined },
  id: string,
): Promise<IncidentDetail> {
  const found = await sources.store.getIncident(id);
  if (!found) throw new NotFoundError(`no incident ${id}`, { location: { objectId: id } });
  const { incident, artifacts } = found;
  const alerts = await incidentAlerts(sources.store, incident);
  // the incident's events, and the context the graph shows beside them (the logons behind its sessions)
  const graphEventIds = artifacts.graph
    ? [
        ...artifacts.graph.nodes.flatMap((node) => node.eventIds ?? []),
        ...artifacts.graph.edges.flatMap((edge) => edge.eventIds),
      ]
    : [];
  const eventIds = [...new Set([...incident.eventIds.slice(0, eventCap), ...graphEventIds])].slice(0, eventCap * 2);
  const events = await sources.store.getEvents(eventIds);
  const hits = artifacts.indicatorHits ?? [];
  const folded = foldAlerts(alerts);
  const proposals = await proposalViews(sources, incident);
  const targeted = new Set(
    proposals
      .filter((view) => view.proposal.target.kind === 'user')
      .map((view) => view.proposal.target.value.toLowerCase()),
  );
  return {
    incident,
    artifacts,
    proposals,
    contextAccounts: incident.entities.users.filter((user) => !targeted.has(user.toLowerCase())),
    alerts,
    foldedAlerts: folded,
    killChain: killChainColumns(incident.stages, sources.attack),
    evidenceLabels: {
      ...evidenceLabels({ events, alerts, folded }),
      ...Object.fromEntries(hits.map((hit) => [hit.indicatorId, `indicator ${hit.value} (${hit.source})`])),
    },
    timeline: timeline(events, folded),
    graph: artifacts.graph ?? null,
    graphLayout: artifacts.graph ? layoutAttackGraph(artifacts.graph) : null,
    indicatorHits: hits,
    foldedIndicatorHits: foldIndicatorHits(hits),
  };
}
