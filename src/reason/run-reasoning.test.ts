import { describe, expect, it } from 'vitest';
import type { Alert, Event } from '../core/index.js';
import { stageJsonSchemas, ValidationError } from '../core/index.js';
import { correlateAlerts } from '../correlate/index.js';
import { createBuiltinReasoner } from './builtin/builtin-reasoner.js';
import type { Reasoner, ReasoningInput } from './reasoner.js';
import { runReasoning } from './run-reasoning.js';

function event(id: string, minute: number, extra: Partial<Event>): Event {
  return {
    id,
    timestamp: new Date(Date.UTC(2024, 4, 1, 10, minute)).toISOString(),
    origin: { format: 'windows-json' },
    kind: 'event',
    category: [],
    outcome: 'unknown',
    host: { name: 'WS01' },
    observables: [],
    fields: {},
    raw: '{}',
    ...extra,
  };
}

function alert(
  id: string,
  eventId: string,
  minute: number,
  tactic: Alert['tactics'][number],
  technique: string,
): Alert {
  return {
    id,
    source: 'sigma',
    ruleId: id,
    ruleTitle: `Detection ${id}`,
    severity: 'high',
    timestamp: new Date(Date.UTC(2024, 4, 1, 10, minute)).toISOString(),
    eventIds: [eventId],
    techniques: [technique],
    tactics: [tactic],
    cves: [],
  };
}

function scenario(): ReasoningInput {
  const events = new Map<string, Event>([
    [
      'e1',
      event('e1', 0, {
        user: { name: 'alice', domain: 'CORP' },
        process: { pid: 4242, executable: 'C:\\Windows\\System32\\rundll32.exe' },
      }),
    ],
    [
      'e2',
      event('e2', 5, {
        destination: { ip: '203.0.113.50', port: 443 },
        observables: [{ type: 'ipv4-addr', value: '203.0.113.50' }],
      }),
    ],
    ['e3', event('e3', 6, { destination: { ip: '10.0.0.5', port: 445 } })],
  ]);
  const alerts = [
    alert('a1', 'e1', 0, 'credential-access', 'T1003.001'),
    alert('a2', 'e2', 5, 'command-and-control', 'T1071.001'),
    alert('a3', 'e3', 6, 'lateral-movement', 'T1021.002'),
  ];
  const [incident] = correlateAlerts(alerts, events);
  return {
    incident: incident!,
    alerts,
    events,
    indicatorMatches: [
      {
        eventId: 'e2',
        indicatorId: 'indicator--c2',
        source: 'demo-feed',
        confidence: 90,
        field: 'destination.ip',
        value: '203.0.113.50',
      },
    ],
    assetCriticality: new Map([['ws01', 'high']]),
  };
}

describe('built-in reasoner', () => {
  it('fills all three stages with evidence-backed claims', async () => {
    const result = await runReasoning(createBuiltinReasoner(), scenario());
    expect(result.context.hosts).toEqual([expect.objectContaining({ name: 'ws01', criticality: 'high' })]);
    expect(result.context.observables[0]?.indicatorHits).toEqual([
      { indicatorId: 'indicator--c2', source: 'demo-feed', confidence: 90 },
    ]);
    expect(result.context.impact.reasons.length).toBeGreaterThan(1);
    expect(result.sequence.steps.map((step) => step.tactic)).toEqual([
      'credential-access',
      'lateral-movement',
      'command-and-control',
    ]);
    expect(result.sequence.currentStage).toBe('lateral-movement');
    expect(result.sequence.likelyNext.map((next) => next.tactic)).toEqual(['exfiltration', 'impact']);
    const actions = result.plan.actions.map((action) => `${action.actionType} ${action.target.value}`);
    // public C2 address blocked, private SMB peer not; the host is isolated once; the account reset
    expect(actions).toContain('block-ip 203.0.113.50');
    expect(actions.some((action) => action.includes('10.0.0.5'))).toBe(false);
    expect(actions.filter((action) => action === 'isolate-host ws01')).toHaveLength(1);
    expect(actions).toContain('reset-credentials CORP\\alice');
    const block = result.plan.actions.find((action) => action.actionType === 'block-ip');
    expect(block?.evidence).toContainEqual({ kind: 'indicator', id: 'indicator--c2' });
    expect(result.plan.reasoner).toBe('builtin-rules');
  });

  it('is deterministic', async () => {
    const first = await runReasoning(createBuiltinReasoner(), scenario());
    const second = await runReasoning(createBuiltinReasoner(), scenario());
    expect(second).toEqual(first);
  });
});

describe('runReasoning validation', () => {
  it('rejects a claim that cites evidence the incident does not hold', async () => {
    const builtin = createBuiltinReasoner();
    const lying: Reasoner = {
      ...builtin,
      name: 'lying',
      plan: async (input, context, sequence) => {
        const plan = await builtin.plan(input, context, sequence);
        plan.actions[0]!.evidence = [{ kind: 'event', id: 'invented' }];
        return plan;
      },
    };
    const error = await runReasoning(lying, scenario()).catch((caught: unknown) => caught);
    expect(error).toBeInstanceOf(ValidationError);
    expect((error as ValidationError).issues[0]).toMatch(/event:invented does not exist/);
  });

  it('rejects a claim without evidence through the schema', async () => {
    const builtin = createBuiltinReasoner();
    const bare: Reasoner = {
      ...builtin,
      correlate: async (input, context) => {
        const sequence = await builtin.correlate(input, context);
        sequence.steps[0]!.evidence = [];
        return sequence;
      },
    };
    await expect(runReasoning(bare, scenario())).rejects.toThrow(/schema/);
  });

  it('exports each stage as JSON Schema', () => {
    const schemas = stageJsonSchemas() as Record<string, { type: string; required: string[] }>;
    expect(schemas.responsePlan?.required).toContain('actions');
    expect(schemas.context?.type).toBe('object');
  });
});
