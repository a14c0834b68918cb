import { useState } from 'react';
import type { KillChainColumn, KillChainView } from '../api-types';
import { killChain, title } from './format';

/**
 * The ATT&CK tactics as a strip (reached ones lit, the current one outlined), and under it the
 * reached tactics as columns holding their techniques, each as id and name on lines of its own.
 */
export function KillChain({ view, current }: { view: KillChainView; current?: string | undefined }) {
  const byTactic = new Map(view.columns.map((column) => [column.tactic, column]));
  const most = Math.max(1, ...view.columns.map((column) => column.techniques.length));
  const reached = view.columns.filter((column) => column.techniques.length > 0 || column.alerts > 0);
  return (
    <div className="kill-chain-wrap">
      <ol className="kill-chain" aria-label="Kill chain">
        {killChain.map((tactic) => {
          const column = byTactic.get(tactic);
          const heat = column ? 0.35 + (0.65 * column.techniques.length) / most : 0;
          return (
            <li
              key={tactic}
              className={`${column ? 'reached' : ''} ${tactic === current ? 'current' : ''}`}
              style={column ? { ['--heat' as string]: String(heat) } : undefined}
              title={title(tactic)}
            >
              <span>{title(tactic)}</span>
              {column ? <small>{column.techniques.length}</small> : null}
            </li>
          );
        })}
      </ol>
      <div className="kill-chain-columns" data-testid="kill-chain" data-placement={view.placement}>
        {reached.map((column) => (
          <TacticColumn key={column.tactic} column={column} current={column.tactic === current} />
        ))}
      </div>
      {view.placement === 'rule-tags' ? (
        <p className="muted small">
          Techniques are shown under the tactics their rules were tagged with; load ATT&amp;CK (--attack) to place them
          under their catalogue tactics.
        </p>
      ) : null}
    </div>
  );
}

/** Techniques shown per column before "more". */
const shownAtFirst = 4;

function TacticColumn({ column, current }: { column: KillChainColumn; current: boolean }) {
  const [open, setOpen] = useState(false);
  const hidden = column.techniques.length - shownAtFirst;
  return (
    <section data-tactic={column.tactic} className={current ? 'current' : ''}>
      <h3>
        <span className="tactic-name">{title(column.tactic)}</span>{' '}
        <small className="muted">
          {column.alerts} alert{column.alerts === 1 ? '' : 's'}
        </small>
      </h3>
      <ul>
        {column.techniques.map((technique, index) => (
          <li key={technique.id} data-technique={technique.id} hidden={!open && index >= shownAtFirst}>
            <code className="technique-id">{technique.id}</code>
            {technique.name ? <span> {technique.name}</span> : null}
          </li>
        ))}
        {column.techniques.length === 0 ? <li className="muted">no technique named</li> : null}
      </ul>
      {hidden > 0 ? (
        <button type="button" className="link more" onClick={() => setOpen(!open)}>
          {open ? 'fewer' : `+${hidden} more`}
        </button>
      ) : null}
    </section>
  );
}
