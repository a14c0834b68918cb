import type { AttackStage } from '../api-types';
import { killChain, title } from './format';

/** The ATT&CK tactics as a strip: reached stages lit, the current one marked, with technique counts as a heat scale. */
export function KillChain({ stages, current }: { stages: AttackStage[]; current?: string | undefined }) {
  const byTactic = new Map(stages.map((stage) => [stage.tactic, stage]));
  const most = Math.max(1, ...stages.map((stage) => stage.techniques.length));
  return (
    <ol className="kill-chain" aria-label="Kill chain">
      {killChain.map((tactic) => {
        const stage = byTactic.get(tactic);
        const heat = stage ? 0.35 + (0.65 * stage.techniques.length) / most : 0;
        return (
          <li
            key={tactic}
            className={`${stage ? 'reached' : ''} ${tactic === current ? 'current' : ''}`}
            style={stage ? { ['--heat' as string]: String(heat) } : undefined}
            title={stage ? `${title(tactic)}: ${stage.techniques.join(', ') || 'no technique'}` : title(tactic)}
          >
            <span>{title(tactic)}</span>
            {stage ? <small>{stage.techniques.join(' ') || '·'}</small> : null}
          </li>
        );
      })}
    </ol>
  );
}
