/** The attack graph as an SVG picture, drawn from the same layout the console uses (for the case report). */
import type { AttackGraph } from '../../core/index.js';
import { layoutAttackGraph } from '../../correlate/index.js';
import { escapeHtml } from './escape-html.js';

const colours: Record<string, string> = {
  host: '#2f6fde',
  user: '#8b4fd6',
  ip: '#e07b12',
  domain: '#1f9e92',
  process: '#6b7785',
  file: '#c9a40a',
  registry: '#9a7a56',
  other: '#888888',
};

export function attackGraphSvg(graph: AttackGraph): string {
  const layout = layoutAttackGraph(graph);
  const at = (id: string) => layout.positions[id];
  const onPath = new Set(graph.path ?? []);
  const parts: string[] = [];
  for (const host of layout.hosts) {
    const label = graph.nodes.find((node) => node.id === host.id)?.label ?? host.id;
    parts.push(
      `<rect x="${host.x - 12}" y="${host.y - 6}" width="${host.width + 24}" height="${host.height + 12}" rx="8" fill="#f3f6fb" stroke="#2f6fde" stroke-width="2"/>`,
      `<text x="${host.x + host.width / 2}" y="${host.y + 16}" text-anchor="middle" font-size="15" font-weight="bold">${escapeHtml(label)}</text>`,
    );
  }
  const blocks = new Map(layout.hosts.map((host) => [host.id, host]));
  for (const edge of graph.edges) {
    const between = edge.relation === 'remote-logon' || edge.relation === 'remote-execution';
    const fromBlock = blocks.get(edge.from);
    const toBlock = blocks.get(edge.to);
    const from =
      fromBlock && between
        ? { x: fromBlock.x + fromBlock.width + 12, y: fromBlock.y + fromBlock.height / 2 }
        : at(edge.from);
    const to = toBlock && between ? { x: toBlock.x - 12, y: toBlock.y + toBlock.height / 2 } : at(edge.to);
    if (!from || !to) continue;
    const bend = between ? (edge.relation === 'remote-logon' ? -40 : 40) : 0;
    const middle = { x: (from.x + to.x) / 2, y: (from.y + to.y) / 2 + bend };
    const colour = between ? '#d93025' : edge.stage ? '#d9822b' : '#b8c0cc';
    parts.push(
      `<path d="M${from.x},${from.y} Q${middle.x},${middle.y} ${to.x},${to.y}" fill="none" stroke="${colour}" stroke-width="${between ? 3.5 : edge.stage ? 1.8 : 1}" marker-end="url(#arrow)"${edge.stage || between ? '' : ' opacity="0.5"'}/>`,
    );
    if (between) {
      const text = `${edge.relation === 'remote-logon' ? 'logon' : 'remote execution'}: ${edge.detail ?? edge.account ?? ''}`;
      parts.push(
        `<text x="${middle.x}" y="${middle.y + (bend < 0 ? -6 : 14)}" text-anchor="middle" font-size="12" font-weight="bold" fill="#a8201a">${escapeHtml(text)}</text>`,
      );
    }
  }
  for (const node of graph.nodes) {
    const position = at(node.id);
    if (!position || (node.kind === 'host' && blocks.has(node.id))) continue;
    const dim = onPath.size > 0 && !onPath.has(node.id);
    const label = node.label.length > 26 ? `${node.label.slice(0, 25)}…` : node.label;
    parts.push(
      `<g${dim ? ' opacity="0.4"' : ''}><circle cx="${position.x}" cy="${position.y}" r="8" fill="${colours[node.kind] ?? '#888'}"${onPath.has(node.id) ? ' stroke="#d9822b" stroke-width="2.5"' : ''}/>`,
      `<text x="${position.x}" y="${position.y + 22}" text-anchor="middle" font-size="11">${escapeHtml(label)}</text></g>`,
    );
  }
  return `<svg xmlns="http://www.w3.org/2000/svg" viewBox="0 0 ${layout.width} ${layout.height}" width="100%" role="img" aria-label="Attack graph" font-family="sans-serif"><defs><marker id="arrow" viewBox="0 0 10 10" refX="9" refY="5" markerWidth="6" markerHeight="6" orient="auto-start-reverse"><path d="M0,0 L10,5 L0,10 z" fill="#888"/></marker></defs>${parts.join('')}</svg>`;
}
