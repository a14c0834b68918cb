import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { type ApiFixture, createFixture, fixtureEvents } from '../test-support/api-fixture.js';
import { eventMatches, parseEntity, valuesAtPath } from './event-search.js';

const [first, second, third] = fixtureEvents as [
  (typeof fixtureEvents)[0],
  (typeof fixtureEvents)[0],
  (typeof fixtureEvents)[0],
];

describe('event criteria', () => {
  it('matches entities of each kind, ignoring case', () => {
    expect(eventMatches(second, { entity: parseEntity('ip:203.0.113.9') })).toBe(true);
    expect(eventMatches(first, { entity: parseEntity('ip:203.0.113.9') })).toBe(false);
    expect(eventMatches(first, { entity: parseEntity('user:ALICE') })).toBe(true);
    expect(eventMatches(first, { entity: parseEntity('user:corp\\alice') })).toBe(true);
    expect(eventMatches(first, { entity: parseEntity('host:ws-1') })).toBe(true);
    expect(eventMatches(second, { entity: parseEntity('domain:Evil.Example') })).toBe(true);
    expect(eventMatches(third, { entity: parseEntity(`hash:${'AB'.repeat(32)}`) })).toBe(true);
    expect(eventMatches(first, { entity: parseEntity('process:powershell') })).toBe(true);
    expect(() => parseEntity('disk:c')).toThrow(/kind one of/);
    expect(() => parseEntity('user:')).toThrow();
  });

  it('reads fields by dotted path, in the event or its flat fields', () => {
    expect(valuesAtPath(second, 'destination.port')).toEqual(['443']);
    expect(valuesAtPath(first, 'user.name')).toEqual(['alice']);
    expect(valuesAtPath({ ...first, fields: { 'winlog.event_id': 4688 } }, 'fields.winlog.event_id')).toEqual(['4688']);
    expect(eventMatches(second, { field: { path: 'destination.port', value: '443' } })).toBe(true);
    expect(eventMatches(second, { field: { path: 'destination.port', value: '80' } })).toBe(false);
    expect(eventMatches(first, { field: { path: 'destination.port' } })).toBe(false);
    expect(eventMatches(third, { text: 'EVENT-3' })).toBe(true);
    expect(eventMatches(third, { text: 'event-3', entity: parseEntity('user:bob') })).toBe(false);
  });
});

describe('GET /api/v1/events', () => {
  let fixture: ApiFixture;
  beforeAll(async () => {
    fixture = await createFixture();
  });
  afterAll(() => fixture.close());
  const search = async (query: string) =>
    fixture.app.inject({ url: `/api/v1/events?${query}`, headers: fixture.auth('viewer') });
  const ids = async (query: string) =>
    ((await search(query)).json().items as { id: string }[]).map((event) => event.id);

  it('combines time, entity, field and full text', async () => {
    expect(await ids('entity=ip:203.0.113.9')).toEqual(['event-2']);
    expect(await ids('field=file.hashes.sha256')).toEqual(['event-3']);
    expect(await ids('q=event-1')).toEqual(['event-1']);
    expect(await ids('entity=user:alice&from=2024-11-05T10:02:00Z')).toEqual(['event-2', 'event-3']);
    const body = (await search('entity=host:ws-1&limit=1')).json();
    // The scan stops at the first match, and says where to go on.
    expect(body).toMatchObject({ scanned: 1, truncated: false, next: '2024-11-05T10:01:00.000Z|event-1' });
    expect(body.items).toHaveLength(1);
  });

  it('refuses malformed criteria with 400', async () => {
    expect((await search('entity=planet:mars')).statusCode).toBe(400);
    expect((await search('value=443')).statusCode).toBe(400);
    expect((await search('field=a%20b')).statusCode).toBe(400);
  });
});
