import { useState } from 'react';
import type { ApiClient } from '../api-client';
import type { Indicator } from '../api-types';
import type { IndicatorLifecycle, IndicatorOverride, OverrideTarget } from '../knowledge-types';
import { time } from './format';

type Choice = 'false-positive' | 'allow' | 'pinned-score' | 'expire';

/** One indicator with its decay score and state; analysts mark it a false positive, pin it, allow its value or expire it. */
export function IndicatorRow({
  indicator,
  lifecycle,
  client,
  mayDecide,
  onChanged,
  onError,
}: {
  indicator: Indicator;
  lifecycle: IndicatorLifecycle | undefined;
  client: ApiClient;
  mayDecide: boolean;
  onChanged: () => void;
  onError: (message: string) => void;
}) {
  const [reason, setReason] = useState('');
  const [pin, setPin] = useState('90');
  const [choice, setChoice] = useState<Choice>('false-positive');
  const act = async (work: () => Promise<unknown>) => {
    try {
      await work();
      setReason('');
      onChanged();
    } catch (caught) {
      onError((caught as Error).message);
    }
  };
  const override = (target: OverrideTarget, value: IndicatorOverride) =>
    act(() => client.post('/api/v1/indicator-overrides', { target, override: value }));
  const apply = () => {
    const because = reason.trim();
    if (choice === 'expire')
      return act(() =>
        client.post(`/api/v1/indicators/${encodeURIComponent(indicator.id)}/expire`, { reason: because }),
      );
    if (choice === 'allow' && indicator.type && indicator.value)
      return override({ type: indicator.type, value: indicator.value }, { kind: 'allow', reason: because });
    if (choice === 'pinned-score')
      return override({ indicatorId: indicator.id }, { kind: 'pinned-score', score: Number(pin), reason: because });
    return override({ indicatorId: indicator.id }, { kind: 'false-positive', reason: because });
  };
  const state = lifecycle?.override
    ? lifecycle.override.override.kind
    : lifecycle?.expired
      ? 'expired'
      : indicator.revoked
        ? 'revoked'
        : 'active';
  const score = lifecycle?.score ?? indicator.confidence;
  return (
    <tr className={lifecycle && !lifecycle.active ? 'muted' : undefined} data-testid={`indicator-${indicator.id}`}>
      <td>{indicator.type ?? 'pattern'}</td>
      <td>
        <code>{indicator.value ?? indicator.pattern}</code>
      </td>
      <td title={`confidence ${indicator.confidence}, decayed with age, +5 per sighting`}>
        <span className="score-bar" style={{ width: `${Math.max(2, score * 0.6)}px` }} />
        {score}
        <small className="muted"> / {indicator.confidence}</small>
      </td>
      <td>{lifecycle?.sightings ?? 0}</td>
      <td>
        <span className={`state ${state}`}>{state}</span>
        {lifecycle?.override ? (
          <small className="muted">
            {' '}
            {lifecycle.override.override.kind === 'pinned-score' ? `${lifecycle.override.override.score} ` : ''}by{' '}
            {lifecycle.override.author}: {lifecycle.override.override.reason}
          </small>
        ) : null}
      </td>
      <td>{indicator.source}</td>
      <td>{indicator.validUntil ? time(indicator.validUntil) : '—'}</td>
      <td>{indicator.tlp}</td>
      {mayDecide ? (
        <td className="row-actions">
          {lifecycle?.override ? (
            <button
              type="button"
              onClick={() =>
                act(() => client.delete(`/api/v1/indicator-overrides/${encodeURIComponent(lifecycle.override!.key)}`))
              }
            >
              Clear override
            </button>
          ) : (
            <>
              <select
                aria-label={`Decision on ${indicator.value ?? indicator.id}`}
                value={choice}
                onChange={(event) => setChoice(event.target.value as Choice)}
              >
                <option value="false-positive">False positive</option>
                {indicator.type && indicator.value ? <option value="allow">Allow value</option> : null}
                <option value="pinned-score">Pin score</option>
                {lifecycle?.expired ? null : <option value="expire">Expire now</option>}
              </select>
              {choice === 'pinned-score' ? (
                <input
                  aria-label="Pinned score"
                  type="number"
                  min={0}
                  max={100}
                  value={pin}
                  onChange={(event) => setPin(event.target.value)}
                  className="narrow"
                />
              ) : null}
              <input
                aria-label={`Reason for ${indicator.value ?? indicator.id}`}
                placeholder="reason"
                value={reason}
                onChange={(event) => setReason(event.target.value)}
              />
              <button type="button" disabled={!reason.trim()} onClick={apply}>
                Apply
              </button>
            </>
          )}
        </td>
      ) : null}
    </tr>
  );
}
