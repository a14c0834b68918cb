import type { EvidenceRef, IncidentDetail } from '../api-types';
import { title } from './format';

function EvidenceLinks({ evidence, highlighted }: { evidence: EvidenceRef[]; highlighted: Set<string> }) {
  return (
    <span className="evidence">
      {evidence.slice(0, 5).map((reference) => (
        <a
          key={`${reference.kind}:${reference.id}`}
          href={`#evidence-${reference.id}`}
          className={highlighted.has(reference.id) ? 'highlight' : undefined}
          onClick={(event) => {
            event.preventDefault();
            document
              .getElementById(`evidence-${reference.id}`)
              ?.scrollIntoView({ behavior: 'smooth', block: 'center' });
          }}
        >
          {reference.kind}:{reference.id.slice(0, 12)}
        </a>
      ))}
      {evidence.length > 5 ? ` +${evidence.length - 5}` : ''}
    </span>
  );
}

/** The three reasoning stages (context, attack sequence, plan), each claim with links to its evidence. */
export function StageClaims({ detail, highlighted }: { detail: IncidentDetail; highlighted: Set<string> }) {
  const { context, sequence, plan } = detail.artifacts;
  return (
    <div className="stages">
      <h3>1 · Context</h3>
      {context?.attackVector ? (
        <p>
          Vector <b>{title(context.attackVector.vector)}</b>: {context.attackVector.rationale}{' '}
          <EvidenceLinks evidence={context.attackVector.evidence} highlighted={highlighted} />
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
            <EvidenceLinks evidence={step.evidence} highlighted={highlighted} />
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
