import { describe, expect, it } from 'vitest';
import { ruleRecordAdjustment } from './feedback-aware-reasoner.js';
import { computeTrackRecords, policyTrackRecordFor } from './track-records.js';

const at = '2025-03-03T10:00:00.000Z';
const decision = (
  id: string,
  type: 'block-ip' | 'isolate-host',
  kind: 'ip' | 'host',
  value: string,
  outcome: 'approved' | 'rejected' | 'auto',
) => ({
  id,
  incidentId: 'incident--1',
  proposalId: `p-${id}`,
  actionType: type,
  target: { kind, value },
  decision: outcome,
  author: 'ana',
  decidedAt: at,
});

describe('track records', () => {
  it('computes rule precision from verdicts and lowers or raises reasoning confidence with it', () => {
    const records = computeTrackRecords(
      [
        { incidentId: 'a', verdict: 'false-positive', ruleIds: ['noisy', 'good'], author: 'ana', decidedAt: at },
        { incidentId: 'b', verdict: 'benign', ruleIds: ['noisy'], author: 'ana', decidedAt: at },
        { incidentId: 'c', verdict: 'true-positive', ruleIds: ['good'], author: 'ana', decidedAt: at },
        { incidentId: 'd', verdict: 'true-positive', ruleIds: ['good'], author: 'ana', decidedAt: at },
        { incidentId: 'e', verdict: 'true-positive', ruleIds: ['good'], author: 'ana', decidedAt: at },
        { incidentId: 'f', verdict: 'true-positive', ruleIds: ['good'], author: 'ana', decidedAt: at },
      ],
      [],
    );
    expect(records.rules.get('noisy')?.precision).toBe(0);
    expect(records.rules.get('good')?.precision).toBe(0.8);
    const down = ruleRecordAdjustment(records, ['noisy']);
    expect(down.delta).toBeLessThan(0);
    expect(down.reasons[0]).toMatch(/noisy.*2 of 2/);
    expect(ruleRecordAdjustment(records, ['good']).delta).toBeGreaterThan(0);
    expect(ruleRecordAdjustment(records, ['unknown-rule']).reasons).toEqual([]);
  });

  it('gives the policy the record of the action type on this kind of target, and remembers exact rejections', () => {
    const records = computeTrackRecords(
      [],
      [
        decision('1', 'block-ip', 'ip', '198.51.100.1', 'approved'),
        decision('2', 'block-ip', 'ip', '198.51.100.2', 'rejected'),
        decision('3', 'block-ip', 'ip', '198.51.100.3', 'auto'),
        decision('4', 'isolate-host', 'host', 'ws-1', 'rejected'),
      ],
    );
    expect(policyTrackRecordFor(records, { actionType: 'block-ip', target: { kind: 'ip', value: 'x' } })).toEqual({
      'block-ip': { approved: 1, rejected: 1 },
    });
    expect(records.actionsByTargetKind.get('block-ip|ip')).toMatchObject({ automatic: 1, approvalRate: 0.5 });
    expect(records.rejectedTargets.has('block-ip|ip|198.51.100.2')).toBe(true);
    expect(records.rejectedTargets.has('block-ip|ip|198.51.100.1')).toBe(false);
  });
});
