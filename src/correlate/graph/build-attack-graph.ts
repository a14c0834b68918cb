/**
 * Builds an incident's attack graph from its events, as an analyst reads an intrusion: hosts are
 * the anchors; processes, files and registry keys belong to their host; accounts, addresses and
 * domains attach to what used them; hashes, pids and command lines are properties of their
 * process or file, not nodes. Logons and remote execution between the incident's hosts are
 * host-to-host edges labelled with the account and the method. Entities and relations the
 * alerts show carry their earliest kill-chain tactic (`stage`), and `path` lists them in
 * kill-chain order: the attack path. Bounded by node and edge caps.
 */
import {
  type Alert,
  type AttackGraph,
  type Event,
  type GraphEdge,
  type GraphNode,
  type GraphNodeKind,
  type GraphRelation,
  isFilePath,
  pathsInCommandLine,
  type Tactic,
  tacticRank,
} from '../../core/index.js';
import { addressBook, isInternalAddress, logonMethod } from './graph-hosts.js';

export interface AttackGraphOptions {
  /** Default 2,000. */
  maxNodes?: number;
  /** Default 5,000. */
  maxEdges?: number;
  /** The incident's alerts: what their events show is the attack path, at the alerts' tactics. */
  alerts?: readonly Alert[];
}

/** Sample of supporting event ids kept per edge and per node. */
const edgeSample = 3;
const nodeSample = 20;
/** How long after a remote logon a service or task created on the target counts as remote execution by it. */
const remoteExecutionWindowMs = 10 * 60_000;

const shortHost = (name: string): string => name.toLowerCase().split('.')[0] ?? name.toLowerCase();
const userText = (user: { name?: string | undefined; domain?: string | undefined }): string =>
  user.domain ? `${user.domain}\\${user.name}` : (user.name ?? '');
const baseName = (path: string): string => path.split(/[\\/]/).pop() ?? path;
const systemAccount = /^(system|local service|network service|-|anonymous logon)$|\$$/i;

class GraphBuilder {
  readonly nodes = new Map<string, GraphNode>();
  readonly edges = new Map<string, GraphEdge>();
  /** Every event id behind each node and edge (not only the sample), to find the attack path. */
  readonly nodeEvents = new Map<string, Set<string>>();
  readonly edgeEvents = new Map<string, Set<string>>();
  truncated = false;

  constructor(
    private readonly maxNodes: number,
    private readonly maxEdges: number,
  ) {}

  node(
    kind: GraphNodeKind,
    value: string,
    label: string,
    event: Event,
    extra: { host?: string | undefined; properties?: Record<string, string | undefined> } = {},
  ): string | undefined {
    const id = `${kind}:${value.toLowerCase()}`;
    const time = event.timestamp;
    let node = this.nodes.get(id);
    if (!node) {
      if (this.nodes.size >= this.maxNodes) {
        this.truncated = true;
        return undefined;
      }
      node = { id, kind, label, firstSeen: time, lastSeen: time, eventIds: [] };
      if (extra.host) node.host = extra.host;
      this.nodes.set(id, node);
    }
    if (time < node.firstSeen) node.firstSeen = time;
    if (time > node.lastSeen) node.lastSeen = time;
    for (const [key, value] of Object.entries(extra.properties ?? {})) {
      if (value === undefined || value === '') continue;
      node.properties ??= {};
      node.properties[key] ??= value.length > 300 ? `${value.slice(0, 299)}…` : value;
    }
    if (node.eventIds && node.eventIds.length < nodeSample && !node.eventIds.includes(event.id))
      node.eventIds.push(event.id);
    const events = this.nodeEvents.get(id) ?? new Set<string>();
    events.add(event.id);
    this.nodeEvents.set(id, events);
    return id;
  }

  edge(
    from: string | undefined,
    to: string | undefined,
    relation: GraphRelation,
    event: Event,
    extra: { detail?: string | undefined; account?: string | undefined } = {},
  ): void {
    if (!from || !to || from === to) return;
    const key = `${from}|${relation}|${to}|${extra.account ?? ''}`;
    const existing = this.edges.get(key);
    if (existing) {
      existing.count += 1;
      if (event.timestamp < existing.firstSeen) existing.firstSeen = event.timestamp;
      if (event.timestamp > existing.lastSeen) existing.lastSeen = event.timestamp;
      if (existing.eventIds.length < edgeSample && !existing.eventIds.includes(event.id))
        existing.eventIds.push(event.id);
    } else {
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
        ...(extra.detail ? { detail: extra.detail } : {}),
        ...(extra.account ? { account: extra.account } : {}),
      });
    }
    const events = this.edgeEvents.get(key) ?? new Set<string>();
    events.add(event.id);
    this.edgeEvents.set(key, events);
  }
}

interface Process {
  entityId?: string | undefined;
  pid?: number | undefined;
  executable?: string | undefined;
  name?: string | undefined;
  commandLine?: string | undefined;
  hashes?: { sha256?: string | undefined } | undefined;
}

function processNode(builder: GraphBuilder, host: string, process: Process, event: Event): string | undefined {
  const identity = process.entityId?.replace(/[{}]/g, '') ?? (process.pid !== undefined ? `pid-${process.pid}` : '');
  if (!identity) return undefined;
  const image = process.executable ?? process.name;
  const name = image ? baseName(image) : identity;
  return builder.node(
    'process',
    `${host}/${identity}`,
    process.pid !== undefined ? `${name} (${process.pid})` : name,
    event,
    {
      host: `host:${host}`,
      properties: {
        image,
        pid: process.pid !== undefined ? String(process.pid) : undefined,
        commandLine: process.commandLine,
        sha256: process.hashes?.sha256,
      },
    },
  );
}

/** Adds the nodes and edges one event shows. */
function addEvent(builder: GraphBuilder, event: Event, hosts: ReturnType<typeof addressBook>): void {
  const host = event.host?.name
    ? shortHost(event.host.name)
    : // network sensors (Zeek, Suricata) name no host: the internal source address says which one
      event.source?.ip
      ? hosts.hostOf(event.source.ip)
      : undefined;
  const hostId = host ? builder.node('host', host, host, event) : undefined;
  const process = event.process && host ? processNode(builder, host, event.process, event) : undefined;
  const action = event.action ?? '';
  const subject = process ?? hostId;
  const account = event.user?.name && !systemAccount.test(event.user.name) ? userText(event.user) : undefined;

  if (process) {
    const parent = event.process?.parent && host ? processNode(builder, host, event.process.parent, event) : undefined;
    if (parent) builder.edge(parent, process, 'spawned', event, { detail: event.process?.commandLine?.slice(0, 200) });
    // an account is drawn once per process tree: where the tree starts, or where the account changes
    const parentAccount = event.process?.parent ? builder.nodes.get(parent ?? '')?.properties?.account : undefined;
    if (account && process) {
      const node = builder.nodes.get(process);
      if (node) node.properties = { ...node.properties, account };
      if (!parent || parentAccount !== account)
        builder.edge(builder.node('user', account, account, event), process, 'ran-as', event);
    }
  }
  if (event.category.includes('authentication') && host) {
    addLogon(builder, event, host, hostId, hosts);
  } else if (event.destination?.ip || event.destination?.domain) {
    const internal = event.destination.ip ? hosts.hostOf(event.destination.ip) : undefined;
    const destination =
      internal && internal !== host
        ? builder.node('host', internal, internal, event)
        : event.destination.ip
          ? builder.node('ip', event.destination.ip, event.destination.ip, event)
          : builder.node('domain', event.destination.domain!, event.destination.domain!, event);
    const origin =
      subject ?? (event.source?.ip ? builder.node('ip', event.source.ip, event.source.ip, event) : undefined);
    const detail = [
      event.network?.protocol,
      event.destination.port !== undefined ? `port ${event.destination.port}` : '',
    ]
      .filter(Boolean)
      .join(' ');
    builder.edge(origin, destination, 'connected-to', event, { detail });
    if (event.destination.domain && event.destination.ip && !internal) {
      const domain = builder.node('domain', event.destination.domain, event.destination.domain, event);
      builder.edge(domain, destination, 'resolved', event);
    }
  }
  if (event.dns?.question?.name) {
    const domain = builder.node('domain', event.dns.question.name, event.dns.question.name, event);
    builder.edge(subject, domain, 'resolved', event);
    for (const answer of event.dns.answers ?? []) {
      if (answer.includes(',') || !/^[0-9a-f.:]+$/i.test(answer)) continue;
      builder.edge(domain, builder.node('ip', answer, answer, event), 'resolved', event);
    }
  }
  // a service's ImagePath is a command line: the file is the last path in it (`%COMSPEC% /c C:\…\x.exe`)
  const path = event.file?.path
    ? isFilePath(event.file.path)
      ? event.file.path
      : pathsInCommandLine(event.file.path).at(-1)
    : undefined;
  if (path && host && event.category.some((category) => category === 'file' || category === 'configuration')) {
    const file = builder.node('file', `${host}/${path}`, baseName(path), event, {
      host: `host:${host}`,
      properties: { path, sha256: event.file?.hashes?.sha256 },
    });
    const relation: GraphRelation = action.includes('delete') ? 'deleted' : 'wrote';
    builder.edge(subject, file, relation, event);
  }
  if (event.registry?.key && host) {
    const key = builder.node('registry', `${host}/${event.registry.key}`, baseName(event.registry.key), event, {
      host: `host:${host}`,
      properties: { key: event.registry.key, value: event.registry.value, data: event.registry.data },
    });
    builder.edge(subject, key, 'set-registry', event, { detail: event.registry.value });
  }
}

function addLogon(
  builder: GraphBuilder,
  event: Event,
  host: string,
  hostId: string | undefined,
  hosts: ReturnType<typeof addressBook>,
): void {
  const target = event.targetUser?.name ? event.targetUser : event.user;
  const account = target?.name ? userText(target) : undefined;
  const failed = event.outcome === 'failure';
  const method = logonMethod(event);
  const workstation = event.source?.domain ? shortHost(event.source.domain) : undefined;
  const originHost =
    (workstation && workstation !== '-' && workstation !== host ? workstation : undefined) ??
    (event.source?.ip ? hosts.hostOf(event.source.ip) : undefined);
  if (originHost && originHost !== host && !failed) {
    const origin = builder.node('host', originHost, originHost, event);
    builder.edge(origin, hostId, 'remote-logon', event, {
      account,
      detail: [account, method].filter(Boolean).join(' · '),
    });
    return;
  }
  if (event.source?.ip && !isInternalAddress(event.source.ip)) {
    const origin = builder.node('ip', event.source.ip, event.source.ip, event);
    builder.edge(origin, hostId, 'logon-from', event, {
      account,
      detail: `${failed ? 'failed logon' : 'logon'}${account ? ` as ${account}` : ''}${method ? ` · ${method}` : ''}`,
    });
    return;
  }
  if (account && !failed && !systemAccount.test(target?.name ?? '')) {
    builder.edge(builder.node('user', account, account, event), hostId, 'logged-on', event, {
      account,
      detail: method,
    });
  }
}

/** Services and tasks created on a host shortly after a remote logon to it: remote execution by the origin. */
function addRemoteExecution(builder: GraphBuilder, events: readonly Event[]): void {
  const logons = [...builder.edges.values()].filter((edge) => edge.relation === 'remote-logon');
  for (const event of events) {
    const action = event.action ?? '';
    if (!['service-installed', 'scheduled-task-created'].includes(action) || !event.host?.name) continue;
    const target = `host:${shortHost(event.host.name)}`;
    const time = Date.parse(event.timestamp);
    const logon = logons
      .filter((edge) => edge.to === target && Date.parse(edge.firstSeen) <= time)
      .filter((edge) => time - Date.parse(edge.lastSeen) <= remoteExecutionWindowMs)
      .sort((left, right) => right.lastSeen.localeCompare(left.lastSeen))[0];
    if (!logon) continue;
    const what = action === 'service-installed' ? 'service install' : 'scheduled task';
    const name = typeof event.fields.ServiceName === 'string' ? ` ${event.fields.ServiceName}` : '';
    builder.edge(logon.from, target, 'remote-execution', event, {
      account: logon.account,
      detail: [logon.account, `${what}${name}`].filter(Boolean).join(' · '),
    });
  }
}

/** Marks what the alerts' events show with the earliest tactic of those alerts, and lists the path in kill-chain order. */
function markAttackPath(builder: GraphBuilder, alerts: readonly Alert[]): string[] {
  const tacticsOfEvent = new Map<string, Tactic>();
  for (const alert of alerts) {
    const tactic = [...alert.tactics].sort((left, right) => tacticRank(left) - tacticRank(right))[0];
    if (!tactic || tactic === 'unknown' || tactic === 'other') continue;
    for (const id of alert.eventIds) {
      const known = tacticsOfEvent.get(id);
      if (!known || tacticRank(tactic) < tacticRank(known)) tacticsOfEvent.set(id, tactic);
    }
  }
  const earliest = (events: Set<string> | undefined): Tactic | undefined => {
    let best: Tactic | undefined;
    for (const id of events ?? []) {
      const tactic = tacticsOfEvent.get(id);
      if (tactic && (!best || tacticRank(tactic) < tacticRank(best))) best = tactic;
    }
    return best;
  };
  for (const [id, node] of builder.nodes) {
    const stage = earliest(builder.nodeEvents.get(id));
    if (stage) node.stage = stage;
  }
  for (const [key, edge] of builder.edges) {
    const stage = earliest(builder.edgeEvents.get(key));
    if (stage) edge.stage = stage;
  }
  // a logon or remote execution into a host the attack reached is how the attacker got there
  for (const edge of builder.edges.values()) {
    if (edge.stage || (edge.relation !== 'remote-logon' && edge.relation !== 'remote-execution')) continue;
    const target = builder.nodes.get(edge.to);
    if (target?.stage) edge.stage = 'lateral-movement';
  }
  for (const edge of builder.edges.values()) {
    if (!edge.stage) continue;
    for (const end of [edge.from, edge.to]) {
      const node = builder.nodes.get(end);
      if (node && !node.stage && (node.kind === 'host' || node.kind === 'user')) node.stage = edge.stage;
    }
  }
  return [...builder.nodes.values()]
    .filter((node) => node.stage)
    .sort(
      (left, right) =>
        tacticRank(left.stage!) - tacticRank(right.stage!) || left.firstSeen.localeCompare(right.firstSeen),
    )
    .map((node) => node.id);
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
  const hosts = addressBook(sorted);
  for (const event of sorted) addEvent(builder, event, hosts);
  addRemoteExecution(builder, sorted);
  const path = markAttackPath(builder, options.alerts ?? []);
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
    ...(path.length > 0 ? { path } : {}),
  };
}
