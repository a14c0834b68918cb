/**
 * The evaluation as one self-contained HTML page: the side-by-side table, grouped bar charts of
 * the rates and the knowledge-reuse curve along the sequence, as inline SVG (no script, no network).
 */
import type { EvaluationReport } from '../run-evaluation.js';
import { metricRows, precisionRecall } from './format-metric.js';

const escapeHtml = (text: string) =>
  text.replaceAll('&', '&amp;').replaceAll('<', '&lt;').replaceAll('>', '&gt;').replaceAll('"', '&quot;');
const palette = ['#2f6fb0', '#d08a2c', '#5a9e5a', '#9a5ab0'];

function barChart(report: EvaluationReport): string {
  const rates = metricRows.filter((row) => !row.label.startsWith('Response latency'));
  const width = 760;
  const rowHeight = 18 * report.systems.length + 14;
  const height = rates.length * rowHeight + 30;
  const left = 250;
  const scale = (value: number) => (width - left - 60) * Math.max(0, Math.min(1, value));
  const bars = rates.flatMap((row, rowIndex) => {
    const y = 20 + rowIndex * rowHeight;
    return [
      `<text x="${left - 8}" y="${y + 12}" text-anchor="end" font-size="12">${escapeHtml(row.label)}</text>`,
      ...report.systems.map((system, index) => {
        const value = row.raw(system.overall);
        const barY = y + index * 18;
        return value === undefined
          ? `<text x="${left + 4}" y="${barY + 12}" font-size="11" fill="#888">–</text>`
          : `<rect x="${left}" y="${barY}" width="${scale(value).toFixed(1)}" height="14" fill="${palette[index % palette.length]}"/><text x="${left + scale(value) + 4}" y="${barY + 11}" font-size="11">${(100 * value).toFixed(1)}%</text>`;
      }),
    ];
  });
  return `<svg xmlns="http://www.w3.org/2000/svg" width="${width}" height="${height}" role="img" aria-label="rates by system">${bars.join('')}</svg>`;
}

function reuseCurve(report: EvaluationReport): string {
  const width = 760;
  const height = 220;
  const count = report.scenarios.length;
  if (count === 0) return '';
  const x = (index: number) => 50 + ((width - 70) * index) / Math.max(1, count - 1);
  const y = (value: number) => height - 30 - (height - 50) * value;
  const lines = report.systems.map((system, index) => {
    const points = system.overall.knowledgeReuseCurve
      .map((value, position) => `${x(position).toFixed(1)},${y(value).toFixed(1)}`)
      .join(' ');
    return `<polyline fill="none" stroke="${palette[index % palette.length]}" stroke-width="2" points="${points}"/>`;
  });
  const axes = `<line x1="50" y1="${y(0)}" x2="${width - 20}" y2="${y(0)}" stroke="#444"/><line x1="50" y1="${y(0)}" x2="50" y2="${y(1)}" stroke="#444"/><text x="44" y="${y(1) + 4}" text-anchor="end" font-size="11">100%</text><text x="44" y="${y(0) + 4}" text-anchor="end" font-size="11">0%</text><text x="${width / 2}" y="${height - 6}" text-anchor="middle" font-size="11">scenario in sequence (1 … ${count})</text>`;
  return `<svg xmlns="http://www.w3.org/2000/svg" width="${width}" height="${height}" role="img" aria-label="knowledge reuse along the sequence">${axes}${lines.join('')}</svg>`;
}

export function htmlReport(report: EvaluationReport): string {
  const header = report.systems
    .map((system, index) => `<th style="color:${palette[index % palette.length]}">${escapeHtml(system.system)}</th>`)
    .join('');
  const rows = metricRows
    .map(
      (row) =>
        `<tr><td>${escapeHtml(row.label)}</td>${report.systems.map((system) => `<td>${escapeHtml(row.value(system.overall))}</td>`).join('')}<td class="limit">${escapeHtml(row.limit)}</td></tr>`,
    )
    .join('\n');
  const scenarios = report.scenarios
    .map((scenario, index) => {
      const cells = report.systems.map((system) => {
        const row = system.scenarios[index];
        return `<td>${row ? (row.error ? 'failed' : `${row.incidents} inc., technique P/R ${precisionRecall(row.parentTechniques)} (parent), ${row.executed} run, ${row.falseActions} false`) : ''}</td>`;
      });
      return `<tr><td>${index + 1}</td><td>${escapeHtml(scenario.id)}</td><td>${scenario.kind}</td>${cells.join('')}</tr>`;
    })
    .join('\n');
  return `<!doctype html>
<html lang="en"><head><meta charset="utf-8"><title>Vigil evaluation</title>
<style>body{font-family:system-ui,sans-serif;margin:2rem;max-width:1100px}table{border-collapse:collapse;margin:1rem 0}td,th{border:1px solid #ccc;padding:4px 8px;font-size:13px;text-align:left}.limit{color:#555;font-size:12px}</style>
</head><body>
<h1>Vigil evaluation</h1>
<p>${report.scenarios.length} scenarios, generated ${escapeHtml(report.generatedAt)}.</p>
<table><thead><tr><th>Metric</th>${header}<th>What limits it</th></tr></thead><tbody>
${rows}
</tbody></table>
<h2>Rates</h2>
${barChart(report)}
<h2>Knowledge reuse along the sequence</h2>
${reuseCurve(report)}
<h2>Scenarios</h2>
<table><thead><tr><th>#</th><th>Scenario</th><th>Kind</th>${header}</tr></thead><tbody>
${scenarios}
</tbody></table>
</body></html>
`;
}
