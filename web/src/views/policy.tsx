import type { ViewProps } from '../app';
import type { ContentError, PolicyView } from '../knowledge-types';
import { useApi } from '../use-api';
import { ContentEditor } from './content-editor';

/** The response policy: anyone reads and checks it; only an admin saves a change (the server refuses others). */
export function Policy({ client, session, version }: ViewProps) {
  const { data, error, reload } = useApi<PolicyView>(client, '/api/v1/policy', version);
  const admin = session.permissions.includes('administer');
  if (error) return <p className="error">{error}</p>;
  if (!data) return <p className="muted">Loading…</p>;
  return (
    <section>
      <h1>Response policy</h1>
      <p className="muted">
        {data.file ? `Saved to ${data.file}.` : 'This server cannot save a policy change (no policy file).'}{' '}
        {admin ? 'Check a change before saving it; every update is audited.' : 'Only an admin may change it.'}
      </p>
      <div className="panel">
        <ContentEditor
          key={data.text}
          label="Policy YAML"
          initialText={data.text}
          check={(text) => client.post<{ valid: boolean; errors: ContentError[] }>('/api/v1/policy/check', { text })}
          save={
            admin && data.file
              ? async (text) => {
                  const checked = await client.post<{ valid: boolean; errors: ContentError[] }>(
                    '/api/v1/policy/check',
                    {
                      text,
                    },
                  );
                  if (!checked.valid) return checked;
                  await client.put<PolicyView>('/api/v1/policy', { text });
                  await reload();
                  return undefined;
                }
              : undefined
          }
          saveLabel="Save policy"
        />
      </div>
    </section>
  );
}
