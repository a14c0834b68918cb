import cytoscape from 'cytoscape';
import { useEffect, useRef } from 'react';
import type { Alert, GraphEdge, GraphNode } from '../api-types';

const colours: Record<string, string> = {
  host: '#4c8dff',
  user: '#b57bff',
  ip: '#ff9f43',
  domain: '#2ec4b6',
  process: '#9aa5b1',
  file: '#f4d35e',
  registry: '#c0a080',
  event: '#e06c75',
  other: '#888888',
};

export interface Selection {
  label: string;
  evidence: string[];
  alerts: string[];
}

/** The incident's entities and relations, drawn with cytoscape; clicking a node or edge selects its evidence. */
const edgeId = (edge: GraphEdge) => `${edge.from}|${edge.relation}|${edge.to}`;

/** Alerts raised on any of the given events. */
function alertsOf(alerts: readonly Alert[], eventIds: readonly string[]): string[] {
  const events = new Set(eventIds);
  return alerts.filter((alert) => alert.eventIds.some((id) => events.has(id))).map((alert) => alert.id);
}

export function AttackGraph({
  nodes,
  edges,
  alerts,
  flaggedValues,
  onSelect,
}: {
  nodes: GraphNode[];
  edges: GraphEdge[];
  alerts: readonly Alert[];
  /** Lower-case values matched by threat intelligence: their nodes are outlined. */
  flaggedValues: ReadonlySet<string>;
  onSelect: (selection: Selection) => void;
}) {
  const container = useRef<HTMLDivElement>(null);
  useEffect(() => {
    if (!container.current) return;
    const styles = getComputedStyle(document.documentElement);
    const text = styles.getPropertyValue('--text').trim() || '#ddd';
    const graph = cytoscape({
      container: container.current,
      elements: [
        ...nodes.map((node) => ({
          data: {
            id: node.id,
            label: node.label.length > 38 ? `…${node.label.slice(-36)}` : node.label,
            kind: node.kind,
            flagged: flaggedValues.has(node.label.toLowerCase()) ? 1 : 0,
          },
        })),
        ...edges.map((edge) => ({
          data: { id: edgeId(edge), source: edge.from, target: edge.to, label: edge.relation },
        })),
      ],
      layout: { name: 'cose', animate: false, padding: 24, nodeRepulsion: () => 9000 },
      minZoom: 0.3,
      maxZoom: 3,
      style: [
        {
          selector: 'node',
          style: {
            'background-color': (element) => colours[String(element.data('kind'))] ?? '#888',
            label: 'data(label)',
            color: text,
            'font-size': 10,
            'text-valign': 'bottom',
            'text-margin-y': 4,
            width: 22,
            height: 22,
          },
        },
        { selector: 'node[flagged = 1]', style: { 'border-width': 3, 'border-color': '#ff4d4f' } },
        {
          selector: 'edge',
          style: {
            width: 1.5,
            'line-color': '#7a8594',
            'target-arrow-color': '#7a8594',
            'target-arrow-shape': 'triangle',
            'curve-style': 'bezier',
            label: 'data(label)',
            'font-size': 8,
            color: text,
            'text-rotation': 'autorotate',
          },
        },
        { selector: ':selected', style: { 'border-width': 3, 'border-color': '#ffd166', 'line-color': '#ffd166' } },
      ],
    });
    const nodesById = new Map(nodes.map((node) => [node.id, node]));
    const edgesById = new Map(edges.map((edge) => [edgeId(edge), edge]));
    graph.on('tap', 'node, edge', (event) => {
      const id = String(event.target.id());
      const node = nodesById.get(id);
      const edge = edgesById.get(id);
      if (node) {
        const evidence = [
          ...new Set(edges.filter((item) => item.from === id || item.to === id).flatMap((item) => item.eventIds)),
        ];
        onSelect({ label: `${node.kind} ${node.label}`, evidence, alerts: alertsOf(alerts, evidence) });
      } else if (edge)
        onSelect({
          label: `${edge.from} ${edge.relation} ${edge.to}`,
          evidence: edge.eventIds,
          alerts: alertsOf(alerts, edge.eventIds),
        });
    });
    return () => graph.destroy();
  }, [nodes, edges, alerts, flaggedValues, onSelect]);
  return (
    <div className="graph-wrap">
      <div ref={container} className="graph" data-testid="attack-graph" data-nodes={nodes.length} />
      <ul className="legend">
        {Object.entries(colours).map(([kind, colour]) => (
          <li key={kind}>
            <span className="swatch" style={{ background: colour }} />
            {kind}
          </li>
        ))}
      </ul>
    </div>
  );
}
