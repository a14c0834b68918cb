/**
 * `GET /api/v1/events` with filters pages through the window in SQL, in (timestamp, id) order,
 * instead of reading up to 50,000 events at once: on the demo (three copies in three hours, 1,500
 * events, so scans span pages of 1,000) its answers equal the old in-memory search (the first
 * `limit` matches among the first 50,000 events of the window), and following `next` visits every
 * match once, in order.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { repositoryRoot } from '../../../test/shared-data.js';
import type { Event } from '../../core/index.js';
import { readEvents } from '../../ingest/index.js';
import type { EventQuery } from '../../store/index.js';
import { type ApiFixture, createFixture } from '../test-support/api-fixture.js';
import { type EventCriteria, eventMatches, parseEntity } from './event-search.js';

let fixture: ApiFixture;
let demo: Event[];
beforeAll(async () => {
  fixture = await createFixture();
  demo = [];
  for await (const batch of readEvents([`${repositoryRoot}/examples/demo/logs`])) demo.push(...batch.events);
  const copies = [0, 1, 2].flatMap((hours) =>
    demo.map((event) => ({
      ...event,
      id: `${event.id}-${hours}`,
      timestamp: new Date(Date.parse(event.timestamp) + hours * 3_600_000).toISOString(),
    })),
  );
  await fixture.stores.store.insertEvents(copies);
}, 60_000);
afterAll(() => fixture.close());

/** The search as it was: the window's first 50,000 events read at once, filtered in memory. */
async function inMemory(window: EventQuery, criteria: EventCriteria, limit: number): Promise<string[]> {
  const events = await fixture.stores.store.listEvents({ ...window, limit: 50_000 });
  return events
    .filter((event) => eventMatches(event, criteria))
    .slice(0, limit)
    .map((event) => event.id);
}

async function search(query: Record<string, string>) {
  const response = await fixture.app.inject({
    url: `/api/v1/events?${new URLSearchParams(query)}`,
    headers: fixture.auth('viewer'),
  });
  expect(response.statusCode, response.body).toBe(200);
  return response.json() as { items: Event[]; scanned: number; truncated: boolean; next?: string };
}

const cases: { query: Record<string, string>; window: EventQuery; criteria: EventCriteria }[] = [
  { query: { entity: 'host:ws-fin-07' }, window: {}, criteria: { entity: parseEntity('host:ws-fin-07') } },
  { query: { entity: 'user:corp\\jdoe' }, window: {}, criteria: { entity: parseEntity('user:corp\\jdoe') } },
  { query: { entity: 'ip:203.0.113.66' }, window: {}, criteria: { entity: parseEntity('ip:203.0.113.66') } },
  { query: { entity: 'process:powershell' }, window: {}, criteria: { entity: parseEntity('process:powershell') } },
  {
    query: { field: 'fields.EventID', value: '1' },
    window: {},
    criteria: { field: { path: 'fields.EventID', value: '1' } },
  },
  { query: { field: 'destination.port' }, window: {}, criteria: { field: { path: 'destination.port' } } },
  { query: { q: 'Update-Check' }, window: {}, criteria: { text: 'Update-Check' } },
  {
    query: { q: 'exe', from: '2024-11-05T10:00:00Z', to: '2024-11-05T12:00:00Z' },
    window: { from: '2024-11-05T10:00:00.000Z', to: '2024-11-05T12:00:00.000Z' },
    criteria: { text: 'exe' },
  },
  {
    query: { entity: 'process:cmd', host: 'WS-FIN-07.corp.example' },
    window: { host: 'ws-fin-07.corp.example' },
    criteria: { entity: parseEntity('process:cmd') },
  },
  { query: { q: 'no such text anywhere' }, window: {}, criteria: { text: 'no such text anywhere' } },
];

describe('filtered event search in pages', () => {
  it('answers as the in-memory search did, for every criterion and limit', async () => {
    let nonEmpty = 0;
    for (const { query, window, criteria } of cases)
      for (const limit of [1, 7, 100, 1000]) {
        const expected = await inMemory(window, criteria, limit);
        const body = await search({ ...query, limit: String(limit) });
        expect(
          body.items.map((event) => event.id),
          JSON.stringify(query),
        ).toEqual(expected);
        expect(body.truncated).toBe(false);
        if (expected.length > 0) nonEmpty += 1;
      }
    expect(nonEmpty).toBeGreaterThan(20);
  });

  it('visits every match once, in order, by following next', async () => {
    for (const { query, window, criteria } of cases.slice(0, 7)) {
      const all = await inMemory(window, criteria, 50_000);
      const visited: string[] = [];
      let next: string | undefined;
      for (let page = 0; page < 100; page++) {
        const body = await search({ ...query, limit: '40', ...(next ? { after: next } : {}) });
        visited.push(...body.items.map((event) => event.id));
        next = body.next;
        if (!next) break;
      }
      expect(visited, JSON.stringify(query)).toEqual(all);
    }
    // Without filters the cursor pages the window too.
    const first = await search({ limit: '1000' });
    const rest = await search({ limit: '1000', after: first.next ?? '' });
    expect(first.items.length + rest.items.length).toBe(demo.length * 3 + 3);
    expect(rest.next).toBeUndefined();
  });

  it('refuses a cursor that is not one', async () => {
    const response = await fixture.app.inject({
      url: '/api/v1/events?q=exe&after=nonsense',
      headers: fixture.auth('viewer'),
    });
    expect(response.statusCode).toBe(400);
  });
});
