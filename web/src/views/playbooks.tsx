import type { ViewProps } from '../app';
import type { ContentError, PlaybookSummary } from '../knowledge-types';
import { useApi } from '../use-api';
import { ContentEditor } from './content-editor';

const example = `id: contain-host
name: Contain a host
steps:
  - ref: isolate
    action: isolate-host
`;

/** Response playbooks: what the server knows (and what fails validation), and a checker. */
export function Playbooks({ client, version }: ViewProps) {
  const { data, error } = useApi<{ items: PlaybookSummary[]; failed: { file: string; reason: string }[] }>(
    client,
    '/api/v1/playbooks',
    version,
  );
  return (
    <section>
      <h1>
        Playbooks <small className="muted">({data?.items.length ?? 0})</small>
      </h1>
      {error ? <p className="error">{error}</p> : null}
      <div className="columns">
        <div className="panel">
          <table className="grid">
            <thead>
              <tr>
                <th>Playbook</th>
                <th>Steps</th>
              </tr>
            </thead>
            <tbody>
              {data?.items.map((playbook) => (
                <tr key={`${playbook.file}:${playbook.id}`}>
                  <td>
                    <b>{playbook.name ?? playbook.id}</b>
                    {playbook.description ? <p className="muted">{playbook.description}</p> : null}
                  </td>
                  <td>
                    <ol>
                      {playbook.steps.map((step) => (
                        <li key={step.ref}>
                          <code>{step.ref}</code> {step.action}
                        </li>
                      ))}
                    </ol>
                  </td>
                </tr>
              ))}
            </tbody>
          </table>
          {data?.failed.length ? (
            <ul className="inline-errors">
              {data.failed.map((failure) => (
                <li key={failure.file}>
                  {failure.file}: {failure.reason}
                </li>
              ))}
            </ul>
          ) : null}
        </div>
        <div className="panel">
          <h2>Check a playbook</h2>
          <ContentEditor
            label="Playbook YAML"
            initialText={example}
            check={(text) =>
              client.post<{ valid: boolean; errors: ContentError[] }>('/api/v1/playbooks/check', { text })
            }
          />
        </div>
      </div>
    </section>
  );
}
