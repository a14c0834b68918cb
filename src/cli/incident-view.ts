/** Human rendering of an incident report for the terminal. */
import type { incidentReport } from '../pipeline/index.js';
import { type Output, paint } from './output.js';

type IncidentReport = ReturnType<typeof incidentReport>;

const severityStyle = {
  informational: 'gray',
  low: 'cyan',
  medium: 'yellow',
  high: 'red',
  critical: 'magenta',
} as const;

export function renderIncident(incident: IncidentReport, output: Output): string {
  const lines: string[] = [];
  lines.push('');
  lines.push(
    `${paint(output, ['bold', severityStyle[incident.severity]], `[${incident.severity.toUpperCase()}]`)} ${paint(output, 'bold', incident.title)}`,
  );
  lines.push(`  id ${incident.id}`);
  lines.push(
    `  ${incident.firstSeen} → ${incident.lastSeen}   confidence ${incident.confidence}   impact ${incident.impact.score}/100`,
  );
  const entities = Object.entries(incident.entities)
    .filter(([, values]) => values.length > 0)
    .map(
      ([kind, values]) =>
        `${kind}: ${values.slice(0, 4).join(', ')}${values.length > 4 ? ` (+${values.length - 4})` : ''}`,
    );
  for (const entity of entities) lines.push(`  ${entity}`);
  lines.push(paint(output, 'bold', '  Attack sequence'));
  for (const stage of incident.stages) {
    const marker = stage.tactic === incident.currentStage ? '▶' : '•';
    lines.push(
      `   ${marker} ${stage.tactic.padEnd(22)} ${stage.techniques.join(', ').padEnd(24)} ${stage.firstSeen.slice(11, 19)}  (${stage.alerts.length} alert${stage.alerts.length === 1 ? '' : 's'})`,
    );
  }
  for (const actor of incident.attribution.slice(0, 3))
    lines.push(
      `  attributed by the intelligence to ${actor.kind} ${actor.name}${actor.attackId ? ` (${actor.attackId})` : ''}${actor.observedTechniques.length > 0 ? `, known for ${actor.observedTechniques.slice(0, 5).join(', ')} seen here` : ''}`,
    );
  if (incident.likelyNext.length > 0) lines.push(`   likely next: ${incident.likelyNext.join(', ')}`);
  for (const next of incident.sequence.likelyNext)
    if (next.basis === 'threat-intelligence' && next.techniques)
      lines.push(
        paint(
          output,
          'gray',
          next.tactic === 'unknown'
            ? `     expect ${next.techniques.join(', ')} (not observed; tactics unknown: no ATT&CK catalogue is loaded, --attack FILE)`
            : `     expect ${next.tactic}: ${next.techniques.join(', ')} (not observed)`,
        ),
      );
  lines.push(paint(output, 'bold', `  Response plan (${incident.plan.reasoner})`));
  incident.plan.actions.forEach((action, index) => {
    const risk = action.risk === 'high' || action.risk === 'critical' ? paint(output, 'red', action.risk) : action.risk;
    lines.push(
      `   ${String(index + 1).padStart(2)}. ${action.actionType.padEnd(18)} ${action.target.value.padEnd(40)} risk ${risk}${action.reversible ? ', reversible' : ''}`,
    );
    lines.push(
      paint(
        output,
        'gray',
        `       ${action.rationale}; evidence: ${action.evidence
          .map((reference) => `${reference.kind}:${reference.id.slice(0, 18)}`)
          .slice(0, 3)
          .join(' ')}`,
      ),
    );
  });
  return lines.join('\n');
}
