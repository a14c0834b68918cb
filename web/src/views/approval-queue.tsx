import { useState } from 'react';
import type { ProposalView } from '../api-types';
import type { ViewProps } from '../app';
import { useApi } from '../use-api';
import { ProposalCard } from './proposal-card';

export function ApprovalQueue({ client, session, version }: ViewProps) {
  const [status, setStatus] = useState('pending');
  const [decided, setDecided] = useState(0);
  const { data, error } = useApi<{ items: ProposalView[] }>(
    client,
    `/api/v1/approvals?status=${status}`,
    version + decided,
  );
  return (
    <section>
      <h1>Approval queue</h1>
      <div className="filters">
        <select aria-label="Status" value={status} onChange={(event) => setStatus(event.target.value)}>
          <option value="pending">waiting</option>
          <option value="approved">approved</option>
          <option value="rejected">rejected</option>
          <option value="automatic">automatic (policy)</option>
          <option value="refused">refused (policy)</option>
          <option value="timed-out">timed out</option>
          <option value="withdrawn">withdrawn</option>
        </select>
        <span className="muted">
          Two-person rule: whoever requested an action cannot approve it; high and critical risk need two distinct
          approvers, the last of them a responder or admin.
        </span>
      </div>
      {error ? <p className="error">{error}</p> : null}
      <div className="proposals wide">
        {data?.items.map((view) => (
          <ProposalCard
            key={view.proposal.id}
            view={view}
            client={client}
            session={session}
            onDecided={() => setDecided((value) => value + 1)}
            showIncident
          />
        ))}
        {data && data.items.length === 0 ? <p className="muted">Nothing here.</p> : null}
      </div>
    </section>
  );
}
