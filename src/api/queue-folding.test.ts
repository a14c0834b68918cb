import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { type ApiFixture, createFixture, fixtureAlert, fixtureIncident } from './test-support/api-fixture.js';

let fixture: ApiFixture;
beforeEach(async () => {
  fixture = await createFixture();
});
afterEach(() => fixture.close());

describe('folded alerts on the queue row', () => {
  it('counts findings and shows the most repeated with its counter and first and last seen', async () => {
    const beacons = Array.from({ length: 6 }, (_, index) => ({
      ...fixtureAlert,
      id: `beacon-${index}`,
      ruleId: 'beacon-rule',
      ruleTitle: 'Beacon to C2',
      timestamp: `2024-11-05T10:0${index}:00.000Z`,
    }));
    await fixture.stores.store.insertAlerts(beacons);
    await fixture.stores.store.saveIncident({
      ...fixtureIncident,
      id: 'incident--beacons',
      alertIds: [fixtureAlert.id, ...beacons.map((alert) => alert.id)],
    });
    const queue = (
      await fixture.app.inject({ method: 'GET', url: '/api/v1/incidents', headers: fixture.auth('viewer') })
    ).json();
    const row = queue.items.find((item: { id: string }) => item.id === 'incident--beacons');
    expect(row.alertCount).toBe(7);
    expect(row.folded).toEqual({
      findings: 2,
      repeats: [
        {
          ruleTitle: 'Beacon to C2',
          count: 6,
          firstSeen: '2024-11-05T10:00:00.000Z',
          lastSeen: '2024-11-05T10:05:00.000Z',
        },
      ],
    });
  });
});
