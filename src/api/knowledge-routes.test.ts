import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { incidentSchema, indicatorSchema } from '../core/index.js';
import { type ApiFixture, createFixture, fixtureIncident, incidentId } from './test-support/api-fixture.js';

let fixture: ApiFixture;
beforeEach(async () => {
  fixture = await createFixture();
  await fixture.stores.store.upsertIndicators([
    indicatorSchema.parse({
      id: 'indicator--1',
      type: 'ipv4-addr',
      value: '203.0.113.9',
      source: 'feed',
      confidence: 80,
      tlp: 'green',
    }),
    indicatorSchema.parse({
      id: 'indicator--red',
      type: 'domain-name',
      value: 'evil.example',
      source: 'partner',
      tlp: 'red',
    }),
  ]);
  // the incident produced both (as a true positive would teach them)
  await fixture.stores.knowledge.recordProvenance(
    ['indicator--1', 'indicator--red'].map((indicatorId) => ({
      indicatorId,
      incidentId,
      evidence: [{ kind: 'alert' as const, id: 'alert-1' }],
      tlp: indicatorId === 'indicator--red' ? ('red' as const) : ('green' as const),
      createdAt: '2024-11-05T11:00:00.000Z',
    })),
  );
});
afterEach(() => fixture.close());

const call = (method: 'GET' | 'POST', url: string, user: string, payload?: Record<string, unknown>) =>
  fixture.app.inject({ method, url, headers: fixture.auth(user), ...(payload ? { payload } : {}) });

describe('exports', () => {
  it('exports the incident as STIX and MISP, withholding what is above the TLP ceiling', async () => {
    const stix = await call('GET', `/api/v1/incidents/${incidentId}/export/stix`, 'viewer');
    expect(stix.statusCode).toBe(200);
    const objects = stix.json().objects as { type: string; pattern?: string }[];
    expect(objects.some((object) => object.type === 'indicator' && object.pattern?.includes('203.0.113.9'))).toBe(true);
    expect(JSON.stringify(objects)).not.toContain('evil.example');
    expect(stix.headers['x-vigil-withheld']).toBe('indicator--red');
    const misp = (await call('GET', `/api/v1/incidents/${incidentId}/export/misp?ceiling=amber`, 'viewer')).json();
    expect(JSON.stringify(misp.Event)).toContain('203.0.113.9');

    const clear = await call('GET', `/api/v1/incidents/${incidentId}/export/stix?ceiling=clear`, 'viewer');
    // the incident itself is amber: nothing may go to a TLP:CLEAR recipient
    expect(clear.statusCode).toBe(404);
    expect((await call('GET', `/api/v1/incidents/${incidentId}/export/stix?ceiling=pink`, 'viewer')).statusCode).toBe(
      400,
    );
  });
});

describe('publication', () => {
  it('publishes to the shared TAXII collection only after a second analyst approves', async () => {
    const requested = await call('POST', `/api/v1/incidents/${incidentId}/publications`, 'analyst');
    expect(requested.statusCode).toBe(201);
    const id = requested.json().id as string;
    expect(requested.json()).toMatchObject({ status: 'pending', requestedBy: 'analyst', tlp: 'amber' });
    expect((await call('POST', `/api/v1/incidents/${incidentId}/publications`, 'analyst-2')).statusCode).toBe(409);

    const own = await call('POST', `/api/v1/publications/${id}/decision`, 'analyst', { decision: 'approved' });
    expect(own.statusCode).toBe(409);
    const objectsUrl = '/taxii/vigil/collections/vigil-shared-incidents/objects/';
    const taxiiHeaders = { ...fixture.auth('viewer'), accept: 'application/taxii+json;version=2.1' };
    const before = await fixture.app.inject({ url: objectsUrl, headers: taxiiHeaders });
    expect(before.json().objects ?? []).toEqual([]);

    const approved = await call('POST', `/api/v1/publications/${id}/decision`, 'analyst-2', { decision: 'approved' });
    expect(approved.statusCode).toBe(200);
    expect(approved.json()).toMatchObject({ status: 'published', approvedBy: 'analyst-2' });
    const after = await fixture.app.inject({ url: objectsUrl, headers: taxiiHeaders });
    expect((after.json().objects as { type: string }[]).map((object) => object.type)).toContain('indicator');

    const again = await call('POST', `/api/v1/publications/${id}/decision`, 'analyst-2', { decision: 'approved' });
    expect(again.statusCode).toBe(409);
    const listed = (await call('GET', `/api/v1/publications?incidentId=${incidentId}`, 'viewer')).json();
    expect(listed).toMatchObject({ destination: 'taxii:vigil-shared-incidents', ceiling: 'amber' });
    const actions = (await call('GET', '/api/v1/audit?limit=50', 'admin'))
      .json()
      .items.map((entry: { action: string }) => entry.action);
    expect(actions).toEqual(
      expect.arrayContaining(['publication-requested', 'publication-approved', 'incident-published']),
    );
  });

  it('needs a reason to reject', async () => {
    const id = (await call('POST', `/api/v1/incidents/${incidentId}/publications`, 'analyst')).json().id;
    expect(
      (await call('POST', `/api/v1/publications/${id}/decision`, 'analyst-2', { decision: 'rejected' })).statusCode,
    ).toBe(400);
    const rejected = await call('POST', `/api/v1/publications/${id}/decision`, 'analyst-2', {
      decision: 'rejected',
      reason: 'partner data inside',
    });
    expect(rejected.json()).toMatchObject({ status: 'rejected', detail: 'partner data inside' });
  });
});

describe('feedback', () => {
  it('records a verdict and shows it on the incident', async () => {
    const recorded = await call('POST', `/api/v1/incidents/${incidentId}/verdict`, 'analyst', {
      verdict: 'true-positive',
      comment: 'confirmed with the user',
    });
    expect(recorded.statusCode).toBe(200);
    expect(recorded.json().verdict).toMatchObject({ verdict: 'true-positive', ruleIds: ['rule-1'], author: 'analyst' });
    const feedback = (await call('GET', `/api/v1/incidents/${incidentId}/feedback`, 'viewer')).json();
    expect(feedback.verdict).toMatchObject({ verdict: 'true-positive', comment: 'confirmed with the user' });
    expect(
      (await call('POST', `/api/v1/incidents/${incidentId}/verdict`, 'analyst', { verdict: 'maybe' })).statusCode,
    ).toBe(400);
    expect((await call('GET', '/api/v1/incidents/incident--none/feedback', 'viewer')).statusCode).toBe(404);
  });

  it('suppresses a pattern visibly and revokes it', async () => {
    const created = await call('POST', '/api/v1/suppressions', 'analyst', {
      ruleId: 'rule-1',
      entity: 'host:WS-1',
      reason: 'admin script',
      incidentId,
    });
    expect(created.statusCode).toBe(201);
    expect(created.json()).toMatchObject({ entity: 'host:ws-1', hits: 0, author: 'analyst' });
    const bad = await call('POST', '/api/v1/suppressions', 'analyst', {
      ruleId: 'rule-1',
      entity: 'disk:x',
      reason: 'r',
    });
    expect(bad.statusCode).toBe(400);
    expect((await call('GET', '/api/v1/suppressions', 'viewer')).json().items).toHaveLength(1);
    const revoked = await call('POST', `/api/v1/suppressions/${created.json().id}/revoke`, 'analyst-2');
    expect(revoked.json()).toMatchObject({ revokedBy: 'analyst-2' });
    expect((await call('GET', '/api/v1/suppressions', 'viewer')).json().items).toEqual([]);
    expect((await call('GET', '/api/v1/suppressions?includeRevoked=true', 'viewer')).json().items).toHaveLength(1);
    expect(
      (await call('GET', `/api/v1/incidents/${incidentId}/feedback`, 'viewer')).json().suppressions[0].revokedAt,
    ).toBeDefined();
    expect((await call('POST', '/api/v1/suppressions/nope/revoke', 'analyst')).statusCode).toBe(404);
  });

  it('finds similar past incidents with what they share', async () => {
    await fixture.stores.store.saveIncident(
      incidentSchema.parse({
        ...fixtureIncident,
        id: 'incident--earlier',
        title: 'Earlier PowerShell',
        entities: { hosts: ['ws-1'], users: [], ips: ['203.0.113.9'], domains: [] },
      }),
      {},
    );
    await fixture.stores.store.saveIncident(
      incidentSchema.parse({
        ...fixtureIncident,
        id: 'incident--unrelated',
        title: 'Unrelated',
        techniques: ['T1486'],
        tactics: ['impact'],
        stages: [],
        entities: { hosts: ['db-9'], users: [], ips: [], domains: [] },
      }),
      {},
    );
    const similar = (await call('GET', `/api/v1/incidents/${incidentId}/similar`, 'viewer')).json().items;
    expect(similar[0]).toMatchObject({ incident: { id: 'incident--earlier' } });
    expect(similar[0].shared.entities).toEqual(expect.arrayContaining(['host:ws-1', 'ip:203.0.113.9']));
    expect(similar.map((item: { incident: { id: string } }) => item.incident.id)).not.toContain('incident--unrelated');
  });
});
