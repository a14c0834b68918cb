import { describe, expect, it } from 'vitest';
import { actionTypeSchema, targetKindsByAction } from '../../core/index.js';
import { actionCatalogue, validateProposal } from './action-catalogue.js';

describe('action catalogue', () => {
  it('describes every action type, with an inverse that is itself reversible back', () => {
    for (const type of actionTypeSchema.options) {
      const spec = actionCatalogue[type];
      expect(spec.type).toBe(type);
      expect(spec.targetKinds.length).toBeGreaterThan(0);
      expect(spec.retry.attempts).toBeGreaterThanOrEqual(1);
      if (spec.reversal.kind === 'inverse-action') {
        const inverse = actionCatalogue[spec.reversal.action];
        expect(inverse.reversal).toEqual({ kind: 'inverse-action', action: type });
        expect(inverse.targetKinds).toEqual(spec.targetKinds);
      }
    }
  });

  it("takes every action's target kinds from core's targetKindsByAction, the table the planner checks", () => {
    for (const type of actionTypeSchema.options)
      expect(actionCatalogue[type].targetKinds).toBe(targetKindsByAction[type]);
    expect(actionCatalogue['isolate-host'].targetKinds).toEqual(['host', 'ip']);
  });

  it('validates target kinds and parameters, naming the field', () => {
    const proposal = {
      id: 'p1',
      actionType: 'block-ip' as const,
      target: { kind: 'ip' as const, value: '203.0.113.66' },
      parameters: { direction: 'inbound' },
    };
    expect(validateProposal(proposal)).toEqual({ direction: 'inbound' });
    expect(validateProposal({ ...proposal, parameters: {} })).toEqual({ direction: 'both' });
    expect(() => validateProposal({ ...proposal, target: { kind: 'user', value: 'bob' } })).toThrow(
      /does not accept a user target/,
    );
    try {
      validateProposal({ ...proposal, parameters: { durationSeconds: -5 } });
      expect.unreachable();
    } catch (error) {
      expect(error).toMatchObject({
        code: 'input-invalid',
        location: { objectId: 'p1', field: 'parameters.durationSeconds' },
      });
    }
  });
});
