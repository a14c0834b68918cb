import { useState } from 'react';
import type { IncidentSummary } from '../api-types';
import type { ViewProps } from '../app';
import { useApi } from '../use-api';
import { linkTo } from '../use-hash-route';
import { age, time, title } from './format';

/** The time of day of an ISO instant, HH:MM UTC. */
const clock = (iso: string) => iso.slice(11, 16);

export function IncidentQueue({ client, version }: ViewProps) {
  const [severity, setSeverity] = useState('');
  const [status, setStatus] = useState('');
  const [search, setSearch] = useState('');
  const query = new URLSearchParams({ limit: '200' });
  if (severity) query.set('severity', severity);
  if (status) query.set('status', status);
  if (search.trim()) query.set('q', search.trim());
  const { data, error } = useApi<{ items: IncidentSummary[] }>(client, `/api/v1/incidents?${query}`, version);
  return (
    <section>
      <h1>Incident queue</h1>
      <div className="filters">
        <input
          aria-label="Search incidents"
          placeholder="Search title, host, user, IP…"
          value={search}
          onChange={(event) => setSearch(event.target.value)}
        />
        <select aria-label="Severity" value={severity} onChange={(event) => setSeverity(event.target.value)}>
          <option value="">Any severity</option>
          {['critical', 'high', 'medium', 'low', 'informational'].map((value) => (
            <option key={value}>{value}</option>
          ))}
        </select>
        <select aria-label="Status" value={status} onChange={(event) => setStatus(event.target.value)}>
          <option value="">Any status</option>
          {['new', 'investigating', 'contained', 'resolved', 'closed'].map((value) => (
            <option key={value}>{value}</option>
          ))}
        </select>
      </div>
      {error ? <p className="error">{error}</p> : null}
      <table className="grid" data-testid="incident-queue">
        <thead>
          <tr>
            <th>Severity</th>
            <th>Incident</th>
            <th>Stage</th>
            <th>Entities</th>
            <th>Alerts</th>
            <th>Age</th>
            <th>Status</th>
            <th>SLA</th>
            <th>Assignee</th>
          </tr>
        </thead>
        <tbody>
          {data?.items.map((incident) => (
            <tr key={incident.id}>
              <td>
                <span className={`badge ${incident.severity}`}>{incident.severity}</span>
              </td>
              <td>
                <a href={linkTo('incidents', incident.id)}>{incident.title}</a>
              </td>
              <td>{incident.currentStage ? title(incident.currentStage) : '—'}</td>
              <td className="entities">{[...incident.hosts, ...incident.users].slice(0, 3).join(', ')}</td>
              <td className="alerts" data-testid="queue-alerts">
                {incident.alertCount}
                {incident.folded && incident.folded.findings < incident.alertCount ? (
                  <small className="muted"> = {incident.folded.findings} findings</small>
                ) : null}
                {incident.folded?.repeats.map((repeat) => (
                  <small
                    key={`${repeat.ruleTitle}:${repeat.matched ?? ''}`}
                    className="repeat"
                    title={`${repeat.ruleTitle}${repeat.matched ? `: ${repeat.matched}` : ''} — ${repeat.count} times, first ${time(repeat.firstSeen)}, last ${time(repeat.lastSeen)}`}
                  >
                    {repeat.ruleTitle} ×{repeat.count} · {clock(repeat.firstSeen)}–{clock(repeat.lastSeen)}
                  </small>
                ))}
              </td>
              <td className="age" title={incident.lastSeen}>
                {age(incident.lastSeen)}
              </td>
              <td>{incident.status}</td>
              <td
                data-testid="queue-sla"
                className={incident.sla?.breached.length ? 'sla breached' : 'sla'}
                title={incident.sla?.timers
                  .map((timer) => `${timer.kind} by ${time(timer.dueAt)}: ${timer.state}`)
                  .join('\n')}
              >
                {incident.sla?.summary ?? '—'}
              </td>
              <td className={incident.assignee ? undefined : 'muted'} data-testid="queue-assignee">
                {incident.assignee ?? 'unassigned'}
              </td>
            </tr>
          ))}
          {data && data.items.length === 0 ? (
            <tr>
              <td colSpan={9} className="muted">
                No incidents match.
              </td>
            </tr>
          ) : null}
        </tbody>
      </table>
    </section>
  );
}
