import { fc, test } from '@fast-check/vitest';
import { describe, expect, it } from 'vitest';
import { compareSets, percentile, scoresOf } from './metrics.js';
import { scenarioSchema } from './scenario-schema.js';
import { analystDecision, analystVerdict, matchesTruthAction } from './simulated-analyst.js';

describe('metrics', () => {
  it('scores sets exactly', () => {
    const counts = compareSets(['T1003.001', 'T1059'], ['T1003.001', 'T1071']);
    expect(counts).toEqual({ truePositives: 1, falsePositives: 1, falseNegatives: 1 });
    expect(scoresOf(counts)).toMatchObject({ precision: 0.5, recall: 0.5, f1: 0.5 });
    expect(scoresOf({ truePositives: 0, falsePositives: 0, falseNegatives: 0 }).precision).toBeUndefined();
  });

  test.prop([fc.array(fc.double({ min: 0, max: 1e6, noNaN: true }), { minLength: 1 })])(
    'p50 ≤ p95 and both are observed values',
    (values) => {
      const p50 = percentile(values, 0.5)!;
      const p95 = percentile(values, 0.95)!;
      expect(p50).toBeLessThanOrEqual(p95);
      expect(values).toContain(p50);
      expect(values).toContain(p95);
    },
  );
});

describe('simulated analyst', () => {
  const scenario = scenarioSchema.parse({
    id: 's',
    kind: 'attack',
    logs: [{ path: 'logs/a.log' }],
    truth: {
      techniques: ['T1003.001'],
      tactics: ['TA0006'],
      actions: [{ type: 'isolate-host', target: 'WORKSTATION5' }, { type: 'open-ticket' }],
      forbidden_actions: [{ type: 'block-ip', target: '10.0.0.1' }],
    },
  });

  it('approves acceptable actions (host short names, any target when none given) and rejects the rest', () => {
    expect(
      matchesTruthAction(
        { type: 'isolate-host', target: { value: 'workstation5.corp.local' } },
        { type: 'isolate-host', target: 'WORKSTATION5' },
      ),
    ).toBe(true);
    expect(analystDecision(scenario, { type: 'open-ticket', target: { value: 'incident--1' } }).decision).toBe(
      'approved',
    );
    expect(analystDecision(scenario, { type: 'isolate-host', target: { value: 'dc01' } }).decision).toBe('rejected');
    expect(analystDecision(scenario, { type: 'block-ip', target: { value: '10.0.0.1' } }).reason).toMatch(/forbidden/);
  });

  it('judges incidents by overlap with the truth', () => {
    expect(analystVerdict(scenario, { techniques: ['T1003'], tactics: [], hosts: [] })).toBe('true-positive');
    expect(analystVerdict(scenario, { techniques: ['T1016'], tactics: ['TA0007'], hosts: ['ws9'] })).toBe(
      'false-positive',
    );
  });
});

describe('scenario format', () => {
  it('refuses paths that leave the scenario folder', () => {
    expect(scenarioSchema.safeParse({ id: 'x', kind: 'benign', logs: [{ path: '../etc/passwd' }] }).success).toBe(
      false,
    );
    expect(scenarioSchema.safeParse({ id: 'x', kind: 'benign', logs: [{ path: '/etc/passwd' }] }).success).toBe(false);
  });
});
