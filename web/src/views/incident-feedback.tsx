import { useState } from 'react';
import type { ViewProps } from '../app';
import type { IncidentFeedback, SimilarIncident, Verdict } from '../knowledge-types';
import { useApi } from '../use-api';
import { linkTo } from '../use-hash-route';
import { time } from './format';

const verdicts: Verdict[] = ['true-positive', 'false-positive', 'benign', 'unknown'];

/** The analyst's verdict, benign-pattern suppressions made here (revocable), and similar past incidents. */
export function IncidentFeedbackPanel({
  client,
  session,
  version,
  incidentId,
  rules,
}: ViewProps & { incidentId: string; rules: { id: string; title: string }[] }) {
  const [changed, setChanged] = useState(0);
  const [error, setError] = useState<string | undefined>(undefined);
  const [verdict, setVerdict] = useState<Verdict>('true-positive');
  const [comment, setComment] = useState('');
  const [suppress, setSuppress] = useState({ ruleId: rules[0]?.id ?? '', entity: '', reason: '' });
  const base = `/api/v1/incidents/${encodeURIComponent(incidentId)}`;
  const feedback = useApi<IncidentFeedback>(client, `${base}/feedback`, version + changed).data;
  const similar = useApi<{ items: SimilarIncident[] }>(client, `${base}/similar`, version + changed).data?.items;
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
  return (
    <div className="columns">
      <div className="panel" data-testid="feedback">
        <h2>Verdict and feedback</h2>
        {feedback?.verdict ? (
          <p>
            <span className={`verdict ${feedback.verdict.verdict}`}>{feedback.verdict.verdict}</span> by{' '}
            {feedback.verdict.author} at {time(feedback.verdict.decidedAt)}
            {feedback.verdict.comment ? ` — ${feedback.verdict.comment}` : ''}
          </p>
        ) : (
          <p className="muted">No verdict yet.</p>
        )}
        {mayDecide ? (
          <div className="decide">
            <select
              aria-label="Verdict"
              value={verdict}
              onChange={(event) => setVerdict(event.target.value as Verdict)}
            >
              {verdicts.map((item) => (
                <option key={item}>{item}</option>
              ))}
            </select>
            <input
              aria-label="Verdict comment"
              placeholder="comment (optional)"
              value={comment}
              onChange={(event) => setComment(event.target.value)}
            />
            <button
              type="button"
              className="primary"
              onClick={() => act(() => client.post(`${base}/verdict`, { verdict, ...(comment ? { comment } : {}) }))}
            >
              Record verdict
            </button>
          </div>
        ) : null}
        <h3>Benign patterns suppressed here</h3>
        {feedback?.suppressions.length ? null : <p className="muted">None.</p>}
        <ul className="hits">
          {feedback?.suppressions.map((item) => (
            <li key={item.id} className={item.revokedAt ? 'muted' : undefined}>
              <code>{item.ruleId}</code> {item.entity ? `on ${item.entity}` : 'everywhere'} — {item.reason} ({item.hits}{' '}
              alert(s) dropped){item.revokedAt ? ` · revoked by ${item.revokedBy}` : ''}
              {mayDecide && !item.revokedAt ? (
                <button
                  type="button"
                  className="ghost"
                  onClick={() =>
                    act(() => client.post(`/api/v1/suppressions/${encodeURIComponent(item.id)}/revoke`, {}))
                  }
                >
                  Revoke
                </button>
              ) : null}
            </li>
          ))}
        </ul>
        {mayDecide && rules.length > 0 ? (
          <div className="decide wrap">
            <select
              aria-label="Rule to suppress"
              value={suppress.ruleId}
              onChange={(event) => setSuppress({ ...suppress, ruleId: event.target.value })}
            >
              {rules.map((rule) => (
                <option key={rule.id} value={rule.id}>
                  {rule.title}
                </option>
              ))}
            </select>
            <input
              aria-label="Entity"
              placeholder="host:ws-01 (optional)"
              value={suppress.entity}
              onChange={(event) => setSuppress({ ...suppress, entity: event.target.value })}
            />
            <input
              aria-label="Why benign"
              placeholder="why it is benign"
              value={suppress.reason}
              onChange={(event) => setSuppress({ ...suppress, reason: event.target.value })}
            />
            <button
              type="button"
              disabled={!suppress.reason.trim()}
              onClick={() =>
                act(() =>
                  client.post('/api/v1/suppressions', {
                    ruleId: suppress.ruleId,
                    reason: suppress.reason,
                    incidentId,
                    ...(suppress.entity.trim() ? { entity: suppress.entity.trim() } : {}),
                  }),
                )
              }
            >
              Suppress
            </button>
          </div>
        ) : null}
        {error ? <p className="error">{error}</p> : null}
      </div>
      <div className="panel" data-testid="similar">
        <h2>Similar past incidents</h2>
        {similar && similar.length === 0 ? <p className="muted">None found.</p> : null}
        <ul className="hits">
          {similar?.map((item) => (
            <li key={item.incident.id}>
              <a href={linkTo('incidents', item.incident.id)}>{item.incident.title}</a>{' '}
              <small className="muted">
                {Math.round(item.score * 100)}% alike{item.verdict ? ` · ${item.verdict}` : ''} · shares{' '}
                {[...item.shared.entities, ...item.shared.techniques, ...item.shared.indicators].slice(0, 6).join(', ')}
              </small>
            </li>
          ))}
        </ul>
      </div>
    </div>
  );
}
