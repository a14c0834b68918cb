/** `vigil incidents assign|note|list` in-process, on a SQLite file seeded with one incident. */
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it, vi } from 'vitest';
import { openStores } from '../../store/index.js';
import { sampleIncident } from '../../store/test-support/store-contract.js';
import { main } from '../main.js';

const folder = mkdtempSync(join(tmpdir(), 'vigil-case-cli-'));
const database = join(folder, 'vigil.db');
afterAll(() => rmSync(folder, { recursive: true, force: true }));

async function vigil(...args: string[]): Promise<{ code: number; stdout: string; stderr: string }> {
  const out: string[] = [];
  const err: string[] = [];
  const stdout = vi.spyOn(process.stdout, 'write').mockImplementation((chunk) => out.push(String(chunk)) > 0);
  const stderr = vi.spyOn(process.stderr, 'write').mockImplementation((chunk) => err.push(String(chunk)) > 0);
  try {
    const code = await main([...args, '--db', database]);
    return { code, stdout: out.join(''), stderr: err.join('') };
  } finally {
    stdout.mockRestore();
    stderr.mockRestore();
    process.exitCode = undefined;
  }
}

beforeAll(async () => {
  const stores = await openStores(database);
  await stores.store.recordIncident({
    mode: 'replace',
    incident: sampleIncident('i1'),
    artifacts: {},
    audit: [{ actor: 'vigil', action: 'incident-created', subject: { kind: 'incident', id: 'i1' }, details: {} }],
  });
  await stores.close();
});

describe('vigil incidents assign, note and list', () => {
  it('assigns and notes an incident as the acting user, lists the assignee, and the audit chain verifies', async () => {
    expect((await vigil('incidents', 'assign', 'i1', 'bob', '--as', 'alice')).code).toBe(0);
    const noted = await vigil('incidents', 'note', 'i1', 'dump', 'confirmed', '--as', 'bob', '--json');
    expect(noted.code).toBe(0);
    expect(JSON.parse(noted.stdout)).toMatchObject({ kind: 'note', author: 'bob', text: 'dump confirmed' });
    const listed = JSON.parse((await vigil('incidents', 'list', '--json')).stdout);
    expect(listed.incidents).toMatchObject([{ id: 'i1', assignee: 'bob', notes: 1 }]);
    const human = (await vigil('incidents', 'list')).stdout;
    expect(human).toContain('assigned to bob');
    // the sample incident is high and was opened now: acknowledged by the assignment, 4h to contain
    expect(human).toMatch(/SLA contain: (3h 59m|4h 00m) left/);
    expect(listed.incidents[0].sla.timers.map((timer: { state: string }) => timer.state)).toEqual([
      'met',
      'running',
      'running',
    ]);
    const verified = await vigil('audit', 'verify', '--json');
    expect(verified.code).toBe(0);
    expect(JSON.parse(verified.stdout)).toEqual({ valid: true, entries: 3 });
  });

  it('exits 2 with one line for a missing assignee, an unknown incident and an empty note', async () => {
    const missing = await vigil('incidents', 'assign', 'i1', '--as', 'alice');
    expect(missing.code).toBe(2);
    expect(missing.stderr).toContain('--none');
    const unknown = await vigil('incidents', 'note', 'nope', 'text', '--as', 'bob');
    expect(unknown.code).toBe(2);
    expect(unknown.stderr).toContain('no incident nope');
    const blank = await vigil('incidents', 'note', 'i1', ' ', '--as', 'bob');
    expect(blank.code).toBe(2);
    expect(blank.stderr.trim().split('\n')).toHaveLength(1);
  });
});

describe('vigil attack layer and heatmap', () => {
  it('writes the Navigator layer of the stored incidents and counts them per technique', async () => {
    const out = join(folder, 'layer.json');
    expect((await vigil('attack', 'layer', '--from', '2024-01-01', '--out', out)).code).toBe(0);
    const layer = JSON.parse(readFileSync(out, 'utf8'));
    expect(layer.versions).toMatchObject({ layer: '4.5' });
    expect(layer.techniques).toContainEqual(expect.objectContaining({ techniqueID: 'T1003.001', score: 1 }));
    const heatmap = await vigil('attack', 'heatmap');
    expect(heatmap.stdout).toContain('credential-access');
    expect(heatmap.stdout).toMatch(/ {3}1 {2}T1003\.001/);
    const bad = await vigil('attack', 'layer', '--from', 'last week');
    expect(bad.code).toBe(2);
    expect(bad.stderr).toContain('--from must be an ISO date');
  });
});
