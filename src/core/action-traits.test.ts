import { describe, expect, it } from 'vitest';
import { actionTypeSchema } from './action-proposal.js';
import { actionTraits } from './action-traits.js';

describe('actionTraits', () => {
  it('covers every action type, reversible exactly when it has a reversal', () => {
    for (const type of actionTypeSchema.options) {
      const traits = actionTraits[type];
      expect(traits, type).toBeDefined();
      expect(traits.reversible, type).toBe(traits.reversal.kind !== 'none');
    }
  });

  it('pairs inverse actions both ways', () => {
    for (const type of actionTypeSchema.options) {
      const reversal = actionTraits[type].reversal;
      if (reversal.kind !== 'inverse-action') continue;
      expect(actionTraits[reversal.action].reversal, `${type} ↔ ${reversal.action}`).toEqual({
        kind: 'inverse-action',
        action: type,
      });
    }
  });
});
