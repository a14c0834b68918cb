import { afterEach, describe, expect, it } from 'vitest';
import { type ApiFixture, createFixture, incidentId } from '../test-support/api-fixture.js';

let fixture: ApiFixture | undefined;
afterEach(() => fixture?.close());

const later = (minutes: number) => () => new Date(Date.now() + minutes * 60_000);

describe('SLA timers over the API', () => {
  it('shows time left on the queue, then the breach, which the sweep records once in the audit chain', async () => {
    fixture = await createFixture({ clock: later(10), slaSweepMs: 0 });
    const queue = (
      await fixture.app.inject({ method: 'GET', url: '/api/v1/incidents', headers: fixture.auth('viewer') })
    ).json();
    const row = queue.items.find((item: { id: string }) => item.id === incidentId);
    // the fixture's incident is high: 30 minutes to acknowledge
    expect(row.sla.next.kind).toBe('acknowledge');
    expect(row.sla.summary).toMatch(/^acknowledge: (19|20)m left$/);
    expect(row.sla.breached).toEqual([]);
    await fixture.close();

    fixture = await createFixture({ clock: later(45), slaSweepMs: 20 });
    const breachedRow = (
      await fixture.app.inject({ method: 'GET', url: '/api/v1/incidents', headers: fixture.auth('viewer') })
    )
      .json()
      .items.find((item: { id: string }) => item.id === incidentId);
    expect(breachedRow.sla.breached).toEqual(['acknowledge']);
    expect(breachedRow.sla.summary).toMatch(/^acknowledge: breached 1[45]m ago$/);
    const recorded = async () => fixture!.stores.store.listAudit({ subjectId: incidentId, action: 'sla-breached' });
    for (let attempt = 0; attempt < 250 && (await recorded()).length === 0; attempt++)
      await new Promise((resolve) => setTimeout(resolve, 20));
    await new Promise((resolve) => setTimeout(resolve, 100));
    expect((await recorded()).map((entry) => entry.details.timer)).toEqual(['acknowledge']);
    const targets = (
      await fixture.app.inject({ method: 'GET', url: '/api/v1/sla/targets', headers: fixture.auth('viewer') })
    ).json();
    expect(targets.high).toEqual({ acknowledge: 1_800_000, contain: 14_400_000, close: 259_200_000 });
  });
});
