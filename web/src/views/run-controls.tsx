import { useState } from 'react';
import type { ApiClient } from '../api-client';
import type { RunView, Session } from '../api-types';

/** Retry, cancel and roll back, for roles that may execute; cancel and roll back need a reason. */
export function RunControls({
  client,
  session,
  run,
  onDone,
}: {
  client: ApiClient;
  session: Session;
  run: RunView;
  onDone: () => void;
}) {
  const [reason, setReason] = useState('');
  const [busy, setBusy] = useState(false);
  const [error, setError] = useState<string | undefined>(undefined);
  if (!session.permissions.includes('execute')) return null;
  const path = (verb: string) => `/api/v1/runs/${encodeURIComponent(run.id)}/${verb}`;
  const act = async (verb: 'retry' | 'cancel' | 'rollback') => {
    setBusy(true);
    try {
      await client.post(path(verb), verb === 'retry' ? undefined : { reason: reason.trim() });
      setError(undefined);
      setReason('');
      onDone();
    } catch (caught) {
      setError((caught as Error).message);
    } finally {
      setBusy(false);
    }
  };
  const ended = ['cancelled', 'rolled-back', 'rollback-failed'].includes(run.status);
  const undoable = run.steps.some((step) => step.status === 'succeeded' && step.reversible);
  return (
    <div className="decide run-controls">
      <button type="button" disabled={busy || ended || run.failures === 0} onClick={() => act('retry')}>
        Retry failed steps
      </button>
      <input
        aria-label="Reason for cancelling or rolling back"
        placeholder="Reason (required to cancel or roll back)"
        value={reason}
        onChange={(event) => setReason(event.target.value)}
      />
      <button type="button" disabled={busy || run.finished || !reason.trim()} onClick={() => act('cancel')}>
        Cancel run
      </button>
      <button
        type="button"
        className="danger"
        disabled={busy || ended || !reason.trim() || !undoable}
        title={undoable ? 'Undo completed reversible steps, newest first' : 'No completed reversible step to undo'}
        onClick={() => act('rollback')}
      >
        Roll back
      </button>
      {error ? <p className="error">{error}</p> : null}
    </div>
  );
}
