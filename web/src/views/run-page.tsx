import { useEffect, useState } from 'react';
import type { LedgerEntry, RunView } from '../api-types';
import type { ViewProps } from '../app';
import { useApi } from '../use-api';
import { linkTo } from '../use-hash-route';
import { time } from './format';
import { RunControls } from './run-controls';
import { StatusWord } from './run-status';

const decisionWord = { auto: 'automatic', approval: 'approval', refuse: 'refused' } as const;

/** How long a step took, from its start to its end (or until now while it runs). */
function duration(startedAt: string | undefined, finishedAt: string | undefined): string {
  if (!startedAt) return '—';
  const milliseconds = Date.parse(finishedAt ?? new Date().toISOString()) - Date.parse(startedAt);
  if (!Number.isFinite(milliseconds) || milliseconds < 0) return '—';
  if (milliseconds < 1000) return `${milliseconds} ms`;
  if (milliseconds < 60_000) return `${(milliseconds / 1000).toFixed(1)} s`;
  return `${Math.round(milliseconds / 60_000)} min`;
}

/** A step's output as a few `key: value` words instead of JSON. */
function outputSummary(output: Record<string, unknown> | undefined): string | undefined {
  if (!output) return undefined;
  const parts = Object.entries(output)
    .slice(0, 4)
    .map(([key, value]) => {
      const text = typeof value === 'object' && value !== null ? JSON.stringify(value) : String(value);
      return `${key}: ${text.length > 60 ? `${text.slice(0, 59)}…` : text}`;
    });
  return parts.length > 0 ? parts.join(' · ') : undefined;
}

/** One run: each step with its policy decision, live status, where it ran, and its error; retry, cancel, roll back. */
export function RunPage({ client, session, version, runId }: ViewProps & { runId: string }) {
  const [tick, setTick] = useState(0);
  const { data, error, reload } = useApi<RunView & { ledger: LedgerEntry[] }>(
    client,
    `/api/v1/runs/${encodeURIComponent(runId)}`,
    version + tick,
  );
  const finished = data?.finished ?? false;
  // live step status: look again every second while the run is not finished
  useEffect(() => {
    if (finished) return;
    const timer = setInterval(() => setTick((value) => value + 1), 1000);
    return () => clearInterval(timer);
  }, [finished]);
  if (error) return <p className="error">{error}</p>;
  if (!data) return <p className="muted">Loading…</p>;
  const unconfigured = data.steps.filter((step) => step.connector === null).map((step) => step.actionType);
  return (
    <section className="run" data-testid="run-page" data-status={data.status}>
      <p>
        <a href={linkTo('runs')}>← Runs</a>
        {data.incidentId ? (
          <>
            {' · '}
            <a href={linkTo('incidents', data.incidentId)}>incident</a>
          </>
        ) : null}
      </p>
      <h1>
        Run <code>{data.id}</code> <StatusWord status={data.status} testId="run-status" />
      </h1>
      <p className="muted">
        Requested by {data.requestedBy} · created {time(data.createdAt)} · updated {time(data.updatedAt)}
        {finished ? '' : ' · live'}
      </p>
      {unconfigured.length > 0 ? (
        <p className="banner warn" data-testid="connector-warning">
          No connector is configured on this server for {[...new Set(unconfigured)].join(', ')}. Those steps are never
          executed: Vigil records them as not executed, and nothing is changed on any system. Start{' '}
          <code>vigil serve --connectors FILE</code> to act for real.
        </p>
      ) : null}
      <RunControls client={client} session={session} run={data} onDone={reload} />
      <table className="grid steps" data-testid="run-steps">
        <thead>
          <tr>
            <th>Action</th>
            <th>Target</th>
            <th>Policy</th>
            <th>Status</th>
            <th>Connector</th>
            <th>Duration</th>
            <th>Retries</th>
            <th>Output</th>
          </tr>
        </thead>
        <tbody>
          {data.steps.map((step) => (
            <tr key={step.ref} data-testid={`step-${step.ref}`} data-status={step.status}>
              <td>
                <b>{step.actionType}</b>
                <br />
                <small className="muted">{step.ref}</small>
              </td>
              <td>
                <code>{step.target.value}</code>
              </td>
              <td title={step.decision.reasons.join('\n')}>
                {decisionWord[step.decision.outcome]}
                {step.decision.outcome === 'approval' ? ` (${step.decision.approvers})` : ''}
              </td>
              <td>
                <StatusWord status={step.status} />
              </td>
              <td>{step.connector ? <code>{step.connector}</code> : <span className="tag warn">no connector</span>}</td>
              <td data-testid="step-duration">{duration(step.startedAt, step.finishedAt)}</td>
              <td>{Math.max(0, step.attempts - 1)}</td>
              <td className="what">
                {step.note ? <span>{step.note}</span> : null}
                {step.error && !step.note?.includes(step.error) ? (
                  <span className="error-text">Error: {step.error}</span>
                ) : null}
                {step.executed && outputSummary(step.output) ? <span>{outputSummary(step.output)}</span> : null}
              </td>
            </tr>
          ))}
        </tbody>
      </table>
      <details className="panel" data-testid="run-raw">
        <summary>Raw JSON of the run</summary>
        <pre className="raw">{JSON.stringify(data, null, 2)}</pre>
      </details>
      {data.ledger.length > 0 ? (
        <details className="panel">
          <summary>Step ledger ({data.ledger.length} executions)</summary>
          <ul className="ledger">
            {data.ledger.map((entry) => (
              <li key={entry.idempotencyKey}>
                <code>{entry.idempotencyKey}</code> — {entry.status}, attempt {entry.attempt}, {time(entry.startedAt)}
              </li>
            ))}
          </ul>
        </details>
      ) : null}
    </section>
  );
}
