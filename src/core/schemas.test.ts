import { describe, expect, it } from 'vitest';
import { actionProposalSchema, eventSchema, indicatorSchema, maxSeverity, tacticRank } from './index.js';

describe('domain schemas', () => {
  it('fill event defaults and refuse a timestamp that is not ISO 8601', () => {
    const base = { id: 'e1', timestamp: '2024-05-01T10:00:00Z', origin: { format: 'syslog' }, fields: {}, raw: 'x' };
    const parsed = eventSchema.parse(base);
    expect(parsed).toMatchObject({ kind: 'event', category: [], outcome: 'unknown', observables: [] });
    expect(eventSchema.safeParse({ ...base, timestamp: 'yesterday' }).success).toBe(false);
    expect(eventSchema.safeParse({ ...base, origin: { format: 'carrier-pigeon' } }).success).toBe(false);
  });

  it('require an indicator to have a value or a pattern', () => {
    expect(indicatorSchema.safeParse({ id: 'i', source: 's' }).success).toBe(false);
    expect(indicatorSchema.parse({ id: 'i', source: 's', value: '203.0.113.1', type: 'ipv4-addr' }).confidence).toBe(
      50,
    );
  });

  it('require every proposed action to cite evidence', () => {
    const proposal = {
      id: 'p',
      incidentId: 'i',
      actionType: 'block-ip',
      target: { kind: 'ip', value: '203.0.113.1' },
      risk: 'medium',
      reversible: true,
      rationale: 'C2',
      evidence: [],
    };
    expect(actionProposalSchema.safeParse(proposal).success).toBe(false);
    expect(actionProposalSchema.safeParse({ ...proposal, evidence: [{ kind: 'alert', id: 'a' }] }).success).toBe(true);
  });

  it('order tactics on the kill chain and severities by rank', () => {
    expect(tacticRank('initial-access')).toBeLessThan(tacticRank('impact'));
    expect(tacticRank('unknown')).toBeGreaterThan(tacticRank('impact'));
    expect(maxSeverity(['low', 'critical', 'medium'])).toBe('critical');
    expect(maxSeverity([])).toBe('informational');
  });
});
