/**
 * Hostile rule files through the admin upload route (`POST /api/v1/rules`, the same compiler as
 * `vigil rules check`): catastrophic regexes, YAML alias bombs, deep nesting, a huge file and a
 * bad name. Each gets a clear error naming the field or the rule part at fault, nothing is saved
 * for it, and the good rule uploaded around them is saved and listed.
 */
import { mkdtempSync, readdirSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { type ApiFixture, createFixture } from './test-support/api-fixture.js';

let fixture: ApiFixture | undefined;
afterEach(async () => {
  await fixture?.close();
  fixture = undefined;
});

const rule = (id: number, selection: string) => `title: Hostile ${id}
id: 5f0f2a5e-1111-4222-8333-${String(id).padStart(12, '0')}
status: test
level: low
logsource: { category: process_creation, product: windows }
detection:
  selection: ${selection}
  condition: selection
`;

async function upload(name: string, text: string) {
  const response = await fixture!.app.inject({
    method: 'POST',
    url: '/api/v1/rules',
    headers: fixture!.auth('admin'),
    payload: { name, text },
  });
  return { status: response.statusCode, body: response.json() as Record<string, unknown> };
}

describe('rule upload route, hostile files', () => {
  it('refuses each hostile file with a clear error and keeps the good upload', async () => {
    const uploads = mkdtempSync(join(tmpdir(), 'vigil-rules-hostile-'));
    fixture = await createFixture({ content: { rules: [], rulesUploadFolder: uploads } });
    const laughs = [
      'a: &a ["lol","lol","lol","lol","lol","lol","lol","lol","lol"]',
      ...Array.from({ length: 9 }, (_, level) => {
        const name = String.fromCharCode(98 + level);
        const previous = String.fromCharCode(97 + level);
        return `${name}: &${name} [${Array(9).fill(`*${previous}`).join(',')}]`;
      }),
    ].join('\n');
    const cases: Record<string, { text: string; name?: string }> = {
      'catastrophic (a|a)+$': { text: rule(1, "{ CommandLine|re: '(a|a)+$' }") },
      'refused lookaround (?=(a+)+)b': { text: rule(2, "{ CommandLine|re: '(?=(a+)+)b' }") },
      'billion laughs': { text: `${laughs}\n${rule(3, "{ Image|endswith: 'x.exe' }")}` },
      'deep nesting': {
        text: `${rule(4, "{ Image|endswith: 'x.exe' }")}extra: ${'['.repeat(10_000)}${']'.repeat(10_000)}\n`,
      },
      'body over the limit': { text: rule(8, `{ CommandLine|contains: '${'x'.repeat(300 * 1024)}' }`) },
      'bad name': { text: rule(6, "{ Image|endswith: 'x.exe' }"), name: '../../etc/cron.d/x.yml' },
    };
    const results: Record<string, { status: number; body: Record<string, unknown> }> = {};
    for (const [name, item] of Object.entries(cases))
      results[name] = await upload(item.name ?? `${name.replace(/\W+/g, '-')}.yml`, item.text);
    const good = await upload('good.yml', rule(7, "{ Image|endswith: '\\\\whoami.exe' }"));
    const error = (name: string) => JSON.stringify(results[name]?.body);
    // the linear engine runs it: accepted, and harmless
    expect(results['catastrophic (a|a)+$']?.status).toBe(201);
    expect(results['refused lookaround (?=(a+)+)b']).toMatchObject({ status: 422 });
    expect(error('refused lookaround (?=(a+)+)b')).toMatch(/selection 'selection': regex .*refused: .*repeats a group/);
    expect(results['billion laughs']).toMatchObject({ status: 422 });
    expect(error('billion laughs')).toMatch(/YAML error: Excessive alias count/);
    expect(results['deep nesting']).toMatchObject({ status: 422 });
    expect(error('deep nesting')).toMatch(/YAML error: collections nested deeper than 64 levels at line 9, column \d+/);
    // the API's 256 KiB body limit answers before the compiler sees the text
    expect(results['body over the limit']).toMatchObject({ status: 413 });
    expect(error('body over the limit')).toMatch(/payload-too-large/);
    expect(results['bad name']).toMatchObject({ status: 400 });
    expect(error('bad name')).toMatch(/"path":"name","message":"a plain file name ending in .yml or .yaml"/);
    expect(good.status).toBe(201);
    expect(readdirSync(uploads).sort()).toEqual(['catastrophic-a-a-.yml', 'good.yml']);
    const listed = await fixture.app.inject({ url: '/api/v1/rules', headers: fixture.auth('viewer') });
    expect(
      listed
        .json()
        .items.map((item: { title: string }) => item.title)
        .sort(),
    ).toEqual(['Hostile 1', 'Hostile 7']);
  });
});
