import { expect, it } from 'vitest';
import { type Alert, alertSchema, type Event } from '../../core/index.js';
import type { LinkFact } from '../../correlate/index.js';
import { boundState, evictFinished, type FinishedIncident } from './correlate-stage.js';

const hour = 3_600_000;
const alertAt = (id: string, time: string, eventIds: string[]): Alert =>
  alertSchema.parse({
    id,
    source: 'sigma',
    ruleId: 'rule-1',
    ruleTitle: 'Rule',
    severity: 'high',
    timestamp: time,
    eventIds,
    techniques: [],
    tactics: [],
  });

it('moves incidents whose newest alert is beyond the horizon, with their events, into summaries, and keeps the rest', () => {
  const alerts = new Map<string, Alert>([
    ['old-1', alertAt('old-1', '2024-11-01T10:00:00.000Z', ['e-old', 'e-shared'])],
    ['old-2', alertAt('old-2', '2024-11-01T11:00:00.000Z', ['e-old'])],
    ['mixed-1', alertAt('mixed-1', '2024-11-01T09:00:00.000Z', ['e-mixed'])],
    ['mixed-2', alertAt('mixed-2', '2024-11-03T09:00:00.000Z', ['e-shared'])],
    ['new-1', alertAt('new-1', '2024-11-03T10:00:00.000Z', ['e-new'])],
  ]);
  const events = new Map(['e-old', 'e-shared', 'e-mixed', 'e-new'].map((id) => [id, { id } as Event]));
  const facts = new Map<string, LinkFact>([
    [
      'e-old',
      { time: Date.parse('2024-11-01T10:00:00.000Z'), eventId: 'e-old', key: 'k', via: 'process-tree', leadsTo: [] },
    ],
    [
      'e-new',
      { time: Date.parse('2024-11-03T10:00:00.000Z'), eventId: 'e-new', key: 'k', via: 'process-tree', leadsTo: [] },
    ],
  ]);
  const saved = new Map([
    ['incident-old', '{}'],
    ['incident-mixed', '{}'],
    ['incident-new', '{}'],
  ]);
  const incidents = [
    { id: 'incident-old', alertIds: ['old-1', 'old-2'] },
    { id: 'incident-mixed', alertIds: ['mixed-1', 'mixed-2'] },
    { id: 'incident-new', alertIds: ['new-1'] },
  ];
  const finished: FinishedIncident[] = [];
  expect(evictFinished({ alerts, events, saved, finished }, incidents, 25 * hour)).toBe(1);
  expect([...alerts.keys()]).toEqual(['mixed-1', 'mixed-2', 'new-1']);
  expect([...events.keys()].sort()).toEqual(['e-mixed', 'e-new', 'e-shared']);
  expect([...saved.keys()]).toEqual(['incident-mixed', 'incident-new']);
  expect(finished).toEqual([
    {
      id: 'incident-old',
      first: Date.parse('2024-11-01T10:00:00.000Z'),
      last: Date.parse('2024-11-01T11:00:00.000Z'),
      alertIds: ['old-1', 'old-2'],
    },
  ]);
  // Nothing is old enough under a longer horizon.
  expect(evictFinished({ alerts, events, saved, finished }, incidents.slice(1), 72 * hour)).toBe(0);
  // Facts stay (a late alert may need them) until the count bound drops the oldest.
  expect(boundState({ facts, finished }, 10, 10)).toEqual({ finished: 0, facts: 0 });
  expect(boundState({ facts, finished }, 0, 1)).toEqual({ finished: 1, facts: 1 });
  expect([...facts.keys()]).toEqual(['e-new']);
  expect(finished).toEqual([]);
});
