/**
 * Where each node of an attack graph sits, so hosts stay apart and labels stay legible: hosts
 * are blocks side by side in the order the attack reached them, their processes, files and keys
 * in a grid inside the block (the attack path first), accounts in a row above, and the outside
 * world (addresses, domains) in a column to the right. Deterministic: the console draws these
 * positions and the case report draws the same picture as SVG.
 */
import type { AttackGraph, GraphNode } from '../../core/index.js';

export interface GraphLayout {
  /** Centre of each node. */
  positions: Record<string, { x: number; y: number }>;
  /** Each host's block: its box, for drawing hosts as frames around their entities. */
  hosts: Array<{ id: string; x: number; y: number; width: number; height: number }>;
  width: number;
  height: number;
}

const cellWidth = 165;
const cellHeight = 52;
/** Two columns per host keep hosts narrow, so the space between them holds the logon labels. */
const columnsPerHost = 2;
const hostGap = 250;
const padding = 40;
const headerHeight = 36;

function order(path: readonly string[]) {
  const rank = new Map(path.map((id, index) => [id, index]));
  return (left: GraphNode, right: GraphNode) =>
    (rank.get(left.id) ?? Number.MAX_SAFE_INTEGER) - (rank.get(right.id) ?? Number.MAX_SAFE_INTEGER) ||
    left.firstSeen.localeCompare(right.firstSeen) ||
    left.id.localeCompare(right.id);
}

export function layoutAttackGraph(graph: Pick<AttackGraph, 'nodes' | 'edges' | 'path'>): GraphLayout {
  const sort = order(graph.path ?? []);
  const hosts = graph.nodes.filter((node) => node.kind === 'host').sort(sort);
  const hostIds = new Set(hosts.map((host) => host.id));
  const anchored = new Map<string, GraphNode[]>();
  const loose: GraphNode[] = [];
  for (const node of graph.nodes) {
    if (node.kind === 'host') continue;
    if (node.host && hostIds.has(node.host)) anchored.set(node.host, [...(anchored.get(node.host) ?? []), node]);
    else loose.push(node);
  }
  const accounts = loose.filter((node) => node.kind === 'user').sort(sort);
  const outside = loose.filter((node) => node.kind !== 'user').sort(sort);
  const positions: GraphLayout['positions'] = {};
  const blocks: GraphLayout['hosts'] = [];
  const top = padding + (accounts.length > 0 ? cellHeight + 30 : 0);
  let x = padding;
  let tallest = 0;
  for (const host of hosts) {
    const children = (anchored.get(host.id) ?? []).sort(sort);
    const columns = Math.max(1, Math.min(columnsPerHost, children.length));
    const rows = Math.ceil(children.length / columns);
    const width = columns * cellWidth;
    const height = headerHeight + Math.max(1, rows) * cellHeight;
    children.forEach((child, index) => {
      positions[child.id] = {
        x: x + (index % columns) * cellWidth + cellWidth / 2,
        y: top + headerHeight + Math.floor(index / columns) * cellHeight + cellHeight / 2,
      };
    });
    positions[host.id] = { x: x + width / 2, y: top + headerHeight / 2 };
    blocks.push({ id: host.id, x, y: top, width, height });
    tallest = Math.max(tallest, height);
    x += width + hostGap;
  }
  const hostsRight = hosts.length > 0 ? x - hostGap : padding;
  const accountsWidth = accounts.length * (cellWidth + 20);
  const accountsStart = padding + Math.max(0, (hostsRight - padding - accountsWidth) / 2);
  accounts.forEach((node, index) => {
    positions[node.id] = { x: accountsStart + index * (cellWidth + 20) + cellWidth / 2, y: padding + cellHeight / 2 };
  });
  const outsideX = hostsRight + hostGap + cellWidth / 2;
  const perColumn = Math.max(6, Math.ceil(tallest / cellHeight));
  outside.forEach((node, index) => {
    positions[node.id] = {
      x: outsideX + Math.floor(index / perColumn) * (cellWidth + 20),
      y: top + cellHeight / 2 + (index % perColumn) * cellHeight,
    };
  });
  const outsideColumns = Math.ceil(outside.length / perColumn);
  const width = Math.max(hostsRight, padding + accountsWidth, outsideX + outsideColumns * (cellWidth + 20)) + padding;
  const height = top + Math.max(tallest, Math.min(outside.length, perColumn) * cellHeight) + padding;
  return { positions, hosts: blocks, width, height };
}
