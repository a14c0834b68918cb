/**
 * The case report of one incident, as HTML (and PDF through `render-pdf.ts`): summary, kill
 * chain, the attack graph as a picture, the timeline, the reasoning stages with their evidence
 * in words, the plan with every decision and who made it, the indicators, and an excerpt of the
 * audit chain. One function: `GET /incidents/:id/report` and `vigil report` both call it.
 * Every value from logs or intelligence is escaped.
 */
import type { AuditEntry } from '../../core/index.js';
import type { KillChainKnowledge } from '../../detect/index.js';
import type { ProposalSources } from '../approvals/proposal-views.js';
import { type IncidentDetail, incidentDetail } from '../incidents/incident-views.js';
import { escapeHtml as h } from './escape-html.js';
import { attackGraphSvg } from './graph-svg.js';

const auditExcerpt = 40;
const timelineRows = 400;

const time = (iso: string | undefined) => (iso ? iso.replace('T', ' ').replace(/\.\d+Z$|Z$/, ' UTC') : '');
const words = (text: string) => text.replaceAll('-', ' ');

function section(title: string, body: string): string {
  return `<section><h2>${h(title)}</h2>${body}</section>`;
}

function summary(detail: IncidentDetail): string {
  const { incident, artifacts } = detail;
  const rows: Array<[string, string]> = [
    ['Severity', incident.severity],
    ['Status', incident.status],
    ['First seen', time(incident.firstSeen)],
    ['Last seen', time(incident.lastSeen)],
    ['Hosts', incident.entities.hosts.join(', ')],
    ['Accounts', incident.entities.users.join(', ')],
    ['Alerts', `${incident.alertIds.length} (${detail.foldedAlerts.length} distinct after folding repeats)`],
  ];
  if (artifacts.context?.impact) rows.push(['Impact', `${artifacts.context.impact.score}/100`]);
  if (artifacts.sequence) {
    rows.push(['Current stage', words(artifacts.sequence.currentStage)]);
    rows.push(['Confidence', `${Math.round(artifacts.sequence.confidence * 100)}%`]);
  }
  if (artifacts.context?.attackVector)
    rows.push([
      'Attack vector',
      `${words(artifacts.context.attackVector.vector)}: ${artifacts.context.attackVector.rationale}`,
    ]);
  return `<table class="facts">${rows.map(([key, value]) => `<tr><th>${h(key)}</th><td>${h(value)}</td></tr>`).join('')}</table>`;
}

function killChain(detail: IncidentDetail): string {
  const columns = detail.killChain.columns
    .map(
      (column) =>
        `<div class="tactic"><h3>${h(words(column.tactic))} <small>${column.alerts} alert(s)</small></h3><ul>${column.techniques
          .map((technique) => `<li><code>${h(technique.id)}</code> ${h(technique.name ?? '')}</li>`)
          .join('')}</ul></div>`,
    )
    .join('');
  const note =
    detail.killChain.placement === 'rule-tags'
      ? '<p class="muted">Techniques under the tactics their rules were tagged with (no ATT&amp;CK catalogue loaded).</p>'
      : '';
  return `<div class="kill-chain">${columns}</div>${note}`;
}

function timeline(detail: IncidentDetail): string {
  const rows = detail.timeline
    .slice(0, timelineRows)
    .map(
      (entry) =>
        `<tr class="${entry.kind}"><td class="when">${h(time(entry.at))}</td><td>${h(entry.kind === 'alert' ? `alert (${entry.severity ?? ''})` : (entry.source ?? ''))}</td><td>${h(entry.host ?? '')}</td><td>${h(entry.summary)}${entry.count ? ` <small>×${entry.count} until ${h(time(entry.lastSeen))}</small>` : ''}</td></tr>`,
    );
  const more =
    detail.timeline.length > timelineRows
      ? `<p class="muted">${detail.timeline.length - timelineRows} more entries not shown.</p>`
      : '';
  return `<table class="grid"><thead><tr><th>When</th><th>Source</th><th>Host</th><th>What happened</th></tr></thead><tbody>${rows.join('')}</tbody></table>${more}`;
}

function evidenceList(detail: IncidentDetail, references: readonly { kind: string; id: string }[]): string {
  const labels = [
    ...new Set(
      references.map((reference) => detail.evidenceLabels[reference.id] ?? `${reference.kind} ${reference.id}`),
    ),
  ];
  return `<ul class="evidence">${labels
    .slice(0, 8)
    .map((label) => `<li>${h(label)}</li>`)
    .join('')}${labels.length > 8 ? `<li>… ${labels.length - 8} more</li>` : ''}</ul>`;
}

function stages(detail: IncidentDetail): string {
  const steps = detail.artifacts.sequence?.steps ?? [];
  if (steps.length === 0) return '<p class="muted">No attack sequence stored.</p>';
  return steps
    .map(
      (step) =>
        `<div class="step"><h3>${h(words(step.tactic))} <small>${Math.round(step.confidence * 100)}% · ${h(step.techniques.join(', '))}</small></h3><p>${h(step.summary)}</p>${evidenceList(detail, step.evidence)}</div>`,
    )
    .join('');
}

function plan(detail: IncidentDetail): string {
  const rows = detail.proposals.map((view) => {
    const { proposal } = view;
    const decisions = view.approvals.length
      ? view.approvals
          .map(
            (approval) =>
              `${approval.decision} by ${approval.decidedBy} at ${time(approval.decidedAt)}${approval.reason ? ` (${approval.reason})` : ''}`,
          )
          .join('; ')
      : view.status === 'automatic'
        ? `run by the policy without an analyst${view.policy?.reasons[0] ? ` (${view.policy.reasons[0]})` : ''}`
        : view.status === 'refused'
          ? `refused by the policy${view.policy?.reasons[0] ? ` (${view.policy.reasons[0]})` : ''}`
          : `${view.status}: needs ${view.requiredApprovers} approver(s)`;
    const parameters = Object.entries(proposal.parameters)
      .map(([key, value]) => `${key}: ${typeof value === 'object' ? JSON.stringify(value) : String(value)}`)
      .join(' · ');
    return `<tr><td><b>${h(proposal.actionType)}</b><br><small>${h(proposal.risk)} risk${proposal.reversible ? ', reversible' : ''}</small></td><td><code>${h(proposal.target.value)}</code>${parameters ? `<br><small>${h(parameters)}</small>` : ''}</td><td>${h(proposal.rationale)}</td><td>${h(view.status)}${view.run ? `<br><small>run ${h(view.run.stepStatus)}${view.run.connector ? ` on ${h(view.run.connector)}` : ''}</small>` : ''}</td><td>${h(decisions)}</td></tr>`;
  });
  const requester = detail.proposals[0]?.requestedBy;
  return `${requester ? `<p>Proposed by <b>${h(requester)}</b>${detail.artifacts.plan?.summary ? `: ${h(detail.artifacts.plan.summary)}` : ''}</p>` : ''}<table class="grid"><thead><tr><th>Action</th><th>Target</th><th>Why</th><th>Status</th><th>Decisions (who, when)</th></tr></thead><tbody>${rows.join('')}</tbody></table>`;
}

function indicators(detail: IncidentDetail): string {
  const matched = [
    ...new Map(
      detail.foldedAlerts
        .filter((fold) => fold.matched)
        .map((fold) => [`${fold.ruleTitle}|${fold.matched}`, fold] as const),
    ).values(),
  ];
  const hits = detail.foldedIndicatorHits.map(
    (hit) =>
      `<tr><td><code>${h(hit.value)}</code></td><td>${h(hit.type ?? '')}</td><td>${h(hit.source)}</td><td>${hit.confidence}</td><td>${hit.count} event${hit.count === 1 ? '' : 's'}</td></tr>`,
  );
  const folds = matched.map(
    (fold) =>
      `<tr><td><code>${h(fold.matched ?? '')}</code></td><td>${h(fold.ruleTitle)}</td><td>${h(fold.source)}</td><td></td><td>×${fold.count}, ${h(time(fold.firstSeen))} → ${h(time(fold.lastSeen ?? ''))}</td></tr>`,
  );
  if (hits.length + folds.length === 0) return '<p class="muted">No indicator matched.</p>';
  return `<table class="grid"><thead><tr><th>Value</th><th>Type / indicator</th><th>Source</th><th>Confidence</th><th>Seen</th></tr></thead><tbody>${[...hits, ...folds].join('')}</tbody></table>`;
}

function audit(entries: readonly AuditEntry[]): string {
  const rows = entries.map(
    (entry) =>
      `<tr><td>${entry.sequence}</td><td>${h(time(entry.timestamp))}</td><td>${h(entry.actor)}</td><td>${h(entry.action)}</td><td><code>${h(entry.hash.slice(0, 16))}</code></td></tr>`,
  );
  return `<table class="grid"><thead><tr><th>#</th><th>When</th><th>Who</th><th>What</th><th>Chain hash</th></tr></thead><tbody>${rows.join('')}</tbody></table>`;
}

const styles = `
body{font-family:system-ui,sans-serif;color:#1c2430;margin:24px;font-size:12px;line-height:1.4}
h1{font-size:20px;margin:0 0 4px}h2{font-size:15px;border-bottom:2px solid #2f6fde;padding-bottom:2px;margin:22px 0 8px;break-after:avoid}
h3{font-size:13px;margin:6px 0 2px;text-transform:capitalize}h3 small{text-transform:none;color:#5d6b7c;font-weight:normal}
.muted,small{color:#5d6b7c}table{border-collapse:collapse;width:100%}th,td{text-align:left;vertical-align:top;padding:3px 6px}
table.grid th{background:#eef2f7}table.grid td{border-top:1px solid #dde3ea}table.grid tr{break-inside:avoid}
table.facts th{width:140px;color:#5d6b7c;font-weight:600}td.when{white-space:nowrap}tr.alert td{font-weight:600}
code{font-family:ui-monospace,monospace;font-size:11px;overflow-wrap:anywhere}
.kill-chain{display:grid;grid-template-columns:repeat(4,1fr);gap:6px}.tactic{border:1px solid #dde3ea;border-radius:4px;padding:4px 8px;break-inside:avoid}
.tactic ul,.evidence{margin:0;padding-left:16px}.tactic code{white-space:nowrap}.step{break-inside:avoid}
.graph{border:1px solid #dde3ea;border-radius:6px;padding:6px;break-inside:avoid}
.badge{display:inline-block;padding:1px 8px;border-radius:10px;color:#fff;background:#c62828;font-size:12px;text-transform:uppercase}
@page{size:A4;margin:14mm}`;

export interface CaseReportSources extends ProposalSources {
  attack?: KillChainKnowledge | undefined;
}

/** The case report of an incident as one self-contained HTML document. */
export async function caseReportHtml(
  sources: CaseReportSources,
  incidentId: string,
  generatedAt: Date,
): Promise<string> {
  const detail = await incidentDetail(sources, incidentId);
  const entries = (await sources.store.listAudit({ subjectId: incidentId })).slice(-auditExcerpt);
  const { incident } = detail;
  const graph = detail.graph
    ? `<div class="graph">${attackGraphSvg(detail.graph)}</div><p class="muted">Hosts are frames holding their processes and files; the attack path is outlined in orange, context dimmed; red arrows are logons and remote execution between hosts.</p>`
    : '<p class="muted">No attack graph stored.</p>';
  return `<!doctype html><html lang="en"><head><meta charset="utf-8"><title>${h(`Case report: ${incident.title}`)}</title><style>${styles}</style></head><body>
<h1><span class="badge">${h(incident.severity)}</span> ${h(incident.title)}</h1>
<p class="muted">Case report of ${h(incident.id)} · generated ${h(time(generatedAt.toISOString()))} by Vigil</p>
${section('Summary', summary(detail))}
${section('Kill chain', killChain(detail))}
${section('Attack graph', graph)}
${section('Attack sequence and evidence', stages(detail))}
${section('Response plan and decisions', plan(detail))}
${section('Indicators', indicators(detail))}
${section('Timeline', timeline(detail))}
${section(`Audit excerpt (last ${entries.length} entries about this incident)`, audit(entries))}
</body></html>`;
}
