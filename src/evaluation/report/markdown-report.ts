/** The evaluation as Markdown: the side-by-side table, then per-scenario rows for each system. */
import type { EvaluationReport } from '../run-evaluation.js';
import { metricRows, milliseconds, precisionRecall } from './format-metric.js';

export function markdownReport(report: EvaluationReport): string {
  const systems = report.systems;
  const lines: string[] = [
    '# Vigil evaluation',
    '',
    `${report.scenarios.length} scenarios (${report.scenarios.filter((item) => item.kind === 'attack').length} attack, ${report.scenarios.filter((item) => item.kind === 'benign').length} benign), ${report.generatedAt}.`,
    '',
    `| Metric | ${systems.map((item) => item.system).join(' | ')} | What limits it |`,
    `| --- | ${systems.map(() => '---').join(' | ')} | --- |`,
    ...metricRows.map(
      (row) => `| ${row.label} | ${systems.map((item) => row.value(item.overall)).join(' | ')} | ${row.limit} |`,
    ),
    `| Incidents / proposed / executed actions | ${systems.map((item) => `${item.overall.incidents} / ${item.overall.proposed} / ${item.overall.executed}`).join(' | ')} | |`,
    '',
  ];
  if (report.problems.length > 0) {
    lines.push('## Scenarios left out', '');
    for (const problem of report.problems)
      lines.push(`- ${problem.file}${problem.line ? `:${problem.line}` : ''}: ${problem.reason}`);
    lines.push('');
  }
  for (const system of systems) {
    lines.push(
      `## ${system.system}`,
      '',
      '| Scenario | Kind | Incidents | Tactic P / R | Technique P / R (exact) | Technique P / R (parent) | Auto | Executed | False | Latency | Reuse |',
      '| --- | --- | --- | --- | --- | --- | --- | --- | --- | --- | --- |',
    );
    system.scenarios.forEach((row, index) => {
      const outcome = system.outcomes[index];
      lines.push(
        `| ${row.scenarioId}${row.error ? ` (failed: ${row.error.replaceAll('|', '/')})` : ''} | ${row.kind} | ${row.incidents} | ${precisionRecall(row.tactics)} | ${precisionRecall(row.techniques)} | ${precisionRecall(row.parentTechniques)} | ${row.automatic}/${row.proposed} | ${row.executed} | ${row.falseActions} | ${milliseconds(row.latencyMs)} | ${row.reusingIncidents}${outcome?.reuse.sources.length ? ` (${outcome.reuse.sources.join(', ')})` : ''} |`,
      );
    });
    lines.push('');
  }
  return `${lines.join('\n')}\n`;
}
