/**
 * Role × route: every route of the API, for no token and each role, must refuse (401/403)
 * or serve exactly as the permission table says. The table must cover every route in the
 * OpenAPI document, so a new route without an entry here fails this test.
 */
import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { parsePolicy } from '../respond/index.js';
import type { ApiRole } from '../store/index.js';
import { type Permission, roleMay } from './auth/permissions.js';
import { type ApiFixture, createFixture, fixturePolicyText, incidentId } from './test-support/api-fixture.js';

interface RouteCase {
  method: 'GET' | 'POST' | 'PUT' | 'DELETE';
  /** OpenAPI path template. */
  path: string;
  url: string;
  access: Permission | 'public';
  body?: unknown;
  /** Streams forever (SSE): checked over a socket when allowed. */
  streams?: boolean;
}

const ruleText = `title: Table rule
level: low
logsource: { category: process_creation, product: windows }
detection:
  selection: { Image|endswith: '\\\\whoami.exe' }
  condition: selection
`;

const routeTable: RouteCase[] = [
  { method: 'GET', path: '/health', url: '/health', access: 'public' },
  { method: 'GET', path: '/ready', url: '/ready', access: 'public' },
  { method: 'GET', path: '/metrics', url: '/metrics', access: 'read' },
  { method: 'GET', path: '/api/v1/incidents', url: '/api/v1/incidents', access: 'read' },
  { method: 'GET', path: '/api/v1/incidents/{id}', url: `/api/v1/incidents/${incidentId}`, access: 'read' },
  {
    method: 'GET',
    path: '/api/v1/incidents/{id}/report',
    url: `/api/v1/incidents/${incidentId}/report`,
    access: 'read',
  },
  {
    method: 'GET',
    path: '/api/v1/incidents/{id}/proposals',
    url: `/api/v1/incidents/${incidentId}/proposals`,
    access: 'read',
  },
  {
    method: 'POST',
    path: '/api/v1/incidents/{incidentId}/proposals/{proposalId}/decision',
    url: `/api/v1/incidents/${incidentId}/proposals/proposal-medium/decision`,
    access: 'decide',
    body: { decision: 'approved', reason: 'table test' },
  },
  { method: 'GET', path: '/api/v1/incidents/{id}/case', url: `/api/v1/incidents/${incidentId}/case`, access: 'read' },
  {
    method: 'POST',
    path: '/api/v1/incidents/{id}/notes',
    url: `/api/v1/incidents/${incidentId}/notes`,
    access: 'decide',
    body: { text: 'table test' },
  },
  {
    method: 'POST',
    path: '/api/v1/incidents/{id}/assignment',
    url: `/api/v1/incidents/${incidentId}/assignment`,
    access: 'decide',
    body: { assignee: 'table-tester' },
  },
  { method: 'GET', path: '/api/v1/sla/targets', url: '/api/v1/sla/targets', access: 'read' },
  { method: 'GET', path: '/api/v1/attack/heatmap', url: '/api/v1/attack/heatmap', access: 'read' },
  { method: 'GET', path: '/api/v1/attack/layer', url: '/api/v1/attack/layer', access: 'read' },
  { method: 'GET', path: '/api/v1/approvals', url: '/api/v1/approvals', access: 'read' },
  { method: 'GET', path: '/api/v1/events', url: '/api/v1/events', access: 'read' },
  { method: 'GET', path: '/api/v1/events/{id}', url: '/api/v1/events/event-1', access: 'read' },
  { method: 'GET', path: '/api/v1/alerts', url: '/api/v1/alerts', access: 'read' },
  { method: 'GET', path: '/api/v1/indicators', url: '/api/v1/indicators', access: 'read' },
  {
    method: 'POST',
    path: '/api/v1/indicators',
    url: '/api/v1/indicators',
    access: 'decide',
    body: { type: 'domain-name', value: 'bad.example' },
  },
  { method: 'GET', path: '/api/v1/audit', url: '/api/v1/audit', access: 'read-audit' },
  { method: 'GET', path: '/api/v1/audit/verify', url: '/api/v1/audit/verify', access: 'read-audit' },
  { method: 'GET', path: '/api/v1/rejections', url: '/api/v1/rejections', access: 'read-audit' },
  { method: 'GET', path: '/api/v1/session', url: '/api/v1/session', access: 'read' },
  { method: 'GET', path: '/api/v1/tokens', url: '/api/v1/tokens', access: 'administer' },
  {
    method: 'POST',
    path: '/api/v1/tokens',
    url: '/api/v1/tokens',
    access: 'administer',
    body: { name: 'table-made', role: 'viewer' },
  },
  { method: 'DELETE', path: '/api/v1/tokens/{id}', url: '/api/v1/tokens/000000000000', access: 'administer' },
  { method: 'GET', path: '/api/v1/live', url: '/api/v1/live', access: 'read', streams: true },
  { method: 'GET', path: '/api/v1/runs', url: '/api/v1/runs', access: 'read' },
  { method: 'GET', path: '/api/v1/runs/{id}', url: '/api/v1/runs/run-none', access: 'read' },
  { method: 'POST', path: '/api/v1/runs/{id}/retry', url: '/api/v1/runs/run-none/retry', access: 'execute' },
  {
    method: 'POST',
    path: '/api/v1/runs/{id}/cancel',
    url: '/api/v1/runs/run-none/cancel',
    access: 'execute',
    body: { reason: 'table test' },
  },
  {
    method: 'POST',
    path: '/api/v1/runs/{id}/rollback',
    url: '/api/v1/runs/run-none/rollback',
    access: 'execute',
    body: { reason: 'table test' },
  },
  { method: 'GET', path: '/api/v1/policy', url: '/api/v1/policy', access: 'read' },
  {
    method: 'POST',
    path: '/api/v1/policy/check',
    url: '/api/v1/policy/check',
    access: 'read',
    body: { text: 'version: 1\n' },
  },
  {
    method: 'PUT',
    path: '/api/v1/policy',
    url: '/api/v1/policy',
    access: 'administer',
    body: { text: fixturePolicyText },
  },
  { method: 'GET', path: '/api/v1/rules', url: '/api/v1/rules', access: 'read' },
  { method: 'POST', path: '/api/v1/rules/check', url: '/api/v1/rules/check', access: 'read', body: { text: ruleText } },
  {
    method: 'POST',
    path: '/api/v1/rules',
    url: '/api/v1/rules',
    access: 'administer',
    body: { name: 'table.yml', text: ruleText },
  },
  {
    method: 'POST',
    path: '/api/v1/rules/{id}/disable',
    url: '/api/v1/rules/rule-table/disable',
    access: 'administer',
    body: { reason: 'table test' },
  },
  {
    method: 'POST',
    path: '/api/v1/rules/{id}/enable',
    url: '/api/v1/rules/rule-table/enable',
    access: 'administer',
    body: { reason: 'table test' },
  },
  { method: 'GET', path: '/api/v1/playbooks', url: '/api/v1/playbooks', access: 'read' },
  {
    method: 'POST',
    path: '/api/v1/playbooks/check',
    url: '/api/v1/playbooks/check',
    access: 'read',
    body: { text: 'id: x\n' },
  },
  {
    method: 'GET',
    path: '/api/v1/incidents/{id}/navigator-layer',
    url: `/api/v1/incidents/${incidentId}/navigator-layer`,
    access: 'read',
  },
  {
    method: 'GET',
    path: '/api/v1/incidents/{id}/export/stix',
    url: `/api/v1/incidents/${incidentId}/export/stix`,
    access: 'read',
  },
  {
    method: 'GET',
    path: '/api/v1/incidents/{id}/export/misp',
    url: `/api/v1/incidents/${incidentId}/export/misp`,
    access: 'read',
  },
  { method: 'GET', path: '/api/v1/publications', url: '/api/v1/publications', access: 'read' },
  {
    method: 'POST',
    path: '/api/v1/incidents/{id}/publications',
    url: `/api/v1/incidents/${incidentId}/publications`,
    access: 'decide',
  },
  {
    method: 'POST',
    path: '/api/v1/publications/{id}/decision',
    url: '/api/v1/publications/publication-none/decision',
    access: 'decide',
    body: { decision: 'approved' },
  },
  {
    method: 'GET',
    path: '/api/v1/incidents/{id}/feedback',
    url: `/api/v1/incidents/${incidentId}/feedback`,
    access: 'read',
  },
  {
    method: 'POST',
    path: '/api/v1/incidents/{id}/verdict',
    url: `/api/v1/incidents/${incidentId}/verdict`,
    access: 'decide',
    body: { verdict: 'benign' },
  },
  {
    method: 'GET',
    path: '/api/v1/incidents/{id}/similar',
    url: `/api/v1/incidents/${incidentId}/similar`,
    access: 'read',
  },
  { method: 'GET', path: '/api/v1/suppressions', url: '/api/v1/suppressions', access: 'read' },
  {
    method: 'POST',
    path: '/api/v1/suppressions',
    url: '/api/v1/suppressions',
    access: 'decide',
    body: { ruleId: 'rule-1', reason: 'table test' },
  },
  {
    method: 'POST',
    path: '/api/v1/suppressions/{id}/revoke',
    url: '/api/v1/suppressions/suppression-none/revoke',
    access: 'decide',
  },
  { method: 'GET', path: '/api/v1/indicator-overrides', url: '/api/v1/indicator-overrides', access: 'read' },
  {
    method: 'POST',
    path: '/api/v1/indicator-overrides',
    url: '/api/v1/indicator-overrides',
    access: 'decide',
    body: { target: { type: 'ipv4-addr', value: '192.0.2.1' }, override: { kind: 'allow', reason: 'table test' } },
  },
  {
    method: 'DELETE',
    path: '/api/v1/indicator-overrides/{key}',
    url: '/api/v1/indicator-overrides/id%3Anone',
    access: 'decide',
  },
  {
    method: 'POST',
    path: '/api/v1/indicators/{id}/expire',
    url: '/api/v1/indicators/indicator--none/expire',
    access: 'decide',
    body: { reason: 'table test' },
  },
];

const roles: ApiRole[] = ['viewer', 'analyst', 'responder', 'admin'];

let fixture: ApiFixture;
let baseUrl: string;
beforeAll(async () => {
  const folder = mkdtempSync(join(tmpdir(), 'vigil-table-'));
  fixture = await createFixture({
    rateLimit: { max: 10_000, windowMs: 60_000 },
    response: {
      policy: parsePolicy(fixturePolicyText),
      connectors: {},
      loopIntervalMs: 0,
      policyFile: join(folder, 'policy.yaml'),
    },
    content: { rulesUploadFolder: join(folder, 'rules') },
  });
  baseUrl = await fixture.app.listen({ host: '127.0.0.1', port: 0 });
});
afterAll(() => fixture.close());

describe('role × route table', () => {
  it('covers every route of the OpenAPI document', async () => {
    const document = (await fixture.app.inject({ url: '/openapi.json' })).json() as {
      paths: Record<string, Record<string, unknown>>;
    };
    const documented = Object.entries(document.paths).flatMap(([path, operations]) =>
      Object.keys(operations).map((method) => `${method.toUpperCase()} ${path}`),
    );
    const tabled = routeTable.map((route) => `${route.method} ${route.path}`);
    expect([...documented].sort()).toEqual([...tabled].sort());
  });

  const cases = routeTable.flatMap((route) => [
    { route, who: 'anonymous' as const },
    ...roles.map((role) => ({ route, who: role })),
  ]);

  it.each(cases)('$route.method $route.path as $who', async ({ route, who }) => {
    const headers = who === 'anonymous' ? {} : fixture.auth(who);
    const allowed = route.access === 'public' || (who !== 'anonymous' && roleMay(who, route.access));
    if (allowed && route.streams) {
      const abort = new AbortController();
      const response = await fetch(`${baseUrl}${route.url}`, { headers, signal: abort.signal });
      expect(response.status).toBe(200);
      abort.abort();
      return;
    }
    const response = await fixture.app.inject({
      method: route.method,
      url: route.url,
      headers,
      ...(route.body === undefined ? {} : { payload: route.body as Record<string, unknown> }),
    });
    if (route.access === 'public') expect(response.statusCode).toBe(200);
    else if (who === 'anonymous') expect(response.statusCode).toBe(401);
    else if (!allowed) {
      expect(response.statusCode).toBe(403);
      expect(response.json().error.code).toBe('forbidden');
    } else {
      expect([401, 403]).not.toContain(response.statusCode);
      expect(response.statusCode).toBeLessThan(500);
    }
  });
});
