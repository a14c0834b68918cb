import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import type { Alert, Event } from '../core/index.js';
import { correlateWithExplanations } from './correlate-alerts.js';
import { IncidentCorrelator } from './incident-correlator.js';
import { linkFactOf } from './link-facts.js';

const at = (minute: number) => new Date(Date.UTC(2024, 4, 1, 10, 0) + minute * 60_000).toISOString();

function event(id: string, minute: number, extra: Partial<Event>): Event {
  return {
    id,
    timestamp: at(minute),
    origin: { format: 'windows-json' },
    kind: 'event',
    category: [],
    outcome: 'unknown',
    observables: [],
    fields: {},
    raw: '{}',
    ...extra,
  };
}

function alert(id: string, eventId: string, minute: number, extra: Partial<Alert> = {}): Alert {
  return {
    id,
    source: 'sigma',
    ruleId: `rule-${id}`,
    ruleTitle: `Rule ${id}`,
    severity: 'medium',
    timestamp: at(minute),
    eventIds: [eventId],
    techniques: [],
    tactics: [],
    cves: [],
    ...extra,
  };
}

describe('IncidentCorrelator link rules', () => {
  it('follows a logon session back to the workstation it came from (lateral movement)', () => {
    const events = new Map<string, Event>([
      ['w1', event('w1', 0, { host: { name: 'WS07.corp' }, source: { ip: '10.0.0.37' }, user: { name: 'jdoe' } })],
      [
        'logon',
        event('logon', 20, {
          host: { name: 'SRV02.corp' },
          category: ['authentication', 'session'],
          outcome: 'success',
          user: { name: 'adm-jdoe' },
          auth: { logonId: '0x8a3f21', logonType: '3' },
          source: { ip: '10.0.0.37', domain: 'WS07' },
        }),
      ],
      [
        's1',
        event('s1', 30, { host: { name: 'SRV02.corp' }, user: { name: 'adm-jdoe' }, auth: { logonId: '0x8A3F21' } }),
      ],
    ]);
    const alerts = [alert('a1', 'w1', 0), alert('a2', 's1', 30)];
    const facts = [linkFactOf(events.get('logon')!)!];
    expect(facts[0]).toMatchObject({ via: 'logon-session', leadsTo: ['ip:10.0.0.37', 'host:ws07'] });
    const withFacts = correlateWithExplanations(alerts, events, {}, facts);
    expect(withFacts).toHaveLength(1);
    expect(withFacts[0]!.explanation.merges[0]).toMatchObject({
      rule: 'logon-session',
      eventId: 'logon',
      alertId: 'a2',
    });
    expect(correlateWithExplanations(alerts, events)).toHaveLength(2);
  });

  it('links alerts in one process tree beyond their immediate parent', () => {
    const process = (id: string, minute: number, guid: string, parent: string) =>
      event(id, minute, {
        host: { name: `h-${id}` },
        category: ['process'],
        process: { entityId: guid, parent: { entityId: parent } },
      });
    // different host names so only the process tree can link them
    const events = new Map<string, Event>([
      ['p1', process('p1', 0, '{A}', '{ROOT}')],
      ['p2', process('p2', 1, '{B}', '{A}')],
      ['p3', process('p3', 2, '{C}', '{B}')],
    ]);
    const facts = [...events.values()].map((item) => linkFactOf(item)!);
    const incidents = correlateWithExplanations([alert('x1', 'p1', 0), alert('x3', 'p3', 2)], events, {}, facts);
    expect(incidents).toHaveLength(1);
    expect(incidents[0]!.explanation.merges[0]).toMatchObject({ rule: 'process-tree', key: 'process:a' });
  });

  it('treats threat-intelligence matches as strong links reaching past the window', () => {
    const events = new Map<string, Event>([
      ['d1', event('d1', 0, { host: { name: 'ws1' }, dns: { question: { name: 'evil.example' } } })],
      ['d2', event('d2', 600, { host: { name: 'ws2' }, dns: { question: { name: 'evil.example' } } })],
    ]);
    const match = {
      indicatorId: 'indicator--1',
      field: 'dns.question.name',
      value: 'evil.example',
      indicatorSource: 'feed',
    };
    const options = { windowMs: 60 * 60_000 };
    const plain = [alert('a', 'd1', 0), alert('b', 'd2', 600)];
    expect(correlateWithExplanations(plain, events, options)).toHaveLength(2);
    const split = correlateWithExplanations(plain, events, options)[1]!.explanation.splits[0];
    expect(split).toMatchObject({ rule: 'outside-window', key: 'domain:evil.example' });
    const intel = [
      alert('a', 'd1', 0, { source: 'indicator', match }),
      alert('b', 'd2', 600, { source: 'indicator', match }),
    ];
    const [incident] = correlateWithExplanations(intel, events, options);
    expect(incident?.incident.alertIds).toEqual(['a', 'b']);
    expect(incident?.explanation.merges[0]?.rule).toBe('threat-intel');
  });

  it('explains a hub split', () => {
    const events = new Map<string, Event>();
    const alerts: Alert[] = [];
    for (let index = 0; index < 5; index++) {
      events.set(
        `e${index}`,
        event(`e${index}`, index, { host: { name: `host${index}` }, destination: { ip: '10.9.9.9' } }),
      );
      alerts.push(alert(`a${index}`, `e${index}`, index));
    }
    const incidents = correlateWithExplanations(alerts, events, { maxFanOut: 2 });
    const splits = incidents.flatMap((item) => item.explanation.splits);
    expect(splits[0]).toMatchObject({ rule: 'hub-entity', key: 'ip:10.9.9.9' });
    expect(incidents.length).toBeGreaterThan(1);
  });

  it('keeps memory bounded on a long stream: old entity state and link facts are evicted', () => {
    const correlator = new IncidentCorrelator({ windowMs: 10 * 60_000, strongWindowMs: 10 * 60_000 });
    for (let minute = 0; minute < 5_000; minute++) {
      const item = event(`e${minute}`, minute, {
        host: { name: `host${minute}` },
        category: ['process'],
        process: { entityId: `{P${minute}}`, parent: { entityId: `{Q${minute}}` } },
      });
      correlator.observe(item);
      correlator.add(alert(`a${minute}`, item.id, minute), [item]);
    }
    expect(correlator.trackedKeys).toBeLessThan(100);
    expect(correlator.trackedFacts).toBeLessThan(50);
  });
});

describe('IncidentCorrelator state bounded by event time', () => {
  const year = 365 * 24 * 60;
  /** Alerts on `hosts` sharing one address, one a minute from `start` (minutes). */
  function sharing(prefix: string, start: number, hosts: readonly string[], events: Map<string, Event>): Alert[] {
    return hosts.map((host, index) => {
      events.set(
        `${prefix}e${index}`,
        event(`${prefix}e${index}`, start + index, { host: { name: host }, destination: { ip: '10.9.9.9' } }),
      );
      return alert(`${prefix}a${index}`, `${prefix}e${index}`, start + index);
    });
  }
  const groupsOf = (alerts: Alert[], events: Map<string, Event>, ids: Set<string>) =>
    correlateWithExplanations(alerts, events, { maxFanOut: 2, evidence: 'any' })
      .map(({ incident }) => incident.alertIds.filter((id) => ids.has(id)))
      .filter((group) => group.length > 0)
      .map((group) => group.sort().join(','))
      .sort();

  it('lets an entity that was a hub years earlier link again', () => {
    const events = new Map<string, Event>();
    const old = sharing('old', 0, ['h1', 'h2', 'h3', 'h4', 'h5'], events);
    const recent = sharing('new', 3 * year, ['ws1', 'ws2'], events);
    const ids = new Set(recent.map((item) => item.id));
    expect(groupsOf(recent, events, ids)).toEqual(['newa0,newa1']);
    expect(groupsOf([...old, ...recent], events, ids)).toEqual(['newa0,newa1']);
  });

  it('groups alerts the same whatever older alerts, beyond the strong-link window, came before', () => {
    const hostNames = ['h1', 'h2', 'h3', 'h4', 'h5', 'h6'];
    const era = fc.array(fc.tuple(fc.integer({ min: 0, max: 600 }), fc.constantFrom(...hostNames)), {
      minLength: 1,
      maxLength: 12,
    });
    fc.assert(
      fc.property(era, era, fc.integer({ min: 25 * 60, max: 5 * year }), (older, newer, gap) => {
        const events = new Map<string, Event>();
        const make = (prefix: string, offset: number, items: [number, string][]) =>
          items.map(([minute, host], index) => {
            const id = `${prefix}${index}`;
            events.set(
              `e-${id}`,
              event(`e-${id}`, offset + minute, { host: { name: host }, destination: { ip: '10.9.9.9' } }),
            );
            return alert(id, `e-${id}`, offset + minute);
          });
        const first = make('o', 0, older);
        const second = make('n', 600 + gap, newer);
        const ids = new Set(second.map((item) => item.id));
        expect(groupsOf([...first, ...second], events, ids)).toEqual(groupsOf(second, events, ids));
      }),
      { numRuns: 200 },
    );
  });
});
