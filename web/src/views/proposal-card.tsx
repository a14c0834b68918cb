import { useState } from 'react';
import type { ApiClient } from '../api-client';
import type { ProposalView, Session } from '../api-types';
import { StatusWord } from './run-status';
import { EvidenceLinks } from './stage-claims';

const noHighlight = new Set<string>();

/** One proposed action: rationale, risk, target, evidence, the two-person rule, and approve/reject for roles that may decide. */
export function ProposalCard({
  view,
  client,
  session,
  onDecided,
  showIncident = false,
  onOpen,
}: {
  view: ProposalView;
  client: ApiClient;
  session: Session;
  onDecided: () => void;
  showIncident?: boolean;
  /** Opens a piece of evidence (the incident page's viewer); without it evidence is text. */
  onOpen?: (id: string) => void;
}) {
  const [reason, setReason] = useState('');
  const [error, setError] = useState<string | undefined>(undefined);
  const [busy, setBusy] = useState(false);
  const { proposal } = view;
  const mayDecide = session.permissions.includes('decide');
  const isRequester = session.name === view.requestedBy;
  const alreadyApproved = view.approvedBy.includes(session.name);
  const highRisk = proposal.risk === 'high' || proposal.risk === 'critical';
  const releases = view.approvedBy.length + 1 >= view.requiredApprovers;
  const needsExecutor = highRisk && releases && !session.permissions.includes('execute');
  const decide = async (decision: 'approved' | 'rejected') => {
    setBusy(true);
    try {
      await client.post(
        `/api/v1/incidents/${encodeURIComponent(view.incidentId)}/proposals/${encodeURIComponent(proposal.id)}/decision`,
        {
          decision,
          ...(reason.trim() ? { reason: reason.trim() } : {}),
        },
      );
      setError(undefined);
      setReason('');
      onDecided();
    } catch (caught) {
      setError((caught as Error).message);
    } finally {
      setBusy(false);
    }
  };
  return (
    <article className={`proposal ${view.status}`} data-testid={`proposal-${proposal.id}`}>
      <header>
        <strong>{proposal.actionType}</strong> <code>{proposal.target.value}</code>
        <span className={`badge ${proposal.risk}`}>{proposal.risk} risk</span>
        {proposal.reversible ? <span className="tag">reversible</span> : <span className="tag warn">irreversible</span>}
        <span className={`status ${view.status}`} data-testid="proposal-status">
          {view.status}
        </span>
      </header>
      {showIncident ? (
        <p className="muted">
          <a href={`#/incidents/${encodeURIComponent(view.incidentId)}`}>{view.incidentTitle}</a>
        </p>
      ) : null}
      <p>{proposal.rationale}</p>
      {proposal.expectedEffect ? <p className="muted">Effect: {proposal.expectedEffect}</p> : null}
      <p className="muted">
        Dry run: would run <code>{proposal.actionType}</code> on {proposal.target.kind}{' '}
        <code>{proposal.target.value}</code>
        {Object.keys(proposal.parameters).length > 0 ? (
          <>
            {' '}
            with{' '}
            {Object.entries(proposal.parameters).map(([key, value], index) => (
              <span key={key}>
                {index > 0 ? ' · ' : ''}
                {key} <code>{typeof value === 'object' ? JSON.stringify(value) : String(value)}</code>
              </span>
            ))}
          </>
        ) : null}
        .
      </p>
      <p className="evidence">
        Evidence:{' '}
        <EvidenceLinks
          evidence={proposal.evidence}
          highlighted={noHighlight}
          labels={view.evidenceLabels}
          onOpen={onOpen ?? (() => undefined)}
        />
      </p>
      {view.policy ? (
        <p className="rule" title={view.policy.reasons.join('\n')}>
          Policy:{' '}
          {view.policy.outcome === 'auto'
            ? 'runs automatically'
            : view.policy.outcome === 'refuse'
              ? 'refused'
              : 'needs approval'}{' '}
          — {view.policy.reasons[0]}
        </p>
      ) : null}
      {view.status === 'pending' || view.status === 'approved' || view.status === 'rejected' ? (
        <p className="rule">
          Requested by <b>{view.requestedBy}</b> · needs {view.requiredApprovers} distinct approver
          {view.requiredApprovers > 1 ? 's' : ''}
          {highRisk ? ' (the last a responder or admin)' : ''}
          {view.approvedBy.length > 0 ? ` · approved by ${view.approvedBy.join(', ')}` : ''}
          {view.rejectedBy ? ` · rejected by ${view.rejectedBy}` : ''}
        </p>
      ) : null}
      {view.run ? (
        <p className="execution" data-testid="proposal-run">
          <a href={`#/runs/${encodeURIComponent(view.run.id)}`}>Run step</a>:{' '}
          <StatusWord status={view.run.stepStatus} />
          {view.run.executed && view.run.connector ? (
            <>
              {' '}
              via <code>{view.run.connector}</code>
            </>
          ) : null}
          {view.run.note ? <span className="muted"> — {view.run.note}</span> : null}
          {view.run.error && !view.run.note ? <span className="error-text"> — {view.run.error}</span> : null}
        </p>
      ) : null}
      {view.approvals
        .filter((approval) => approval.reason)
        .map((approval) => (
          <p key={approval.id} className="muted">
            {approval.decidedBy}: “{approval.reason}”
          </p>
        ))}
      {mayDecide && view.status === 'pending' ? (
        isRequester ? (
          <p className="muted">You requested this action; another analyst must approve it.</p>
        ) : alreadyApproved ? (
          <p className="muted">You approved; waiting for a second, different approver.</p>
        ) : needsExecutor ? (
          <p className="muted">
            The last approval of a {proposal.risk}-risk action releases it: a responder or admin must give it.
          </p>
        ) : (
          <div className="decide">
            <input
              aria-label={`Reason for ${proposal.actionType} ${proposal.target.value}`}
              placeholder="Reason (required to reject)"
              value={reason}
              onChange={(event) => setReason(event.target.value)}
            />
            <button type="button" className="primary" disabled={busy} onClick={() => decide('approved')}>
              Approve
            </button>
            <button
              type="button"
              className="danger"
              disabled={busy || !reason.trim()}
              onClick={() => decide('rejected')}
            >
              Reject
            </button>
          </div>
        )
      ) : null}
      {error ? <p className="error">{error}</p> : null}
    </article>
  );
}
