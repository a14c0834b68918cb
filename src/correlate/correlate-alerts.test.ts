import { describe, expect, it } from 'vitest';
import type { Alert, Event, Tactic } from '../core/index.js';
import { buildIncident } from './build-incident.js';
import { correlateAlerts } from './correlate-alerts.js';
import { IncidentCorrelator } from './incident-correlator.js';

function event(id: string, host: string, extra: Partial<Event> = {}): Event {
  return {
    id,
    timestamp: '2024-05-01T10:00:00.000Z',
    origin: { format: 'windows-json' },
    kind: 'event',
    category: [],
    outcome: 'unknown',
    host: { name: host },
    observables: [],
    fields: {},
    raw: '{}',
    ...extra,
  };
}

function alert(id: string, eventId: string, minute: number, tactic: Tactic, technique: string): Alert {
  return {
    id,
    source: 'sigma',
    ruleId: `rule-${id}`,
    ruleTitle: `Rule ${id}`,
    severity: 'medium',
    timestamp: new Date(Date.UTC(2024, 4, 1, 10, minute)).toISOString(),
    eventIds: [eventId],
    techniques: [technique],
    tactics: [tactic],
    cves: [],
  };
}

describe('correlateAlerts', () => {
  const events = new Map<string, Event>([
    ['e1', event('e1', 'ws01', { user: { name: 'alice', domain: 'CORP' } })],
    ['e2', event('e2', 'ws01')],
    ['e3', event('e3', 'srv02', { user: { name: 'alice', domain: 'CORP' } })],
    ['e4', event('e4', 'ws09')],
  ]);
  const alerts = [
    alert('a3', 'e3', 30, 'lateral-movement', 'T1021.002'),
    alert('a1', 'e1', 0, 'execution', 'T1059.001'),
    alert('a2', 'e2', 10, 'credential-access', 'T1003.001'),
    alert('a4', 'e4', 20, 'discovery', 'T1087'),
  ];

  it('links alerts through shared hosts and users, keeps unrelated hosts apart', () => {
    const incidents = correlateAlerts(alerts, events);
    expect(incidents.map((incident) => incident.alertIds)).toEqual([['a1', 'a2', 'a3'], ['a4']]);
    const [story] = incidents;
    expect(story?.groupedBy).toEqual(['host:ws01', 'user:corp\\alice']);
    expect(story?.tactics).toEqual(['execution', 'credential-access', 'lateral-movement']);
    expect(story?.entities.hosts).toEqual(['srv02', 'ws01']);
    // three tactics escalate the severity one level above the worst alert
    expect(story?.severity).toBe('high');
  });

  it('gives the same incidents whether fed in one batch or alert by alert', () => {
    const batch = correlateAlerts(alerts, events);
    const streaming = new IncidentCorrelator();
    const ordered = [...alerts].sort((left, right) => left.timestamp.localeCompare(right.timestamp));
    const snapshots = ordered.map((item) => {
      streaming.add(
        item,
        item.eventIds.map((id) => events.get(id)!),
      );
      return streaming.groups().length;
    });
    expect(snapshots).toEqual([1, 1, 2, 2]);
    expect(streaming.groups().map((group) => buildIncident(group, events))).toEqual(batch);
  });

  it('does not link alerts further apart than the window', () => {
    const far = { ...alert('late', 'e2', 0, 'impact', 'T1486'), timestamp: '2024-05-02T10:00:00.000Z' };
    const incidents = correlateAlerts([alerts[1]!, far], events, { windowMs: 60 * 60 * 1000 });
    expect(incidents).toHaveLength(2);
  });

  it('stops a hub entity (one user on many hosts) from fusing everything', () => {
    const hubEvents = new Map<string, Event>();
    const hubAlerts: Alert[] = [];
    for (let index = 0; index < 8; index++) {
      const id = `h${index}`;
      hubEvents.set(id, event(id, `host${index}`, { user: { name: 'svc-backup' } }));
      hubAlerts.push(alert(`x${index}`, id, index, 'discovery', 'T1087'));
    }
    const incidents = correlateAlerts(hubAlerts, hubEvents, { maxFanOut: 3 });
    // the first hosts link through the user until it becomes a hub; the rest stay apart
    expect(incidents.length).toBeGreaterThan(3);
    expect(incidents[0]?.alertIds.length).toBeLessThanOrEqual(4);
  });

  it('refuses alerts out of time order in streaming mode', () => {
    const correlator = new IncidentCorrelator();
    correlator.add(alerts[0]!, []);
    expect(() => correlator.add(alerts[1]!, [])).toThrow(RangeError);
  });
});
