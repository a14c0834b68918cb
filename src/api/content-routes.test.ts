import { mkdtempSync, readFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { afterEach, describe, expect, it } from 'vitest';
import { indicatorSchema } from '../core/index.js';
import { parsePolicy } from '../respond/index.js';
import { type ApiFixture, createFixture, fixturePolicyText, incidentId } from './test-support/api-fixture.js';

const repository = fileURLToPath(new URL('../..', import.meta.url));
let fixture: ApiFixture | undefined;
afterEach(async () => {
  await fixture?.close();
  fixture = undefined;
});

const goodRule = `title: Test whoami
id: 5f0f2a5e-1111-4222-8333-944455556666
status: test
level: low
logsource: { category: process_creation, product: windows }
detection:
  selection: { Image|endswith: '\\\\whoami.exe' }
  condition: selection
`;

async function call(method: 'GET' | 'POST' | 'PUT', url: string, user: string, payload?: Record<string, unknown>) {
  const response = await fixture!.app.inject({
    method,
    url,
    headers: fixture!.auth(user),
    ...(payload ? { payload } : {}),
  });
  return { status: response.statusCode, body: response.json() };
}

describe('policy, rules, playbooks and knowledge resources', () => {
  it('reads, checks and (admin only) updates the policy, audited, and new runs use it', async () => {
    const folder = mkdtempSync(join(tmpdir(), 'vigil-policy-'));
    const policyFile = join(folder, 'policy.yaml');
    fixture = await createFixture({
      response: { policy: parsePolicy(fixturePolicyText), connectors: {}, loopIntervalMs: 0, policyFile },
    });
    expect((await call('GET', '/api/v1/policy', 'viewer')).body.policy.auto.actions).toEqual(['notify']);
    const bad = await call('POST', '/api/v1/policy/check', 'viewer', {
      text: 'version: 1\nauto:\n  maxRisk: extreme\n',
    });
    expect(bad.body.valid).toBe(false);
    expect(bad.body.errors[0]).toMatchObject({ field: 'auto.maxRisk', line: 3 });
    const updated = fixturePolicyText
      .replace('actions: [notify]', 'actions: [notify, block-ip]')
      .replace('maxRisk: low', 'maxRisk: medium');
    expect((await call('PUT', '/api/v1/policy', 'responder', { text: updated })).status).toBe(403);
    expect((await call('PUT', '/api/v1/policy', 'admin', { text: 'version: 2' })).status).toBe(400);
    const put = await call('PUT', '/api/v1/policy', 'admin', { text: updated });
    expect(put.status).toBe(200);
    expect(readFileSync(policyFile, 'utf8')).toBe(updated);
    const audit = await fixture.stores.store.listAudit({ subjectId: policyFile });
    expect(audit).toMatchObject([{ actor: 'admin', action: 'policy-updated' }]);
    const run = await fixture.desk.ensurePlanRun(incidentId);
    expect(run.steps.find((step) => step.actionType === 'block-ip')?.decision.outcome).toBe('auto');
  });

  it('lists rules, checks rule text with errors inline, and lets only an admin upload a rule that compiles', async () => {
    const uploads = mkdtempSync(join(tmpdir(), 'vigil-rules-'));
    fixture = await createFixture({
      content: { rules: [join(repository, 'rules', 'windows')], rulesUploadFolder: uploads },
    });
    const list = await call('GET', '/api/v1/rules', 'viewer');
    expect(list.body.items.length).toBeGreaterThan(3);
    const broken = await call('POST', '/api/v1/rules/check', 'analyst', { text: 'title: x\ndetection: [' });
    expect(broken.body).toMatchObject({ valid: false, errors: [{ message: expect.stringMatching(/YAML error/) }] });
    expect((await call('POST', '/api/v1/rules/check', 'analyst', { text: goodRule })).body).toMatchObject({
      valid: true,
      rules: [{ title: 'Test whoami', kind: 'detection' }],
    });
    expect((await call('POST', '/api/v1/rules', 'analyst', { name: 'whoami.yml', text: goodRule })).status).toBe(403);
    expect((await call('POST', '/api/v1/rules', 'admin', { name: '../escape.yml', text: goodRule })).status).toBe(400);
    expect((await call('POST', '/api/v1/rules', 'admin', { name: 'bad.yml', text: 'title: x\n' })).status).toBe(422);
    expect((await call('POST', '/api/v1/rules', 'admin', { name: 'whoami.yml', text: goodRule })).status).toBe(201);
    const after = await call('GET', '/api/v1/rules', 'viewer');
    expect(after.body.items.some((rule: { title: string }) => rule.title === 'Test whoami')).toBe(true);
  });

  it('lists playbooks and checks playbook text', async () => {
    fixture = await createFixture({ content: { playbooks: [join(repository, 'playbooks')] } });
    const list = await call('GET', '/api/v1/playbooks', 'viewer');
    expect(list.body.items.map((playbook: { id: string }) => playbook.id)).toContain('contain-c2');
    const checked = await call('POST', '/api/v1/playbooks/check', 'viewer', { text: 'id: x\nname: X\nsteps: []\n' });
    expect(checked.body.valid).toBe(false);
    expect(checked.body.errors[0].message).toBeTruthy();
  });

  it("exports an incident's techniques as a Navigator layer", async () => {
    fixture = await createFixture();
    const layer = await call('GET', `/api/v1/incidents/${incidentId}/navigator-layer`, 'viewer');
    expect(layer.status).toBe(200);
    // the parent opens to show its scored sub-technique (layer format 4.5)
    expect(layer.body.techniques).toMatchObject([
      { techniqueID: 'T1059.001', score: 1 },
      { techniqueID: 'T1059', showSubtechniques: true },
    ]);
  });

  it('serves the store indicators over TAXII 2.1 to token holders and takes objects from analysts', async () => {
    fixture = await createFixture();
    await fixture.stores.store.upsertIndicators([
      indicatorSchema.parse({
        id: 'indicator--3f1c2a5e-1111-4222-8333-944455556666',
        type: 'ipv4-addr',
        value: '203.0.113.9',
        source: 'feed',
        confidence: 80,
        validFrom: '2024-11-01T00:00:00.000Z',
        tlp: 'green',
      }),
    ]);
    const accept = { accept: 'application/taxii+json;version=2.1' };
    const anonymous = await fixture.app.inject({ url: '/taxii/taxii2/', headers: accept });
    expect(anonymous.statusCode).toBe(401);
    const discovery = await fixture.app.inject({
      url: '/taxii/taxii2/',
      headers: { ...accept, ...fixture.auth('viewer') },
    });
    expect(discovery.json().api_roots[0]).toMatch(/\/taxii\/vigil\/$/);
    const objects = await fixture.app.inject({
      url: '/taxii/vigil/collections/vigil-indicators/objects/',
      headers: { ...accept, ...fixture.auth('viewer') },
    });
    expect(objects.statusCode).toBe(200);
    expect(objects.headers['content-type']).toBe('application/taxii+json;version=2.1');
    const served = (objects.json().objects as { type: string }[]).find((object) => object.type === 'indicator');
    expect(served).toMatchObject({ type: 'indicator', pattern: "[ipv4-addr:value = '203.0.113.9']" });
    const envelope = JSON.stringify({
      objects: [{ ...served, id: 'indicator--9f1c2a5e-1111-4222-8333-944455556666' }],
    });
    const post = (user: string) =>
      fixture!.app.inject({
        method: 'POST',
        url: '/taxii/vigil/collections/vigil-indicators/objects/',
        headers: { ...accept, 'content-type': 'application/taxii+json;version=2.1', ...fixture!.auth(user) },
        payload: envelope,
      });
    expect((await post('viewer')).statusCode).toBe(403);
    expect((await post('analyst')).statusCode).toBe(202);
  });
});
