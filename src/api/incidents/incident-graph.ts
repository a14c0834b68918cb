/**
 * The attack graph of an incident: entities as nodes, relations seen in events as edges,
 * each carrying the events that show it. A graph the reasoning stages stored
 * (`artifacts.attackGraph`) is used as it is; otherwise one is derived from the events.
 */
import { z } from 'zod';
import type { Alert, Event } from '../../core/index.js';

export const graphNodeKindSchema = z.enum(['host', 'user', 'ip', 'domain', 'process', 'file', 'hash', 'other']);

export const graphNodeSchema = z.object({
  id: z.string(),
  kind: graphNodeKindSchema,
  label: z.string(),
  /** Events that mention the entity (capped). */
  evidence: z.array(z.string()),
  /** Alerts whose events mention it. */
  alerts: z.array(z.string()),
  /** Matched threat intelligence. */
  flagged: z.boolean(),
});

export const graphEdgeSchema = z.object({
  id: z.string(),
  source: z.string(),
  target: z.string(),
  relation: z.string(),
  evidence: z.array(z.string()),
});

export const attackGraphSchema = z
  .object({
    source: z.enum(['reasoning', 'derived']),
    nodes: z.array(graphNodeSchema),
    edges: z.array(graphEdgeSchema),
  })
  .meta({ description: 'Entities of an incident and the relations seen between them' });
export type AttackGraph = z.infer<typeof attackGraphSchema>;
type GraphNode = z.infer<typeof graphNodeSchema>;
type GraphEdge = z.infer<typeof graphEdgeSchema>;

const evidenceCap = 25;
const nodeCap = 150;

class GraphBuilder {
  readonly nodes = new Map<string, GraphNode>();
  readonly edges = new Map<string, GraphEdge>();

  constructor(
    private readonly alertsByEvent: Map<string, string[]>,
    private readonly flaggedValues: Set<string>,
  ) {}

  node(kind: GraphNode['kind'], value: string | undefined, eventId: string): string | undefined {
    if (!value) return undefined;
    const label = value.trim();
    if (!label || label === '-') return undefined;
    const key = kind === 'host' || kind === 'domain' ? label.toLowerCase() : label;
    const id = `${kind}:${key}`;
    let node = this.nodes.get(id);
    if (!node) {
      if (this.nodes.size >= nodeCap) return undefined;
      node = { id, kind, label: key, evidence: [], alerts: [], flagged: this.flaggedValues.has(key.toLowerCase()) };
      this.nodes.set(id, node);
    }
    if (node.evidence.length < evidenceCap && !node.evidence.includes(eventId)) node.evidence.push(eventId);
    for (const alertId of this.alertsByEvent.get(eventId) ?? []) {
      if (!node.alerts.includes(alertId)) node.alerts.push(alertId);
    }
    return id;
  }

  edge(source: string | undefined, target: string | undefined, relation: string, eventId: string): void {
    if (!source || !target || source === target) return;
    const id = `${source}|${relation}|${target}`;
    let edge = this.edges.get(id);
    if (!edge) {
      edge = { id, source, target, relation, evidence: [] };
      this.edges.set(id, edge);
    }
    if (edge.evidence.length < evidenceCap && !edge.evidence.includes(eventId)) edge.evidence.push(eventId);
  }
}

function userName(user: Event['user']): string | undefined {
  if (!user?.name) return undefined;
  return user.domain ? `${user.domain}\\${user.name}` : user.name;
}

function addEvent(builder: GraphBuilder, event: Event): void {
  const id = event.id;
  const host = builder.node('host', event.host?.name, id);
  for (const address of event.host?.ip ?? []) builder.edge(host, builder.node('ip', address, id), 'has-address', id);
  const user = builder.node('user', userName(event.user), id);
  builder.edge(user, host, event.category.includes('authentication') ? 'logged-on' : 'acted-on', id);
  builder.edge(user, builder.node('user', userName(event.targetUser), id), 'acted-on', id);
  const process = builder.node('process', event.process?.executable ?? event.process?.name, id);
  const parent = builder.node('process', event.process?.parent?.executable ?? event.process?.parent?.name, id);
  builder.edge(host, parent ?? process, 'ran', id);
  builder.edge(parent, process, 'spawned', id);
  builder.edge(process, builder.node('hash', event.process?.hashes?.sha256, id), 'has-hash', id);
  const actor = process ?? host;
  const file = builder.node('file', event.file?.path, id);
  builder.edge(actor, file, 'touched', id);
  builder.edge(file, builder.node('hash', event.file?.hashes?.sha256, id), 'has-hash', id);
  const sourceIp = builder.node('ip', event.source?.ip, id);
  const destinationIp = builder.node('ip', event.destination?.ip, id);
  builder.edge(sourceIp ?? actor, destinationIp, 'connected-to', id);
  for (const name of [event.dns?.question?.name, event.url?.domain, event.tls?.serverName, event.destination?.domain]) {
    const domain = builder.node('domain', name, id);
    builder.edge(actor ?? sourceIp, domain, 'resolved', id);
    for (const answer of event.dns?.answers ?? []) {
      if (/^[0-9a-f.:]+$/i.test(answer)) builder.edge(domain, builder.node('ip', answer, id), 'resolves-to', id);
    }
  }
}

export interface GraphInput {
  artifacts: Record<string, unknown>;
  events: readonly Event[];
  alerts: readonly Alert[];
  /** Observable values that matched threat intelligence (lower case). */
  flaggedValues: Set<string>;
}

export function incidentGraph(input: GraphInput): AttackGraph {
  const stored = attackGraphSchema.omit({ source: true }).safeParse(input.artifacts.attackGraph);
  if (stored.success) return { source: 'reasoning', ...stored.data };
  const alertsByEvent = new Map<string, string[]>();
  for (const alert of input.alerts) {
    for (const eventId of alert.eventIds) alertsByEvent.set(eventId, [...(alertsByEvent.get(eventId) ?? []), alert.id]);
  }
  const builder = new GraphBuilder(alertsByEvent, input.flaggedValues);
  const ordered = [...input.events].sort((left, right) => left.timestamp.localeCompare(right.timestamp));
  for (const event of ordered) addEvent(builder, event);
  return { source: 'derived', nodes: [...builder.nodes.values()], edges: [...builder.edges.values()] };
}
