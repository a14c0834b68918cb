import type { EvidenceRef, IncidentDetail } from '../api-types';
import { title } from './format';

/** Evidence as what it is in words (alert title, event summary), each opening the alert or event. */
export function EvidenceLinks({
  evidence,
  highlighted,
  labels,
  onOpen,
}: {
  evidence: EvidenceRef[];
  highlighted: Set<string>;
  labels: Record<string, string>;
  onOpen: (id: string) => void;
}) {
  // folded alerts repeat one title: show each distinct label once
  const shown = new Map<string, EvidenceRef>();
  for (const reference of evidence) {
    const label = labels[reference.id] ?? `${reference.kind} ${reference.id.slice(0, 12)}`;
    if (!shown.has(label)) shown.set(label, reference);
  }
  const entries = [...shown.entries()];
  return (
    <span className="evidence">
      {entries.slice(0, 5).map(([label, reference]) => (
        <button
          type="button"
          key={`${reference.kind}:${reference.id}`}
          className={`link ${highlighted.has(reference.id) ? 'highlight' : ''}`}
          title={`${reference.kind} ${reference.id}`}
          onClick={() => onOpen(reference.id)}
        >
          {label.length > 90 ? `${label.slice(0, 89)}…` : label}
        </button>
      ))}
      {entries.length > 5 ? ` +${entries.length - 5} more` : ''}
    </span>
  );
}

/** The three reasoning stages (context, attack sequence, plan), each claim with links to its evidence. */
export function StageClaims({
  detail,
  highlighted,
  onOpen,
}: {
  detail: IncidentDetail;
  highlighted: Set<string>;
  onOpen: (id: string) => void;
}) {
  const { context, sequence, plan } = detail.artifacts;
  const links = { highlighted, labels: detail.evidenceLabels, onOpen };
  return (
    <div className="stages">
      <h3>1 · Context</h3>
      {context?.attackVector ? (
        <p>
          Vector <b>{title(context.attackVector.vector)}</b>: {context.attackVector.rationale}{' '}
          <EvidenceLinks evidence={context.attackVector.evidence} {...links} />
        </p>
      ) : (
        <p className="muted">No context stage stored.</p>
      )}
      {context?.impact ? (
        <p className="muted">
          Impact {context.impact.score}: {context.impact.reasons.join('; ')}
        </p>
      ) : null}
      <h3>2 · Attack sequence</h3>
      <ol>
        {(sequence?.steps ?? []).map((step) => (
          <li key={`${step.tactic}-${step.summary}`}>
            <b>{title(step.tactic)}</b> ({Math.round(step.confidence * 100)}%): {step.summary}{' '}
            <EvidenceLinks evidence={step.evidence} {...links} />
          </li>
        ))}
      </ol>
      {sequence?.likelyNext?.length ? (
        <p className="muted">Likely next: {sequence.likelyNext.map((next) => title(next.tactic)).join(', ')}</p>
      ) : null}
      <h3>3 · Plan</h3>
      <p>{plan?.summary ?? `${detail.proposals.length} action(s) proposed.`}</p>
    </div>
  );
}
