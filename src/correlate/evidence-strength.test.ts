import { describe, expect, it } from 'vitest';
import type { Alert, Event, Severity } from '../core/index.js';
import { correlateWithExplanations } from './correlate-alerts.js';
import { evidenceStrength } from './evidence-strength.js';

let counter = 0;
function alert(ruleId: string, severity: Severity, extra: Partial<Alert> = {}): Alert {
  counter += 1;
  return {
    id: `alert-${counter}`,
    source: 'sigma',
    ruleId,
    ruleTitle: `rule ${ruleId}`,
    severity,
    timestamp: new Date(Date.parse('2025-03-03T09:00:00Z') + counter * 60_000).toISOString(),
    eventIds: [`event-${counter}`],
    techniques: [],
    tactics: [],
    cves: [],
    ...extra,
  };
}

function eventsOf(alerts: readonly Alert[], host: string): Map<string, Event> {
  return new Map(
    alerts.map((item) => [
      item.eventIds[0]!,
      {
        id: item.eventIds[0]!,
        timestamp: item.timestamp,
        origin: { format: 'windows-json' },
        kind: 'event',
        category: ['process'],
        outcome: 'unknown',
        host: { name: host },
        observables: [],
        fields: {},
        raw: '',
      } as Event,
    ]),
  );
}

describe('evidence strength of a correlated group', () => {
  it('leaves one weak detection as alerts, however often it repeats', () => {
    const repeated = Array.from({ length: 50 }, () => alert('rc4-ticket', 'low'));
    expect(evidenceStrength(repeated)).toMatchObject({ incident: false });
    expect(evidenceStrength(repeated).reason).toMatch(/one weak detection only.*50 alert/);
    expect(evidenceStrength([alert('task-registered', 'informational')]).incident).toBe(false);
  });

  it('makes an incident of two different weak detections on the same entities', () => {
    expect(evidenceStrength([alert('task-registered', 'low'), alert('encoded-command', 'low')])).toMatchObject({
      incident: true,
      reason: '2 different weak detections agree',
    });
  });

  it('makes an incident of any medium or stronger alert, and of any threat-intelligence match', () => {
    expect(evidenceStrength([alert('lsass-dump', 'critical')]).incident).toBe(true);
    expect(evidenceStrength([alert('beacon', 'medium', { source: 'analytic' })]).incident).toBe(true);
    const intel = alert('indicator:1', 'low', { source: 'indicator' });
    expect(evidenceStrength([intel])).toMatchObject({ incident: true, reason: expect.stringMatching(/intelligence/) });
  });

  it('is applied by correlation: the weak group stays alerts, the corroborated one becomes an incident', () => {
    const background = [alert('task-registered', 'low'), alert('task-registered', 'low')];
    const attack = [alert('task-registered', 'low'), alert('lsass-dump', 'high')];
    const events = new Map([...eventsOf(background, 'srv-backup'), ...eventsOf(attack, 'ws-100')]);
    const incidents = correlateWithExplanations([...background, ...attack], events);
    expect(incidents.map((item) => item.incident.entities.hosts)).toEqual([['ws-100']]);
    const everyGroup = correlateWithExplanations([...background, ...attack], events, { evidence: 'any' });
    expect(everyGroup).toHaveLength(2);
  });
});
