import type { RunView } from '../api-types';
import type { ViewProps } from '../app';
import { useApi } from '../use-api';
import { linkTo } from '../use-hash-route';
import { age } from './format';
import { StatusWord } from './run-status';

function counts(run: RunView): string {
  const byStatus = new Map<string, number>();
  for (const step of run.steps) byStatus.set(step.status, (byStatus.get(step.status) ?? 0) + 1);
  return [...byStatus].map(([status, count]) => `${count} ${status}`).join(', ');
}

/** Response runs, newest first: status, steps by status, failures and steps that changed nothing. */
export function Runs({ client, version }: ViewProps) {
  const { data, error } = useApi<{ items: RunView[] }>(client, '/api/v1/runs', version);
  return (
    <section>
      <h1>Response runs</h1>
      {error ? <p className="error">{error}</p> : null}
      <table className="grid" data-testid="runs">
        <thead>
          <tr>
            <th>Run</th>
            <th>Status</th>
            <th>Steps</th>
            <th>Not executed</th>
            <th>Incident</th>
            <th>Updated</th>
          </tr>
        </thead>
        <tbody>
          {data?.items.map((run) => (
            <tr key={run.id}>
              <td>
                <a href={linkTo('runs', run.id)}>{run.id}</a>
              </td>
              <td>
                <StatusWord status={run.status} />
              </td>
              <td>{counts(run)}</td>
              <td>{run.notExecuted > 0 ? <span className="tag warn">{run.notExecuted} not executed</span> : '—'}</td>
              <td>
                {run.incidentId ? <a href={linkTo('incidents', run.incidentId)}>{run.incidentId.slice(0, 22)}</a> : '—'}
              </td>
              <td>{age(run.updatedAt)} ago</td>
            </tr>
          ))}
        </tbody>
      </table>
      {data && data.items.length === 0 ? <p className="muted">No response run yet.</p> : null}
    </section>
  );
}
