/** Builds an incident's attack graph from its events; bounded by node and edge caps. */
import type { AttackGraph, Event, GraphEdge, GraphNode, GraphNodeKind, GraphRelation } from '../../core/index.js';

export interface AttackGraphOptions {
  /** Default 2,000. */
  maxNodes?: number;
  /** Default 5,000. */
  maxEdges?: number;
  /** Event ids that get an event node of their own (the alerting events). Default: none. */
  eventNodes?: ReadonlySet<string>;
}

/** Sample of supporting event ids kept per edge. */
const sampleSize = 3;

const shortHost = (name: string): string => name.toLowerCase().split('.')[0] ?? name.toLowerCase();
const userText = (user: { name?: string | undefined; domain?: string | undefined }): string =>
  user.domain ? `${user.domain}\\${user.name}` : (user.name ?? '');

class GraphBuilder {
  readonly nodes = new Map<string, GraphNode>();
  readonly edges = new Map<string, GraphEdge>();
  truncated = false;

  constructor(
    private readonly maxNodes: number,
    private readonly maxEdges: number,
  ) {}

  node(kind: GraphNodeKind, value: string, label: string, time: string): string | undefined {
    const id = `${kind}:${value.toLowerCase()}`;
    const existing = this.nodes.get(id);
    if (existing) {
      if (time < existing.firstSeen) existing.firstSeen = time;
      if (time > existing.lastSeen) existing.lastSeen = time;
      return id;
    }
    if (this.nodes.size >= this.maxNodes) {
      this.truncated = true;
      return undefined;
    }
    this.nodes.set(id, { id, kind, label, firstSeen: time, lastSeen: time });
    return id;
  }

  edge(from: string | undefined, to: string | undefined, relation: GraphRelation, event: Event, detail?: string) {
    if (!from || !to || from === to) return;
    const key = `${from}|${relation}|${to}`;
    const existing = this.edges.get(key);
    if (existing) {
      existing.count += 1;
      if (event.timestamp < existing.firstSeen) existing.firstSeen = event.timestamp;
      if (event.timestamp > existing.lastSeen) existing.lastSeen = event.timestamp;
      if (existing.eventIds.length < sampleSize && !existing.eventIds.includes(event.id))
        existing.eventIds.push(event.id);
      return;
    }
    if (this.edges.size >= this.maxEdges) {
      this.truncated = true;
      return;
    }
    this.edges.set(key, {
      from,
      to,
      relation,
      firstSeen: event.timestamp,
      lastSeen: event.timestamp,
      count: 1,
      eventIds: [event.id],
      ...(detail ? { detail } : {}),
    });
  }
}

function processNode(
  builder: GraphBuilder,
  host: string,
  process: { entityId?: string | undefined; pid?: number | undefined; executable?: string | undefined },
  time: string,
): string | undefined {
  const identity = process.entityId?.replace(/[{}]/g, '') ?? (process.pid !== undefined ? `pid-${process.pid}` : '');
  if (!identity) return undefined;
  const name = process.executable?.split(/[\\/]/).pop() ?? identity;
  return builder.node('process', `${host}/${identity}`, `${name} (${host})`, time);
}

/** Adds the nodes and edges one event shows. */
function addEvent(builder: GraphBuilder, event: Event, withEventNode: boolean): void {
  const time = event.timestamp;
  const host = event.host?.name ? shortHost(event.host.name) : undefined;
  const hostId = host ? builder.node('host', host, host, time) : undefined;
  const userId = event.user?.name ? builder.node('user', userText(event.user), userText(event.user), time) : undefined;
  const process = event.process && host ? processNode(builder, host, event.process, time) : undefined;
  const action = event.action ?? '';
  const subject = process ?? hostId;

  if (process) {
    builder.edge(process, hostId, 'ran-on', event);
    builder.edge(process, userId, 'ran-as', event);
    if (action === 'process-created' || event.process?.parent) {
      const parent = event.process?.parent && host ? processNode(builder, host, event.process.parent, time) : undefined;
      builder.edge(parent, process, 'spawned', event, event.process?.commandLine?.slice(0, 200));
      if (event.process?.executable) {
        const image = builder.node('file', `${host}/${event.process.executable}`, event.process.executable, time);
        builder.edge(process, image, 'executed', event);
      }
    }
  }
  if (event.category.includes('authentication') && event.outcome !== 'failure') {
    const target = event.targetUser?.name ? event.targetUser : event.user;
    const account = target?.name ? builder.node('user', userText(target), userText(target), time) : undefined;
    builder.edge(
      account,
      hostId,
      'logged-on',
      event,
      event.auth?.logonType ? `type ${event.auth.logonType}` : undefined,
    );
    const origin = event.source?.ip
      ? builder.node('ip', event.source.ip, event.source.ip, time)
      : event.source?.domain
        ? builder.node('host', shortHost(event.source.domain), shortHost(event.source.domain), time)
        : undefined;
    builder.edge(origin, hostId, 'logon-from', event, account ? `as ${account.slice('user:'.length)}` : undefined);
  } else if (event.destination?.ip || event.destination?.domain) {
    const destination = event.destination.ip
      ? builder.node('ip', event.destination.ip, event.destination.ip, time)
      : builder.node('domain', event.destination.domain!, event.destination.domain!, time);
    const origin =
      subject ?? (event.source?.ip ? builder.node('ip', event.source.ip, event.source.ip, time) : undefined);
    const port = event.destination.port !== undefined ? `port ${event.destination.port}` : undefined;
    builder.edge(origin, destination, 'connected-to', event, port);
  }
  if (event.dns?.question?.name) {
    const domain = builder.node('domain', event.dns.question.name, event.dns.question.name, time);
    const origin =
      subject ?? (event.source?.ip ? builder.node('ip', event.source.ip, event.source.ip, time) : undefined);
    builder.edge(origin, domain, 'resolved', event);
  }
  if (event.file?.path && host) {
    const file = builder.node('file', `${host}/${event.file.path}`, event.file.path, time);
    const relation: GraphRelation = action.includes('delete') ? 'deleted' : 'wrote';
    if (event.category.includes('file')) builder.edge(subject, file, relation, event);
  }
  if (event.registry?.key && host) {
    const key = builder.node('registry', `${host}/${event.registry.key}`, event.registry.key, time);
    builder.edge(subject, key, 'set-registry', event, event.registry.value);
  }
  if (withEventNode) {
    const label = event.action ?? event.code ?? event.origin.dataset ?? 'event';
    const eventNode = builder.node('event', event.id, label, time);
    builder.edge(eventNode, subject ?? userId, 'describes', event);
  }
}

export function buildAttackGraph(
  incidentId: string,
  events: Iterable<Event>,
  options: AttackGraphOptions = {},
): AttackGraph {
  const builder = new GraphBuilder(options.maxNodes ?? 2_000, options.maxEdges ?? 5_000);
  const sorted = [...events].sort(
    (left, right) => left.timestamp.localeCompare(right.timestamp) || left.id.localeCompare(right.id),
  );
  for (const event of sorted) addEvent(builder, event, options.eventNodes?.has(event.id) ?? false);
  return {
    schemaVersion: 'vigil.attack-graph/1',
    incidentId,
    nodes: [...builder.nodes.values()].sort((left, right) => left.id.localeCompare(right.id)),
    edges: [...builder.edges.values()].sort(
      (left, right) =>
        left.firstSeen.localeCompare(right.firstSeen) ||
        left.from.localeCompare(right.from) ||
        left.to.localeCompare(right.to),
    ),
    eventsSeen: sorted.length,
    truncated: builder.truncated,
  };
}
