import { useState } from 'react';
import type { ViewProps } from '../app';
import type { Publication, Tlp } from '../knowledge-types';
import { useApi } from '../use-api';
import { time } from './format';

const ceilings: Tlp[] = ['amber', 'amber+strict', 'green', 'clear'];

/** Exports (STIX 2.1, MISP) within a TLP ceiling, and publication that a second analyst approves. */
export function IncidentSharingPanel({ client, session, version, incidentId }: ViewProps & { incidentId: string }) {
  const [changed, setChanged] = useState(0);
  const [ceiling, setCeiling] = useState<Tlp>('amber');
  const [reason, setReason] = useState('');
  const [error, setError] = useState<string | undefined>(undefined);
  const base = `/api/v1/incidents/${encodeURIComponent(incidentId)}`;
  const publications = useApi<{ items: Publication[]; destination: string; ceiling: Tlp }>(
    client,
    `/api/v1/publications?incidentId=${encodeURIComponent(incidentId)}`,
    version + changed,
  ).data;
  const mayDecide = session.permissions.includes('decide');
  const act = async (work: () => Promise<unknown>) => {
    try {
      await work();
      setError(undefined);
      setChanged((value) => value + 1);
    } catch (caught) {
      setError((caught as Error).message);
    }
  };
  const download = (format: 'stix' | 'misp') =>
    act(async () => {
      const document = await client.get<unknown>(`${base}/export/${format}?ceiling=${encodeURIComponent(ceiling)}`);
      const link = window.document.createElement('a');
      link.href = URL.createObjectURL(new Blob([JSON.stringify(document, null, 2)], { type: 'application/json' }));
      link.download = `${incidentId}.${format}.json`;
      link.click();
      URL.revokeObjectURL(link.href);
    });
  const waiting = publications?.items.some((item) => item.status === 'pending');
  return (
    <div className="panel" data-testid="sharing">
      <h2>Share</h2>
      <div className="decide">
        <label>
          TLP ceiling{' '}
          <select aria-label="TLP ceiling" value={ceiling} onChange={(event) => setCeiling(event.target.value as Tlp)}>
            {ceilings.map((item) => (
              <option key={item}>{item}</option>
            ))}
          </select>
        </label>
        <button type="button" onClick={() => download('stix')}>
          STIX 2.1 bundle
        </button>
        <button type="button" onClick={() => download('misp')}>
          MISP event
        </button>
        {mayDecide ? (
          <button
            type="button"
            className="primary"
            disabled={waiting}
            onClick={() => act(() => client.post(`${base}/publications`, {}))}
          >
            Request publication
          </button>
        ) : null}
      </div>
      <p className="muted">
        Publication goes to <code>{publications?.destination ?? '…'}</code> (up to TLP:
        {(publications?.ceiling ?? 'amber').toUpperCase()}) once a second analyst approves it.
      </p>
      <ul className="hits">
        {publications?.items.map((item) => (
          <li key={item.id}>
            <span className={`status ${item.status}`}>{item.status}</span> TLP:{item.tlp.toUpperCase()} · requested by{' '}
            {item.requestedBy} {time(item.createdAt)}
            {item.approvedBy ? ` · approved by ${item.approvedBy}` : ''}
            {item.detail ? <small className="muted"> — {item.detail}</small> : null}
            {item.status === 'pending' && mayDecide ? (
              item.requestedBy === session.name ? (
                <small className="muted"> · waiting for a second analyst</small>
              ) : (
                <span className="decide">
                  <button
                    type="button"
                    className="primary"
                    onClick={() =>
                      act(() =>
                        client.post(`/api/v1/publications/${encodeURIComponent(item.id)}/decision`, {
                          decision: 'approved',
                        }),
                      )
                    }
                  >
                    Approve and publish
                  </button>
                  <input
                    aria-label="Reason to reject"
                    placeholder="reason to reject"
                    value={reason}
                    onChange={(event) => setReason(event.target.value)}
                  />
                  <button
                    type="button"
                    className="danger"
                    disabled={!reason.trim()}
                    onClick={() =>
                      act(() =>
                        client.post(`/api/v1/publications/${encodeURIComponent(item.id)}/decision`, {
                          decision: 'rejected',
                          reason,
                        }),
                      )
                    }
                  >
                    Reject
                  </button>
                </span>
              )
            ) : null}
          </li>
        ))}
      </ul>
      {error ? <p className="error">{error}</p> : null}
    </div>
  );
}
