import { describe, expect, it } from 'vitest';
import type { Alert, Event, Tactic } from '../core/index.js';
import { buildAttackGraph, correlateAlerts } from '../correlate/index.js';
import { createBuiltinReasoner } from './builtin/builtin-reasoner.js';
import { runReasoning } from './run-reasoning.js';

const tactics: Tactic[] = ['execution', 'discovery', 'credential-access', 'lateral-movement', 'command-and-control'];

/** One incident of 100,000 events: 1,000 alerts of 100 events each, on one host. */
function largeIncident() {
  const start = Date.UTC(2024, 4, 1, 10);
  const events = new Map<string, Event>();
  const alerts: Alert[] = [];
  for (let alertIndex = 0; alertIndex < 1_000; alertIndex++) {
    const eventIds: string[] = [];
    for (let offset = 0; offset < 100; offset++) {
      const id = `e${alertIndex}-${offset}`;
      const timestamp = new Date(start + alertIndex * 1_000 + offset * 10).toISOString();
      events.set(id, {
        id,
        timestamp,
        origin: { format: 'windows-json' },
        kind: 'event',
        category: ['network'],
        outcome: 'unknown',
        host: { name: 'ws01' },
        user: { name: 'alice' },
        process: { entityId: `{P${alertIndex % 50}}`, commandLine: `beacon.exe --id ${offset}` },
        destination: { ip: `198.51.100.${offset % 200}`, port: 443 },
        observables: [],
        fields: {},
        raw: '{}',
      });
      eventIds.push(id);
    }
    alerts.push({
      id: `a${alertIndex}`,
      source: 'sigma',
      ruleId: `r${alertIndex % 7}`,
      ruleTitle: `Rule ${alertIndex % 7}`,
      severity: 'medium',
      timestamp: new Date(start + alertIndex * 1_000).toISOString(),
      eventIds,
      techniques: ['T1071'],
      tactics: [tactics[alertIndex % tactics.length]!],
      cves: [],
    });
  }
  return { events, alerts };
}

describe('an incident of 100,000 events', () => {
  // Time is not asserted (a loaded CI machine is no benchmark); the timeout only catches a hang.
  it('correlates, reasons and graphs, citing samples rather than everything', async () => {
    const { events, alerts } = largeIncident();
    const [incident] = correlateAlerts(alerts, events);
    const result = await runReasoning(createBuiltinReasoner(), {
      incident: incident!,
      alerts,
      events,
      indicatorMatches: [],
      eventCount: events.size,
    });
    const graph = buildAttackGraph(incident!.id, events.values());
    expect(incident?.eventIds.length).toBeLessThanOrEqual(500);
    expect(Math.max(...result.sequence.steps.map((step) => step.evidence.length))).toBeLessThanOrEqual(20);
    expect(graph.eventsSeen).toBe(100_000);
    expect(graph.edges.find((edge) => edge.relation === 'connected-to')?.count).toBeGreaterThan(1);
    expect(JSON.stringify(result).length).toBeLessThan(500_000);
  }, 120_000);
});
