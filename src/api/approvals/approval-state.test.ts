import { fc, test } from '@fast-check/vitest';
import { describe, expect } from 'vitest';
import type { Approval } from '../../core/index.js';
import { approvalState } from './approval-state.js';

const approvalArbitrary = fc.record({
  decidedBy: fc.constantFrom('a', 'b', 'c'),
  decision: fc.constantFrom<Approval['decision']>('approved', 'rejected'),
  minute: fc.integer({ min: 0, max: 59 }),
});

describe('approvalState', () => {
  test.prop([fc.array(approvalArbitrary, { maxLength: 8 }), fc.constantFrom<1 | 2>(1, 2)])(
    'is approved only with enough distinct approvers and no earlier rejection',
    (drafts, required) => {
      const approvals: Approval[] = drafts.map((draft, index) => ({
        id: `approval-${index}`,
        proposalId: 'p',
        decision: draft.decision,
        decidedBy: draft.decidedBy,
        decidedAt: `2024-01-01T00:${String(draft.minute).padStart(2, '0')}:00.000Z`,
      }));
      const state = approvalState(approvals, required);
      expect(new Set(state.approvedBy).size).toBe(state.approvedBy.length);
      if (state.status === 'approved') expect(state.approvedBy.length).toBe(required);
      if (state.status === 'pending') {
        expect(state.approvedBy.length).toBeLessThan(required);
        expect(approvals.some((approval) => approval.decision === 'rejected')).toBe(false);
      }
    },
  );
});
