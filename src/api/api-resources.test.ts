import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { attackGraphSchema } from '../core/index.js';
import { type ApiFixture, createFixture, incidentId } from './test-support/api-fixture.js';

let fixture: ApiFixture;
beforeEach(async () => {
  fixture = await createFixture();
});
afterEach(() => fixture.close());

const get = (url: string, user = 'viewer') => fixture.app.inject({ url, headers: fixture.auth(user) });

describe('incidents', () => {
  it('lists with filters and search', async () => {
    expect((await get('/api/v1/incidents')).json().items).toEqual([
      expect.objectContaining({
        id: incidentId,
        currentStage: 'execution',
        alertCount: 1,
        hosts: ['ws-1.corp.example'],
      }),
    ]);
    expect((await get('/api/v1/incidents?severity=low')).json().items).toEqual([]);
    expect((await get('/api/v1/incidents?q=EVIL.example')).json().items).toHaveLength(1);
    expect((await get('/api/v1/incidents?q=nothing-like-it')).json().items).toEqual([]);
  });

  it('shows one incident with its timeline, graph, hits and plan', async () => {
    const detail = (await get(`/api/v1/incidents/${incidentId}`)).json();
    expect(detail.timeline.map((entry: { kind: string; id: string }) => `${entry.kind}:${entry.id}`)).toEqual([
      'event:event-1',
      'alert:alert-1',
      'event:event-2',
      'event:event-3',
    ]);
    expect(detail.proposals).toHaveLength(3);
    expect(detail.indicatorHits).toEqual([
      {
        eventId: 'event-2',
        indicatorId: 'indicator--1',
        source: 'feed',
        confidence: 80,
        type: 'ipv4-addr',
        field: 'destination.ip',
        value: '203.0.113.9',
      },
    ]);
    expect(detail.foldedIndicatorHits).toEqual([
      expect.objectContaining({ indicatorId: 'indicator--1', value: '203.0.113.9', count: 1, eventIds: ['event-2'] }),
    ]);
  });

  it('shows the attack graph the pipeline stored, as it is (no second graph)', async () => {
    const stored = (await fixture.stores.store.getIncident(incidentId))!.artifacts.graph;
    const detail = (await get(`/api/v1/incidents/${incidentId}`)).json();
    expect(detail.graph).toEqual(stored);
    expect(attackGraphSchema.parse(detail.graph).nodes.length).toBeGreaterThan(2);
    const edges = detail.graph.edges.map((edge: { from: string; relation: string; to: string }) =>
      [edge.from, edge.relation, edge.to].join(' '),
    );
    expect(edges.some((edge: string) => edge.endsWith(' resolved domain:evil.example'))).toBe(true);
  });

  it('shows no graph for an incident whose graph was not built yet', async () => {
    const { incident } = (await fixture.stores.store.getIncident(incidentId))!;
    await fixture.stores.store.saveIncident(incident, {});
    expect((await get(`/api/v1/incidents/${incidentId}`)).json().graph).toBeNull();
  });

  it('answers 404 with a clear body for an unknown incident', async () => {
    const response = await get('/api/v1/incidents/incident--missing');
    expect(response.statusCode).toBe(404);
    expect(response.json()).toEqual({
      error: {
        code: 'not-found',
        message: 'no incident incident--missing',
        location: { objectId: 'incident--missing' },
      },
    });
  });
});

describe('events, alerts, indicators, audit', () => {
  it('searches events by time and host', async () => {
    const all = (await get('/api/v1/events')).json().items;
    expect(all).toHaveLength(3);
    const window = (await get('/api/v1/events?from=2024-11-05T10:02:00Z&to=2024-11-05T10:03:00Z')).json().items;
    expect(window.map((event: { id: string }) => event.id)).toEqual(['event-2']);
    expect((await get('/api/v1/events?host=ws-1.corp.example')).json().items).toHaveLength(3);
    expect((await get('/api/v1/events/event-3')).json().raw).toBe('{"event":"event-3"}');
    expect((await get('/api/v1/alerts?severity=high')).json().items).toHaveLength(1);
  });

  it('adds an indicator as the analyst, finds it, and audits it', async () => {
    const created = await fixture.app.inject({
      method: 'POST',
      url: '/api/v1/indicators',
      headers: fixture.auth('analyst'),
      payload: { type: 'domain-name', value: 'c2.bad.example', confidence: 90 },
    });
    expect(created.statusCode).toBe(201);
    expect(created.json()).toMatchObject({
      source: 'analyst:analyst',
      confidence: 90,
      validFrom: '2024-11-05T12:00:00.000Z',
    });
    const found = (await get('/api/v1/indicators?q=c2.bad')).json();
    expect(found.items).toHaveLength(1);
    expect(found.total).toBe(1);
    const audit = (await get('/api/v1/audit', 'analyst')).json().items;
    expect(audit.at(-1)).toMatchObject({ actor: 'analyst', action: 'indicator-added' });
    expect((await get('/api/v1/audit/verify', 'analyst')).json()).toEqual({ valid: true, entries: 3 });
  });

  it('serves Prometheus metrics with store gauges', async () => {
    await get('/api/v1/incidents');
    const text = (await get('/metrics')).body;
    expect(text).toContain('vigil_events_stored 3');
    expect(text).toContain('vigil_incidents{status="new"} 1');
    expect(text).toContain('vigil_approval_queue_depth 3');
    expect(text).toMatch(
      /vigil_http_request_duration_seconds_count\{method="GET",route="\/api\/v1\/incidents",status="200"\} 1/,
    );
    // the event-loop delay since the previous scrape: a 150 ms block (in an I/O or immediate
    // callback, where request work runs) shows in the max
    await new Promise<void>((resolve) =>
      setImmediate(() => {
        const started = Date.now();
        while (Date.now() - started < 150);
        resolve();
      }),
    );
    await new Promise((resolve) => setTimeout(resolve, 30));
    const after = (await get('/metrics')).body;
    const max = Number(/vigil_event_loop_delay_seconds\{quantile="1"\} (\S+)/.exec(after)?.[1]);
    expect(max).toBeGreaterThanOrEqual(0.1);
    expect(after).toMatch(/vigil_event_loop_delay_seconds\{quantile="0.99"\} \S+/);
  });
});

describe('OpenAPI', () => {
  it('is an OpenAPI 3 document whose references all resolve and whose operations all answer', async () => {
    const document = (await fixture.app.inject({ url: '/openapi.json' })).json();
    expect(document.openapi).toMatch(/^3\./);
    expect(document.components.securitySchemes.bearerAuth).toEqual(expect.objectContaining({ scheme: 'bearer' }));
    const text = JSON.stringify(document);
    for (const [, reference] of text.matchAll(/"\$ref":"#\/([^"]+)"/g)) {
      let node: unknown = document;
      for (const part of reference!.split('/')) node = (node as Record<string, unknown>)[part];
      expect(node, reference).toBeDefined();
    }
    for (const operations of Object.values(document.paths) as Record<
      string,
      { responses?: unknown; summary?: string }
    >[]) {
      for (const operation of Object.values(operations)) {
        expect(operation.responses).toBeDefined();
        expect(operation.summary).toBeTruthy();
      }
    }
    const detail = document.paths['/api/v1/incidents/{id}'].get;
    expect(detail.responses['200'].content['application/json'].schema.properties).toHaveProperty('graph');
    expect((await fixture.app.inject({ url: '/docs' })).body).toContain('/api/v1/incidents/{id}');
  });
});
