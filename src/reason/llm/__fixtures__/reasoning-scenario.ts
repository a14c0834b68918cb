/** A small incident for LLM-reasoner tests: credential theft, C2 with a TI hit, lateral movement, and an injected user agent. */
import type { Alert, Event } from '../../../core/index.js';
import { correlateAlerts } from '../../../correlate/index.js';
import type { ReasoningInput } from '../../reasoner.js';

function event(id: string, minute: number, extra: Partial<Event>): Event {
  return {
    id,
    timestamp: new Date(Date.UTC(2024, 4, 1, 10, minute)).toISOString(),
    origin: { format: 'windows-json' },
    kind: 'event',
    category: [],
    outcome: 'unknown',
    host: { name: 'ws01.corp.example' },
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

export function reasoningScenario(userAgent = 'Mozilla/5.0 (Windows NT 10.0; Win64; x64)'): ReasoningInput {
  const events = new Map<string, Event>([
    [
      'e1',
      event('e1', 0, {
        user: { name: 'alice', domain: 'CORP' },
        process: {
          pid: 4242,
          executable: 'C:\\Windows\\System32\\rundll32.exe',
          commandLine: 'rundll32.exe comsvcs.dll MiniDump 612 lsass.dmp full',
        },
      }),
    ],
    [
      'e2',
      event('e2', 5, {
        destination: { ip: '203.0.113.50', port: 443 },
        http: { userAgent },
        observables: [{ type: 'ipv4-addr', value: '203.0.113.50' }],
      }),
    ],
    ['e3', event('e3', 6, { destination: { ip: '10.0.0.5', port: 445 }, user: { name: 'alice', domain: 'CORP' } })],
  ]);
  const alerts = [
    alert('a1', 'e1', 0, 'credential-access', 'T1003.001'),
    alert('a2', 'e2', 5, 'command-and-control', 'T1071.001'),
    alert('a3', 'e3', 6, 'lateral-movement', 'T1021.002'),
  ];
  const [incident] = correlateAlerts(alerts, events);
  if (!incident) throw new Error('scenario did not correlate into an incident');
  return {
    incident,
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
    assetCriticality: new Map([['ws01.corp.example', 'high']]),
  };
}
