import { useState } from 'react';
import { ApiError } from '../api-client';
import type { ViewProps } from '../app';
import type { RuleCheck, RuleSummary } from '../knowledge-types';
import { useApi } from '../use-api';
import { ContentEditor } from './content-editor';

const example = `title: Whoami run by a service account
id: 7e0c2f54-0000-4000-8000-000000000001
level: medium
status: experimental
logsource: { category: process_creation, product: windows }
detection:
  selection: { Image|endswith: '\\\\whoami.exe' }
  condition: selection
tags: [attack.discovery, attack.t1033]
`;

/** Detection rules: what loads (and what fails), check rule text, upload (admin) with errors inline. */
export function Rules({ client, session, version }: ViewProps) {
  const [uploaded, setUploaded] = useState(0);
  const [name, setName] = useState('my-rule.yml');
  const [filter, setFilter] = useState('');
  const [reason, setReason] = useState('');
  const [failure, setFailure] = useState<string | undefined>(undefined);
  const admin = session.permissions.includes('administer');
  const toggle = async (rule: RuleSummary) => {
    try {
      const verb = rule.enabled === false ? 'enable' : 'disable';
      await client.post(`/api/v1/rules/${encodeURIComponent(rule.id)}/${verb}`, { reason });
      setFailure(undefined);
      setUploaded((value) => value + 1);
    } catch (caught) {
      setFailure((caught as Error).message);
    }
  };
  const { data, error } = useApi<{ items: RuleSummary[]; failed: { file: string; error: string }[] }>(
    client,
    '/api/v1/rules',
    version + uploaded,
  );
  const needle = filter.trim().toLowerCase();
  const shown = (data?.items ?? []).filter(
    (rule) => !needle || [rule.id, rule.title, rule.file, ...rule.tags].join(' ').toLowerCase().includes(needle),
  );
  const upload = async (text: string) => {
    try {
      const result = await client.post<RuleCheck>('/api/v1/rules', { name, text });
      setUploaded((value) => value + 1);
      return result;
    } catch (caught) {
      // 422: the rule did not compile; the body is the check result with its errors
      if (caught instanceof ApiError && caught.status === 422)
        return client.post<RuleCheck>('/api/v1/rules/check', { text });
      throw caught;
    }
  };
  return (
    <section>
      <h1>
        Rules <small className="muted">({data?.items.length ?? 0} loaded)</small>
      </h1>
      {error ? <p className="error">{error}</p> : null}
      <div className="columns">
        <div className="panel">
          <div className="filters">
            <input
              aria-label="Filter rules"
              placeholder="Filter by id, title, tag or file"
              value={filter}
              onChange={(event) => setFilter(event.target.value)}
            />
            {admin ? (
              <input
                aria-label="Reason to enable or disable"
                placeholder="reason to enable or disable"
                value={reason}
                onChange={(event) => setReason(event.target.value)}
              />
            ) : null}
          </div>
          {failure ? <p className="error">{failure}</p> : null}
          <div className="scroll">
            <table className="grid">
              <thead>
                <tr>
                  <th>Title</th>
                  <th>Kind</th>
                  <th>Level</th>
                  <th>Tags</th>
                  <th>State</th>
                </tr>
              </thead>
              <tbody>
                {shown.slice(0, 300).map((rule) => (
                  <tr key={`${rule.file}:${rule.id}`}>
                    <td>
                      {rule.title}
                      <br />
                      <small className="muted">{rule.file.split('/').slice(-2).join('/')}</small>
                    </td>
                    <td>{rule.kind}</td>
                    <td>{rule.level ?? '—'}</td>
                    <td>
                      <small>{rule.tags.join(' ')}</small>
                    </td>
                    <td title={rule.disabled ? `by ${rule.disabled.author}: ${rule.disabled.reason}` : undefined}>
                      <span className={`state ${rule.enabled === false ? 'expired' : 'active'}`}>
                        {rule.enabled === false ? 'disabled' : 'enabled'}
                      </span>
                      {admin ? (
                        <button type="button" className="ghost" disabled={!reason.trim()} onClick={() => toggle(rule)}>
                          {rule.enabled === false ? 'Enable' : 'Disable'}
                        </button>
                      ) : null}
                    </td>
                  </tr>
                ))}
              </tbody>
            </table>
          </div>
          {data?.failed.length ? (
            <>
              <h3>Files that fail to load</h3>
              <ul className="inline-errors">
                {data.failed.map((failure) => (
                  <li key={failure.file}>
                    {failure.file}: {failure.error}
                  </li>
                ))}
              </ul>
            </>
          ) : null}
        </div>
        <div className="panel">
          <h2>{session.permissions.includes('administer') ? 'Check or upload a rule' : 'Check a rule'}</h2>
          <ContentEditor
            label="Rule YAML"
            initialText={example}
            check={(text) => client.post<RuleCheck>('/api/v1/rules/check', { text })}
            save={session.permissions.includes('administer') ? upload : undefined}
            saveLabel="Upload"
          >
            {session.permissions.includes('administer') ? (
              <div className="decide">
                <input aria-label="File name" value={name} onChange={(event) => setName(event.target.value)} />
              </div>
            ) : null}
          </ContentEditor>
        </div>
      </div>
    </section>
  );
}
