import { useEffect, useState } from 'react';
import type { ApiClient } from '../api-client';
import type { IncidentDetail } from '../api-types';
import { time } from './format';

interface StoredEvent {
  id: string;
  timestamp: string;
  origin: { format: string; file?: string; line?: number; dataset?: string };
  host?: { name?: string };
  user?: { name?: string; domain?: string };
  raw: string;
  [key: string]: unknown;
}

/**
 * One piece of evidence opened: an event with its summary, where it was read and its raw record
 * (behind a toggle), or an alert with the events it fired on, each openable in turn.
 */
export function EvidenceViewer({
  client,
  detail,
  id,
  onOpen,
  onClose,
}: {
  client: ApiClient;
  detail: IncidentDetail;
  id: string;
  onOpen: (id: string) => void;
  onClose: () => void;
}) {
  const alert = detail.alerts.find((item) => item.id === id);
  const fold = detail.foldedAlerts.find((item) => item.alertIds.includes(id));
  const indicator = detail.indicatorHits.find((hit) => hit.indicatorId === id);
  const [event, setEvent] = useState<StoredEvent | undefined>(undefined);
  const [error, setError] = useState<string | undefined>(undefined);
  const [raw, setRaw] = useState(false);
  useEffect(() => {
    setEvent(undefined);
    setError(undefined);
    if (alert || indicator) return;
    client
      .get<StoredEvent>(`/api/v1/events/${encodeURIComponent(id)}`)
      .then(setEvent)
      .catch((caught: Error) => setError(caught.message));
  }, [client, id, alert, indicator]);
  const label = detail.evidenceLabels[id] ?? id;
  return (
    <aside className="panel evidence-viewer" data-testid="evidence-viewer" aria-label="Evidence">
      <header>
        <h2>{alert ? 'Alert' : indicator ? 'Indicator' : 'Event'}</h2>
        <button type="button" className="ghost" onClick={onClose}>
          Close
        </button>
      </header>
      <p className="evidence-title">{label}</p>
      {alert ? (
        <>
          <p className="muted">
            {alert.source} · {alert.severity} · {time(alert.timestamp)}
            {fold && fold.count > 1 ? ` · fired ${fold.count} times, last ${time(fold.lastSeen)}` : ''}
          </p>
          <p>{alert.techniques.join(', ')}</p>
          <h3>Events</h3>
          <ul className="evidence-events">
            {alert.eventIds.slice(0, 20).map((eventId) => (
              <li key={eventId}>
                <button type="button" className="link" onClick={() => onOpen(eventId)}>
                  {detail.evidenceLabels[eventId] ?? eventId}
                </button>
              </li>
            ))}
          </ul>
        </>
      ) : null}
      {error ? <p className="error">{error}</p> : null}
      {event ? (
        <>
          <dl className="facts">
            <dt>When</dt>
            <dd>{time(event.timestamp)}</dd>
            <dt>Host</dt>
            <dd>{event.host?.name ?? '—'}</dd>
            <dt>Account</dt>
            <dd>{event.user?.name ? `${event.user.domain ? `${event.user.domain}\\` : ''}${event.user.name}` : '—'}</dd>
            <dt>Read from</dt>
            <dd>
              {event.origin.format}
              {event.origin.dataset ? ` · ${event.origin.dataset}` : ''}
              {event.origin.file ? ` · ${event.origin.file}${event.origin.line ? `:${event.origin.line}` : ''}` : ''}
            </dd>
          </dl>
          <button type="button" className="ghost" onClick={() => setRaw(!raw)} aria-expanded={raw}>
            {raw ? 'Hide' : 'Show'} raw record
          </button>
          {raw ? <pre className="raw">{event.raw}</pre> : null}
        </>
      ) : null}
    </aside>
  );
}
