import cytoscape from 'cytoscape';
import { useEffect, useRef } from 'react';
import type { AttackGraph as Graph, GraphEdge, GraphLayout, GraphNode } from '../api-types';
import { title } from './format';

const colours: Record<string, string> = {
  host: '#4c8dff',
  user: '#b57bff',
  ip: '#ff9f43',
  domain: '#2ec4b6',
  process: '#9aa5b1',
  file: '#f4d35e',
  registry: '#c0a080',
  other: '#888888',
};

export interface Selection {
  label: string;
  detail: string[];
  evidence: string[];
}

const edgeId = (edge: GraphEdge) => `${edge.from}|${edge.relation}|${edge.to}|${edge.account ?? ''}`;
/** Relations between hosts: always labelled (account and method). */
const hostToHost = new Set(['remote-logon', 'remote-execution']);

function nodeFacts(node: GraphNode): string[] {
  const facts = Object.entries(node.properties ?? {}).map(([key, value]) => `${key}: ${value}`);
  if (node.stage) facts.unshift(`on the attack path (${title(node.stage)})`);
  return facts;
}

/**
 * The incident's attack graph, drawn where the API's layout puts it: hosts as frames holding
 * their processes, files and keys; accounts above; the outside world on the right. The attack
 * path (what the alerts show, in kill-chain order) is bright, the rest dimmed; host-to-host
 * logons and remote execution carry the account and method. Clicking a node or edge selects its events.
 */
export function AttackGraph({
  graph,
  layout,
  flaggedValues,
  onSelect,
}: {
  graph: Graph;
  layout: GraphLayout;
  /** Lower-case values matched by threat intelligence: their nodes are outlined in red. */
  flaggedValues: ReadonlySet<string>;
  onSelect: (selection: Selection) => void;
}) {
  const container = useRef<HTMLDivElement>(null);
  useEffect(() => {
    if (!container.current) return;
    const styles = getComputedStyle(document.documentElement);
    const text = styles.getPropertyValue('--text').trim() || '#ddd';
    const panel = styles.getPropertyValue('--panel').trim() || '#171e26';
    const border = styles.getPropertyValue('--border').trim() || '#2a3441';
    const onPath = new Set(graph.path ?? []);
    const anyPath = onPath.size > 0;
    const hosts = new Set(graph.nodes.filter((node) => node.kind === 'host').map((node) => node.id));
    const parentOf = (node: GraphNode) =>
      node.host && hosts.has(node.host) && graph.nodes.some((other) => other.host === node.host)
        ? node.host
        : undefined;
    const elements: cytoscape.ElementDefinition[] = [
      ...graph.nodes.map((node) => ({
        data: {
          id: node.id,
          label: node.label.length > 26 ? `${node.label.slice(0, 25)}…` : node.label,
          kind: node.kind,
          flagged: flaggedValues.has(node.label.toLowerCase()) ? 1 : 0,
          path: !anyPath || onPath.has(node.id) ? 1 : 0,
          ...(parentOf(node) ? { parent: parentOf(node) } : {}),
        },
        position: layout.positions[node.id] ?? { x: 0, y: 0 },
      })),
      ...graph.edges.map((edge) => ({
        data: {
          id: edgeId(edge),
          source: edge.from,
          target: edge.to,
          label: hostToHost.has(edge.relation)
            ? `${edge.relation === 'remote-logon' ? 'logon' : 'remote execution'}: ${edge.detail ?? edge.account ?? ''}`
            : edge.relation,
          relation: edge.relation,
          between: hostToHost.has(edge.relation) ? 1 : 0,
          path: !anyPath || edge.stage ? 1 : 0,
        },
      })),
    ];
    const graphView = cytoscape({
      container: container.current,
      elements,
      layout: { name: 'preset', fit: true, padding: 20 },
      minZoom: 0.2,
      maxZoom: 3,
      wheelSensitivity: 0.3,
      style: [
        {
          selector: 'node',
          style: {
            'background-color': (element: cytoscape.NodeSingular) => colours[String(element.data('kind'))] ?? '#888',
            label: 'data(label)',
            color: text,
            'font-size': 12,
            'text-valign': 'bottom',
            'text-margin-y': 3,
            'text-background-color': panel,
            'text-background-opacity': 0.85,
            'text-background-padding': '1px',
            width: 18,
            height: 18,
          },
        },
        {
          selector: 'node:parent',
          style: {
            'background-color': panel,
            'background-opacity': 0.6,
            'border-color': colours.host ?? '#4c8dff',
            'border-width': 2,
            shape: 'round-rectangle',
            'text-valign': 'top',
            'text-halign': 'center',
            'text-margin-y': -4,
            'font-size': 14,
            'font-weight': 'bold',
            padding: '14px',
          },
        },
        { selector: 'node[kind = "host"]', style: { shape: 'round-rectangle', width: 26, height: 26 } },
        { selector: 'node[flagged = 1]', style: { 'border-width': 3, 'border-color': '#ff4d4f' } },
        { selector: 'node[path = 0]', style: { opacity: 0.35 } },
        {
          selector: 'node[path = 1][kind != "host"]',
          style: { 'border-width': 2, 'border-color': '#ffb347' },
        },
        {
          selector: 'edge',
          style: {
            width: 1.2,
            'line-color': border,
            'target-arrow-color': border,
            'target-arrow-shape': 'triangle',
            'arrow-scale': 0.8,
            'curve-style': 'bezier',
            'font-size': 9,
            color: text,
          },
        },
        { selector: 'edge[path = 1]', style: { width: 2, 'line-color': '#d9822b', 'target-arrow-color': '#d9822b' } },
        { selector: 'edge[path = 0]', style: { opacity: 0.3 } },
        {
          selector: 'edge[between = 1]',
          style: {
            width: 3.5,
            'line-color': '#ff5c5c',
            'target-arrow-color': '#ff5c5c',
            label: 'data(label)',
            'font-size': 12,
            'font-weight': 'bold',
            'text-background-color': panel,
            'text-background-opacity': 0.95,
            'text-background-padding': '3px',
            'text-wrap': 'wrap',
            'curve-style': 'unbundled-bezier',
            'text-max-width': '200px',
            opacity: 1,
          },
        },
        { selector: 'edge[relation = "remote-logon"]', style: { 'control-point-distances': [-50] } },
        { selector: 'edge[relation = "remote-execution"]', style: { 'control-point-distances': [50] } },
        { selector: 'edge:selected', style: { label: 'data(label)', 'line-color': '#ffd166', width: 3 } },
        { selector: 'node:selected', style: { 'border-width': 3, 'border-color': '#ffd166' } },
      ],
    });
    const nodesById = new Map(graph.nodes.map((node) => [node.id, node]));
    const edgesById = new Map(graph.edges.map((edge) => [edgeId(edge), edge]));
    graphView.on('tap', 'node, edge', (event) => {
      const id = String(event.target.id());
      const node = nodesById.get(id);
      const edge = edgesById.get(id);
      if (node)
        onSelect({ label: `${node.kind} ${node.label}`, detail: nodeFacts(node), evidence: node.eventIds ?? [] });
      else if (edge) {
        const from = nodesById.get(edge.from)?.label ?? edge.from;
        const to = nodesById.get(edge.to)?.label ?? edge.to;
        onSelect({
          label: `${from} ${edge.relation} ${to}`,
          detail: [edge.detail ?? '', `${edge.count} time(s), ${edge.firstSeen} → ${edge.lastSeen}`].filter(Boolean),
          evidence: edge.eventIds,
        });
      }
    });
    return () => graphView.destroy();
  }, [graph, layout, flaggedValues, onSelect]);
  const between = graph.edges.filter((edge) => hostToHost.has(edge.relation));
  return (
    <div className="graph-wrap">
      <div
        ref={container}
        className="graph"
        style={{ aspectRatio: `${layout.width} / ${layout.height}` }}
        data-testid="attack-graph"
        data-nodes={graph.nodes.length}
        data-host-edges={JSON.stringify(
          between.map((edge) => ({ from: edge.from, to: edge.to, relation: edge.relation, account: edge.account })),
        )}
      />
      <ul className="legend">
        {Object.entries(colours).map(([kind, colour]) => (
          <li key={kind}>
            <span className="swatch" style={{ background: colour }} />
            {kind}
          </li>
        ))}
        <li>
          <span className="swatch path" /> attack path (bright), context (dimmed)
        </li>
        <li>
          <span className="swatch between" /> logon / remote execution between hosts
        </li>
      </ul>
    </div>
  );
}
