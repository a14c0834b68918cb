import { useCallback, useMemo, useState } from 'react';
import type { IncidentDetail } from '../api-types';
import type { ViewProps } from '../app';
import { useApi } from '../use-api';
import { AttackGraph, type Selection } from './attack-graph';
import { CaseReportLinks } from './case-report-links';
import { EvidenceViewer } from './evidence-viewer';
import { time } from './format';
import { IncidentCasePanel } from './incident-case';
import { IncidentFeedbackPanel } from './incident-feedback';
import { IncidentSharingPanel } from './incident-sharing';
import { KillChain } from './kill-chain';
import { ProposalCard } from './proposal-card';
import { StageClaims } from './stage-claims';

export function IncidentPage({ client, session, version, incidentId }: ViewProps & { incidentId: string }) {
  const [decided, setDecided] = useState(0);
  const { data, error } = useApi<IncidentDetail>(
    client,
    `/api/v1/incidents/${encodeURIComponent(incidentId)}`,
    version + decided,
  );
  const [selection, setSelection] = useState<Selection | undefined>(undefined);
  const select = useCallback((value: Selection) => setSelection(value), []);
  const [opened, setOpened] = useState<string | undefined>(undefined);
  const flagged = useMemo(
    () => new Set((data?.indicatorHits ?? []).map((hit) => hit.value.toLowerCase())),
    [data?.indicatorHits],
  );
  if (error) return <p className="error">{error}</p>;
  if (!data) return <p className="muted">Loading…</p>;
  const { incident, artifacts } = data;
  const highlighted = new Set(selection?.evidence ?? []);
  return (
    <section className="incident">
      <p className="incident-links">
        <a href="#/incidents">← Incident queue</a>
        <CaseReportLinks client={client} incidentId={incident.id} />
      </p>
      <h1>
        <span className={`badge ${incident.severity}`}>{incident.severity}</span> {incident.title}
      </h1>
      <p className="muted">
        {incident.id} · {incident.status} · {time(incident.firstSeen)} → {time(incident.lastSeen)}
        {artifacts.context?.impact ? ` · impact ${artifacts.context.impact.score}/100` : ''}
        {artifacts.sequence?.confidence !== undefined
          ? ` · confidence ${Math.round(artifacts.sequence.confidence * 100)}%`
          : ''}
      </p>
      <KillChain view={data.killChain} current={artifacts.sequence?.currentStage} />
      {opened ? (
        <EvidenceViewer
          client={client}
          detail={data}
          id={opened}
          onOpen={setOpened}
          onClose={() => setOpened(undefined)}
        />
      ) : null}
      <div className="panel graph-panel">
        <h2>
          Attack graph{' '}
          <small className="muted">
            (
            {data.graph
              ? `${data.graph.nodes.filter((node) => node.kind === 'host').length} hosts, ${data.graph.nodes.length} entities${data.graph.truncated ? ', truncated' : ''}`
              : 'not built yet'}
            )
          </small>
        </h2>
        <div className="graph-and-selection">
          {data.graph && data.graphLayout ? (
            <AttackGraph graph={data.graph} layout={data.graphLayout} flaggedValues={flagged} onSelect={select} />
          ) : (
            <p className="muted">The pipeline has not stored a graph for this incident yet.</p>
          )}
          <div className="graph-selection" data-testid="graph-selection">
            {selection ? (
              <>
                <h3>{selection.label}</h3>
                <ul className="facts-list">
                  {selection.detail.map((line) => (
                    <li key={line}>{line}</li>
                  ))}
                </ul>
                <h3>Events ({selection.evidence.length})</h3>
                <ul className="evidence-events">
                  {selection.evidence.map((id) => (
                    <li key={id}>
                      <button type="button" className="link" onClick={() => setOpened(id)}>
                        {data.evidenceLabels[id] ?? id}
                      </button>
                    </li>
                  ))}
                </ul>
              </>
            ) : (
              <p className="muted">Click an entity or a relation to see its events.</p>
            )}
          </div>
        </div>
      </div>
      <div className="plan-panel">
        <div className="panel">
          <h2>Response plan</h2>
          {artifacts.plan?.summary ? <p>{artifacts.plan.summary}</p> : null}
          <div className="proposals">
            {data.proposals.map((view) => (
              <ProposalCard
                key={view.proposal.id}
                view={view}
                client={client}
                session={session}
                onDecided={() => setDecided((value) => value + 1)}
                onOpen={setOpened}
              />
            ))}
            {data.proposals.length === 0 ? <p className="muted">No action proposed.</p> : null}
          </div>
          {data.contextAccounts.length > 0 ? (
            <p className="muted" data-testid="context-accounts">
              Accounts seen in this incident that the plan does not act on (context, not targets):{' '}
              {data.contextAccounts.map((account, index) => (
                <span key={account}>
                  {index > 0 ? ', ' : ''}
                  <code>{account}</code>
                </span>
              ))}
            </p>
          ) : null}
        </div>
      </div>
      <div className="columns">
        <div className="panel">
          <h2>Reasoning stages</h2>
          <StageClaims detail={data} highlighted={highlighted} onOpen={setOpened} />
        </div>
        <div className="panel">
          <h2>Threat intelligence hits</h2>
          {data.indicatorHits.length === 0 ? <p className="muted">None.</p> : null}
          <ul className="hits">
            {data.foldedIndicatorHits.map((hit) => (
              <li key={`${hit.indicatorId}:${hit.value}`} data-testid="indicator-hit">
                <code>{hit.value}</code> ({hit.type}) — {hit.source}, confidence {hit.confidence} ·{' '}
                {hit.count === 1 ? '1 event' : `${hit.count} events`}
              </li>
            ))}
          </ul>
        </div>
      </div>
      <IncidentCasePanel client={client} session={session} version={version} incidentId={incident.id} />
      <IncidentFeedbackPanel
        client={client}
        session={session}
        version={version}
        incidentId={incident.id}
        rules={[
          ...new Map(data.alerts.map((alert) => [alert.ruleId, { id: alert.ruleId, title: alert.ruleTitle }])).values(),
        ]}
      />
      <IncidentSharingPanel client={client} session={session} version={version} incidentId={incident.id} />
      <div className="panel">
        <h2>Timeline</h2>
        <table className="grid timeline">
          <tbody>
            {data.timeline.map((entry) => (
              <tr
                key={`${entry.kind}:${entry.id}`}
                id={`evidence-${entry.id}`}
                className={`${entry.kind} ${highlighted.has(entry.id) ? 'highlight' : ''}`}
              >
                <td className="when">{time(entry.at)}</td>
                <td>
                  {entry.kind === 'alert' ? (
                    <span className={`badge ${entry.severity ?? 'medium'}`}>alert</span>
                  ) : (
                    <span className="tag">{entry.source}</span>
                  )}
                </td>
                <td>{entry.host ?? ''}</td>
                <td className="summary">
                  <button type="button" className="link" onClick={() => setOpened(entry.id)}>
                    {entry.summary}
                  </button>
                  {entry.count ? (
                    <span className="fold" title={`last at ${time(entry.lastSeen ?? entry.at)}`}>
                      {' '}
                      ×{entry.count} until {time(entry.lastSeen ?? entry.at)}
                    </span>
                  ) : null}
                  {entry.techniques?.length ? <small className="muted"> {entry.techniques.join(' ')}</small> : null}
                </td>
              </tr>
            ))}
          </tbody>
        </table>
      </div>
    </section>
  );
}
