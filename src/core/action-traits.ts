/**
 * Each action type's risk and how it is undone: the one table the planner (reason) and the
 * action catalogue (respond) both read, so the two cannot drift.
 */
import type { ActionType, Risk } from './action-proposal.js';

/** How a completed action is undone: by another action type, by the connector's own undo, or not at all. */
export type Reversal = { kind: 'inverse-action'; action: ActionType } | { kind: 'undo' } | { kind: 'none' };

export interface ActionTraits {
  risk: Risk;
  reversal: Reversal;
  /** Whether the action can be undone (`reversal` is not `none`). */
  reversible: boolean;
}

const traits = (risk: Risk, reversal: Reversal): ActionTraits => ({
  risk,
  reversal,
  reversible: reversal.kind !== 'none',
});
const undo: Reversal = { kind: 'undo' };
const none: Reversal = { kind: 'none' };
const inverse = (action: ActionType): Reversal => ({ kind: 'inverse-action', action });

export const actionTraits: Readonly<Record<ActionType, ActionTraits>> = {
  'block-ip': traits('medium', undo),
  'block-domain': traits('medium', undo),
  'block-url': traits('low', undo),
  'isolate-host': traits('high', inverse('release-host')),
  'release-host': traits('medium', inverse('isolate-host')),
  'disable-account': traits('high', inverse('enable-account')),
  'enable-account': traits('medium', inverse('disable-account')),
  'kill-process': traits('medium', none),
  'quarantine-file': traits('medium', undo),
  'reset-credentials': traits('medium', none),
  'collect-artefacts': traits('low', none),
  'open-ticket': traits('low', none),
  notify: traits('low', none),
  'add-to-watchlist': traits('low', undo),
  'run-script': traits('high', none),
  other: traits('high', none),
};
