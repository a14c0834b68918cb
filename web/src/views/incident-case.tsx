import { useState } from 'react';
import type { CaseFile } from '../api-types';
import type { ViewProps } from '../app';
import { useApi } from '../use-api';
import { time } from './format';

/** Who the incident is assigned to, and the analysts' notes; every change is an audit entry. */
export function IncidentCasePanel({ client, session, version, incidentId }: ViewProps & { incidentId: string }) {
  const [changed, setChanged] = useState(0);
  const [error, setError] = useState<string | undefined>(undefined);
  const [assignee, setAssignee] = useState('');
  const [note, setNote] = useState('');
  const base = `/api/v1/incidents/${encodeURIComponent(incidentId)}`;
  const file = useApi<CaseFile>(client, `${base}/case`, version + changed).data;
  const mayWrite = session.permissions.includes('decide');
  const act = async (work: () => Promise<unknown>, after: () => void) => {
    try {
      await work();
      setError(undefined);
      after();
      setChanged((value) => value + 1);
    } catch (caught) {
      setError((caught as Error).message);
    }
  };
  const assign = (name: string | null) =>
    act(
      () => client.post(`${base}/assignment`, { assignee: name }),
      () => setAssignee(''),
    );
  return (
    <div className="panel" data-testid="case-file">
      <h2>Case</h2>
      <p data-testid="assignee">
        {file?.assignee ? (
          <>
            Assigned to <strong>{file.assignee}</strong>
            <small className="muted">
              {' '}
              by {file.assignedBy} at {time(file.assignedAt ?? '')}
            </small>
          </>
        ) : (
          <span className="muted">Unassigned.</span>
        )}
      </p>
      {mayWrite ? (
        <div className="decide wrap">
          <input
            aria-label="Assignee"
            placeholder="analyst name"
            value={assignee}
            onChange={(event) => setAssignee(event.target.value)}
          />
          <button type="button" disabled={!assignee.trim()} onClick={() => assign(assignee.trim())}>
            Assign
          </button>
          {file?.assignee !== session.name ? (
            <button type="button" onClick={() => assign(session.name)}>
              Assign to me
            </button>
          ) : null}
          {file?.assignee ? (
            <button type="button" className="ghost" onClick={() => assign(null)}>
              Unassign
            </button>
          ) : null}
        </div>
      ) : null}
      <h3>Notes</h3>
      {file && file.notes.length === 0 ? <p className="muted">No notes yet.</p> : null}
      <ul className="case-notes" data-testid="case-notes">
        {file?.notes.map((entry) => (
          <li key={entry.id}>
            <small className="muted">
              {entry.author} · {time(entry.at)}
            </small>
            <p className="note-text">{entry.text}</p>
          </li>
        ))}
      </ul>
      {mayWrite ? (
        <div className="decide wrap">
          <textarea
            aria-label="New note"
            placeholder="What you found, asked or decided"
            rows={3}
            value={note}
            onChange={(event) => setNote(event.target.value)}
          />
          <button
            type="button"
            className="primary"
            disabled={!note.trim()}
            onClick={() =>
              act(
                () => client.post(`${base}/notes`, { text: note }),
                () => setNote(''),
              )
            }
          >
            Add note
          </button>
        </div>
      ) : null}
      {error ? <p className="error">{error}</p> : null}
    </div>
  );
}
