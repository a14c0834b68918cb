import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { loadRules } from '../../detect/index.js';
import { listDisabledRules, withoutDisabledRules } from '../../knowledge/index.js';
import { type ApiFixture, createFixture } from '../test-support/api-fixture.js';

const ruleText = (id: string, title: string) => `title: ${title}
id: ${id}
level: low
logsource: { category: process_creation, product: windows }
detection:
  selection: { Image|endswith: '\\\\whoami.exe' }
  condition: selection
`;
const first = '5a7d1a52-0000-4000-8000-000000000001';
const second = '5a7d1a52-0000-4000-8000-000000000002';

let fixture: ApiFixture;
let folder: string;
beforeAll(async () => {
  folder = mkdtempSync(join(tmpdir(), 'vigil-rule-states-'));
  writeFileSync(join(folder, 'one.yml'), ruleText(first, 'First'));
  writeFileSync(join(folder, 'two.yml'), ruleText(second, 'Second'));
  fixture = await createFixture({ content: { rules: [folder] } });
});
afterAll(() => fixture.close());

const call = (url: string, user: string, payload?: Record<string, unknown>) =>
  fixture.app.inject({
    method: payload ? 'POST' : 'GET',
    url,
    headers: fixture.auth(user),
    ...(payload ? { payload } : {}),
  });

describe('enabling and disabling rules', () => {
  it('disables a rule for the next investigation and enables it again, audited', async () => {
    const disabled = await call(`/api/v1/rules/${first}/disable`, 'admin', { reason: 'noisy on build servers' });
    expect(disabled.json()).toEqual({ id: first, enabled: false, changed: true });
    expect((await call(`/api/v1/rules/${first}/disable`, 'admin', { reason: 'again' })).json().changed).toBe(false);
    const listed = (await call('/api/v1/rules', 'viewer')).json().items as { id: string; enabled: boolean }[];
    expect(listed.map((rule) => [rule.id, rule.enabled])).toEqual(
      expect.arrayContaining([
        [first, false],
        [second, true],
      ]),
    );
    const set = await loadRules([folder]);
    const kept = withoutDisabledRules(set, new Set((await listDisabledRules(fixture.stores.store)).keys()));
    expect(kept.rules.map((rule) => rule.id)).toEqual([second]);

    expect((await call(`/api/v1/rules/${first}/enable`, 'admin', { reason: 'tuned' })).json().changed).toBe(true);
    expect((await listDisabledRules(fixture.stores.store)).size).toBe(0);
    expect((await call(`/api/v1/rules/${first}/disable`, 'admin', {})).statusCode).toBe(400);
    const actions = (await fixture.stores.store.listAudit({ subjectId: 'rule-states' })).map((entry) => entry.action);
    expect(actions).toEqual(['rule-disabled', 'rule-enabled']);
  });
});
