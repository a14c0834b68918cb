import { afterEach, describe, expect, it } from 'vitest';
import { type ApiFixture, createFixture, fixtureIncident } from '../test-support/api-fixture.js';
import { type LiveEvent, LiveFeed } from './live-feed.js';
import { StoreWatcher } from './store-watcher.js';

let fixture: ApiFixture | undefined;
afterEach(async () => {
  await fixture?.close();
});

describe('StoreWatcher', () => {
  it('reports only changes after its first look', async () => {
    fixture = await createFixture();
    const feed = new LiveFeed();
    const seen: LiveEvent[] = [];
    feed.subscribe((event) => seen.push(event));
    const pending = new Map<string, string[]>([['incident--fixture', ['proposal-low']]]);
    const watcher = new StoreWatcher({
      store: fixture.stores.store,
      runs: fixture.stores.runs,
      feed,
      clock: () => new Date('2024-11-05T12:00:00Z'),
      pendingProposals: async (incidentId) => pending.get(incidentId) ?? [],
    });
    expect(await watcher.poll()).toBe(0);
    expect(await watcher.poll()).toBe(0);
    await fixture.stores.store.saveIncident({ ...fixtureIncident, id: 'incident--new', title: 'New' });
    pending.set('incident--new', ['proposal-x']);
    await fixture.stores.store.saveIncident({ ...fixtureIncident, status: 'contained' });
    expect(await watcher.poll()).toBe(3);
    expect(seen.map((event) => `${event.type} ${event.subjectId}`).sort()).toEqual([
      'approval-requested proposal-x',
      'incident-created incident--new',
      'incident-updated incident--fixture',
    ]);
  });

  it('drops a listener that throws and keeps the others', () => {
    const feed = new LiveFeed();
    const received: string[] = [];
    feed.subscribe(() => {
      throw new Error('broken client');
    });
    feed.subscribe((event) => received.push(event.subjectId));
    const event: LiveEvent = { type: 'incident-created', subjectId: 'a', at: '2024-01-01T00:00:00Z', data: {} };
    feed.publish(event);
    feed.publish({ ...event, subjectId: 'b' });
    expect(received).toEqual(['a', 'b']);
    expect(feed.subscribers).toBe(1);
  });
});
