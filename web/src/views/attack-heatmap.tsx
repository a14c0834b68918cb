import { useState } from 'react';
import type { TechniqueHeatmap } from '../api-types';
import type { ViewProps } from '../app';
import { useApi } from '../use-api';
import { linkTo } from '../use-hash-route';
import { time, title } from './format';

/** A date input's value (YYYY-MM-DD) as the start of that day in UTC, or undefined. */
const dayStart = (value: string) => (value ? `${value}T00:00:00.000Z` : undefined);

/** The ATT&CK heatmap across incidents: techniques under their tactics, shaded by how many incidents show them. */
export function AttackHeatmap({ client, version }: ViewProps) {
  const [from, setFrom] = useState('');
  const [to, setTo] = useState('');
  const [error, setError] = useState<string | undefined>(undefined);
  const query = new URLSearchParams();
  const fromTime = dayStart(from);
  const toTime = dayStart(to);
  if (fromTime) query.set('from', fromTime);
  if (toTime) query.set('to', toTime);
  const { data, error: loadError } = useApi<TechniqueHeatmap>(client, `/api/v1/attack/heatmap?${query}`, version);
  const byId = new Map((data?.techniques ?? []).map((technique) => [technique.id, technique]));
  const most = Math.max(1, ...(data?.techniques ?? []).map((technique) => technique.incidents));
  const download = async () => {
    try {
      const blob = await client.blob(`/api/v1/attack/layer?${query}`);
      const url = URL.createObjectURL(blob);
      const link = document.createElement('a');
      link.href = url;
      link.download = 'vigil-attack-layer.json';
      link.click();
      setTimeout(() => URL.revokeObjectURL(url), 60_000);
      setError(undefined);
    } catch (caught) {
      setError((caught as Error).message);
    }
  };
  return (
    <section>
      <h1>ATT&amp;CK heatmap</h1>
      <div className="filters">
        <label>
          From <input type="date" aria-label="From" value={from} onChange={(event) => setFrom(event.target.value)} />
        </label>
        <label>
          to <input type="date" aria-label="To" value={to} onChange={(event) => setTo(event.target.value)} />
        </label>
        <button type="button" onClick={() => void download()} data-testid="download-layer">
          Navigator layer (JSON)
        </button>
      </div>
      {loadError || error ? <p className="error">{loadError ?? error}</p> : null}
      <p className="muted" data-testid="heatmap-summary">
        {data
          ? `${data.techniques.length} technique(s) across ${data.incidents} incident(s); shade: incidents showing the technique (most: ${most}). Tactics ${data.placement === 'catalogue' ? 'from the ATT&CK catalogue' : 'as the rules tagged them (no ATT&CK bundle loaded)'}.`
          : 'Loading…'}
      </p>
      <div className="heatmap" data-testid="heatmap">
        {data?.columns.map((column) => (
          <section key={column.tactic} data-tactic={column.tactic}>
            <h3>{title(column.tactic)}</h3>
            <ul>
              {column.techniques.map((id) => {
                const technique = byId.get(id);
                if (!technique) return null;
                const share = technique.incidents / most;
                return (
                  <li
                    key={id}
                    data-technique={id}
                    data-incidents={technique.incidents}
                    style={{ background: `rgba(255, 92, 92, ${(0.12 + 0.5 * share).toFixed(2)})` }}
                    title={`${technique.incidents} incident(s), ${time(technique.firstSeen)} → ${time(technique.lastSeen)}`}
                  >
                    <a
                      className="technique-id"
                      href={linkTo('incidents', technique.incidentIds[0] ?? '')}
                      title="open the latest incident showing it"
                    >
                      {id}
                    </a>
                    <span className="count">{technique.incidents}</span>
                    {technique.name ? <span className="technique-name">{technique.name}</span> : null}
                  </li>
                );
              })}
            </ul>
          </section>
        ))}
        {data && data.columns.length === 0 ? <p className="muted">No technique in this range.</p> : null}
      </div>
    </section>
  );
}
