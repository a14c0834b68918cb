import { describe, expect, it } from 'vitest';
import type { ActionProposal } from '../../core/index.js';
import { decide, type PolicyContext } from './decide.js';
import { parsePolicy } from './load-policy.js';

const policy = parsePolicy(`
version: 1
approval: { twoPersonRisk: [high, critical] }
auto:
  actions: [block-ip, notify]
  maxRisk: medium
  minConfidence: 0.8
  hours: { from: "08:00", to: "18:00", timeZone: Europe/Paris }
  trackRecord: { minDecisions: 2, maxRejectionRate: 0.5 }
refuse: { actions: [other] }
protectedAssets:
  - role: domain controller
    refuse: [isolate-host]
allowList:
  addresses: [10.0.0.53, 192.168.1.0/24]
  domains: [corp.example]
  users: [administrator]
`);

const proposal = (overrides: Partial<ActionProposal>): ActionProposal => ({
  id: 'p1',
  incidentId: 'i1',
  actionType: 'block-ip',
  target: { kind: 'ip', value: '203.0.113.66' },
  parameters: {},
  risk: 'medium',
  reversible: true,
  rationale: 'c2',
  evidence: [{ kind: 'alert', id: 'a1' }],
  ...overrides,
});

const context: PolicyContext = {
  confidence: 0.9,
  now: new Date('2024-05-06T10:00:00Z'), // 12:00 in Paris
  assets: [
    { host: 'DC01', criticality: 'critical', role: 'domain controller' },
    { host: 'WS-FIN-07', criticality: 'medium' },
  ],
  trackRecord: { 'block-ip': { approved: 5, rejected: 0 } },
};

describe('policy decisions', () => {
  it('runs a confident block of an outside address automatically', () => {
    expect(decide(proposal({}), policy, context)).toMatchObject({ outcome: 'auto', approvers: 0 });
  });

  it('refuses to isolate a domain controller, whatever the proposal says', () => {
    const decision = decide(
      proposal({ actionType: 'isolate-host', target: { kind: 'host', value: 'dc01.corp.example' }, risk: 'low' }),
      policy,
      context,
    );
    expect(decision.outcome).toBe('refuse');
    expect(decision.reasons[0]).toContain('domain controller');
  });

  it('refuses to block an allow-listed resolver, inside a CIDR range and by overlap', () => {
    expect(decide(proposal({ target: { kind: 'ip', value: '10.0.0.53' } }), policy, context).outcome).toBe('refuse');
    expect(decide(proposal({ target: { kind: 'ip', value: '192.168.1.7' } }), policy, context).outcome).toBe('refuse');
    expect(decide(proposal({ target: { kind: 'cidr', value: '10.0.0.0/8' } }), policy, context).outcome).toBe('refuse');
    expect(
      decide(
        proposal({ actionType: 'block-domain', target: { kind: 'domain', value: 'ns1.CORP.example.' } }),
        policy,
        context,
      ).outcome,
    ).toBe('refuse');
    expect(
      decide(
        proposal({ actionType: 'disable-account', target: { kind: 'user', value: 'CORP\\Administrator' } }),
        policy,
        context,
      ).outcome,
    ).toBe('refuse');
  });

  it('still allows observing actions on allow-listed targets', () => {
    const decision = decide(
      proposal({ actionType: 'add-to-watchlist', target: { kind: 'ip', value: '10.0.0.53' } }),
      policy,
      context,
    );
    expect(decision.outcome).toBe('approval');
  });

  it('refuses actions the policy bans and proposals that do not fit the catalogue', () => {
    expect(decide(proposal({ actionType: 'other' }), policy, context).outcome).toBe('refuse');
    expect(decide(proposal({ target: { kind: 'user', value: 'bob' } }), policy, context).reasons[0]).toContain(
      'does not accept a user target',
    );
    expect(decide(proposal({ parameters: { direction: 'sideways' } }), policy, context).reasons[0]).toContain(
      'parameters',
    );
  });

  it('requires two distinct analysts for high risk, even when the proposal claims low risk', () => {
    const decision = decide(
      proposal({ actionType: 'isolate-host', target: { kind: 'host', value: 'ws-fin-07' }, risk: 'low' }),
      policy,
      context,
    );
    expect(decision).toMatchObject({ outcome: 'approval', approvers: 2 });
    expect(decision.reasons.join(' ')).toContain('risk high');
  });

  it('raises the risk when the proposal says it is higher than the catalogue', () => {
    expect(decide(proposal({ risk: 'critical' }), policy, context)).toMatchObject({
      outcome: 'approval',
      approvers: 2,
    });
  });

  it('asks an analyst when the confidence is low or unknown', () => {
    expect(decide(proposal({}), policy, { ...context, confidence: 0.5 })).toMatchObject({
      outcome: 'approval',
      approvers: 1,
    });
    const { confidence: _ignored, ...withoutConfidence } = context;
    expect(decide(proposal({}), policy, withoutConfidence).reasons).toContain('the confidence is unknown');
  });

  it('asks an analyst outside the automatic hours, in the policy time zone', () => {
    const night = decide(proposal({}), policy, { ...context, now: new Date('2024-05-06T17:30:00Z') }); // 19:30 in Paris
    expect(night.outcome).toBe('approval');
    expect(night.reasons.join(' ')).toContain('outside the automatic hours');
  });

  it('asks an analyst when the track record is short or poor', () => {
    expect(decide(proposal({}), policy, { ...context, trackRecord: {} }).outcome).toBe('approval');
    const poor = decide(proposal({}), policy, {
      ...context,
      trackRecord: { 'block-ip': { approved: 1, rejected: 3 } },
    });
    expect(poor.reasons.join(' ')).toContain('rejected 3 of 4');
  });

  it('refuses instead of asking when the default decision is refuse', () => {
    const strict = parsePolicy('version: 1\ndefaultDecision: refuse\n');
    expect(decide(proposal({}), strict, context).outcome).toBe('refuse');
  });
});

describe('policy file validation', () => {
  it('names the field and the line at fault', () => {
    expect(() => parsePolicy('version: 1\nauto:\n  maxRisk: extreme\n', 'p.yaml')).toThrow(/auto\.maxRisk/);
    try {
      parsePolicy('version: 1\nallowList:\n  addresses: [10.0.0.1, not-an-ip]\n', 'p.yaml');
      expect.unreachable();
    } catch (error) {
      expect(error).toMatchObject({ location: { file: 'p.yaml', field: 'allowList.addresses.1', line: 3 } });
    }
    expect(() => parsePolicy('version: 1\napproval: { timeout: soon }\n')).toThrow(/approval\.timeout.*not a duration/);
    expect(() => parsePolicy('version: 1\nunknownKey: 1\n')).toThrow(/unrecognized|Unrecognized/);
    expect(() =>
      parsePolicy('version: 1\nauto: { hours: { from: "08:00", to: "18:00", timeZone: Mars/Olympus } }\n'),
    ).toThrow(/time zone/);
  });

  it('loads the shipped default policy', async () => {
    const { loadPolicy } = await import('./load-policy.js');
    const shipped = await loadPolicy(new URL('../../../policy/default.yaml', import.meta.url).pathname);
    expect(shipped.approval.onTimeout).toBe('deny');
    expect(
      decide(proposal({ actionType: 'isolate-host', target: { kind: 'host', value: 'DC01' } }), shipped, context)
        .outcome,
    ).toBe('refuse');
  });
});
