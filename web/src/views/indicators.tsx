import { type FormEvent, useState } from 'react';
import type { Indicator } from '../api-types';
import type { ViewProps } from '../app';
import type { IndicatorLifecycle } from '../knowledge-types';
import { useApi } from '../use-api';
import { IndicatorRow } from './indicator-row';

const types = ['ipv4-addr', 'ipv6-addr', 'domain-name', 'url', 'file-hash', 'email-addr'];

export function Indicators({ client, session, version }: ViewProps) {
  const [search, setSearch] = useState('');
  const [added, setAdded] = useState(0);
  const [form, setForm] = useState({ type: 'domain-name', value: '', confidence: '70' });
  const [error, setError] = useState<string | undefined>(undefined);
  const query = new URLSearchParams({ limit: '200', ...(search.trim() ? { q: search.trim() } : {}) });
  const { data } = useApi<{ items: Indicator[]; total: number; lifecycle: Record<string, IndicatorLifecycle> }>(
    client,
    `/api/v1/indicators?${query}`,
    version + added,
  );
  const mayDecide = session.permissions.includes('decide');
  const add = async (event: FormEvent) => {
    event.preventDefault();
    try {
      await client.post('/api/v1/indicators', {
        type: form.type,
        value: form.value,
        confidence: Number(form.confidence),
      });
      setForm({ ...form, value: '' });
      setError(undefined);
      setAdded((value) => value + 1);
    } catch (caught) {
      setError((caught as Error).message);
    }
  };
  return (
    <section>
      <h1>Indicators {data ? <small className="muted">({data.total} stored)</small> : null}</h1>
      <p className="muted">
        Scores decay with age (addresses in about a month, hashes barely) and rise with sightings. Overrides and expiry
        apply to the next investigation.
      </p>
      <div className="filters">
        <input
          aria-label="Search indicators"
          placeholder="Search value, pattern or name"
          value={search}
          onChange={(event) => setSearch(event.target.value)}
        />
      </div>
      {mayDecide ? (
        <form className="filters" onSubmit={add}>
          <select
            aria-label="Type"
            value={form.type}
            onChange={(event) => setForm({ ...form, type: event.target.value })}
          >
            {types.map((type) => (
              <option key={type}>{type}</option>
            ))}
          </select>
          <input
            aria-label="Value"
            placeholder="value"
            value={form.value}
            onChange={(event) => setForm({ ...form, value: event.target.value })}
          />
          <input
            aria-label="Confidence"
            type="number"
            min={0}
            max={100}
            value={form.confidence}
            onChange={(event) => setForm({ ...form, confidence: event.target.value })}
          />
          <button type="submit" className="primary" disabled={!form.value.trim()}>
            Add indicator
          </button>
        </form>
      ) : null}
      {error ? <p className="error">{error}</p> : null}
      <table className="grid indicators">
        <thead>
          <tr>
            <th>Type</th>
            <th>Value or pattern</th>
            <th>Score now</th>
            <th>Sightings</th>
            <th>State</th>
            <th>Source</th>
            <th>Valid until</th>
            <th>TLP</th>
            {mayDecide ? <th>Analyst decision</th> : null}
          </tr>
        </thead>
        <tbody>
          {data?.items.map((indicator) => (
            <IndicatorRow
              key={indicator.id}
              indicator={indicator}
              lifecycle={data.lifecycle[indicator.id]}
              client={client}
              mayDecide={mayDecide}
              onChanged={() => setAdded((value) => value + 1)}
              onError={setError}
            />
          ))}
        </tbody>
      </table>
    </section>
  );
}
