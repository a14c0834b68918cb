/**
 * End-to-end tests of the `vigil` command in a child process, as a user runs it; the sources run
 * through tsx (src/cli/entry.ts, what bin/vigil.js runs compiled), so the tests need no build.
 */
import { execFile } from 'node:child_process';
import { mkdtempSync, readdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { promisify } from 'node:util';
import { afterAll, describe, expect, it } from 'vitest';
import { repositoryRoot } from '../../test/shared-data.js';
import { atomicExport } from '../reason/inference/__fixtures__/evidence-knowledge.js';

const run = promisify(execFile);
const folder = mkdtempSync(join(tmpdir(), 'vigil-cli-'));
afterAll(() => rmSync(folder, { recursive: true, force: true }));

async function vigil(...args: string[]): Promise<{ code: number; stdout: string; stderr: string }> {
  try {
    const { stdout, stderr } = await run(
      process.execPath,
      ['--import', 'tsx', join(repositoryRoot, 'src', 'cli', 'entry.ts'), ...args],
      {
        cwd: repositoryRoot,
        env: { ...process.env, VIGIL_HOME: folder, NO_COLOR: '1' },
        maxBuffer: 64 * 1024 * 1024,
      },
    );
    return { code: 0, stdout, stderr };
  } catch (error) {
    const failure = error as { code: number; stdout: string; stderr: string };
    return { code: failure.code, stdout: failure.stdout, stderr: failure.stderr };
  }
}

const demo = join(repositoryRoot, 'examples', 'demo');

describe('vigil CLI', () => {
  it('prints its version and help', async () => {
    const version = await vigil('--version');
    expect(version.code).toBe(0);
    expect(version.stdout.trim()).toMatch(/^\d+\.\d+\.\d+$/);
    const help = await vigil('--help');
    for (const command of ['ingest', 'rules', 'detect', 'intel', 'investigate', 'eval', 'kb'])
      expect(help.stdout).toContain(command);
  });

  it('ingests the demo once, then reports every event as a duplicate, and names the malformed line', async () => {
    const database = join(folder, 'twice.db');
    const first = await vigil('ingest', join(demo, 'logs'), '--json', '--db', database);
    expect(first.code).toBe(0);
    const firstSummary = JSON.parse(first.stdout);
    expect(firstSummary.events).toBeGreaterThan(400);
    expect(firstSummary.stored).toBe(firstSummary.events);
    expect(firstSummary.byFormat).toMatchObject({ 'windows-json': expect.any(Number), 'zeek-tsv': expect.any(Number) });
    expect(firstSummary.rejectedCount).toBe(1);
    expect(firstSummary.rejected[0]).toMatchObject({ file: expect.stringContaining('workstations.jsonl'), line: 61 });
    const second = JSON.parse((await vigil('ingest', join(demo, 'logs'), '--json', '--db', database)).stdout);
    expect(second).toMatchObject({ events: firstSummary.events, stored: 0, duplicates: firstSummary.events });
    const quarantine = JSON.parse((await vigil('ingest', '--rejected', '--json', '--db', database)).stdout);
    expect(quarantine.rejected[0]).toMatchObject({ line: 61 });
  });

  it('exits 2 with one line on stderr for bad usage and unreadable input', async () => {
    const unknown = await vigil('frobnicate');
    expect(unknown.code).toBe(2);
    const format = await vigil('ingest', demo, '--format', 'nonsense', '--db', join(folder, 'x.db'));
    expect(format.code).toBe(2);
    expect(format.stderr.trim().split('\n')).toHaveLength(1);
    expect(format.stderr).toMatch(/unknown format "nonsense"/);
    const evaluation = await vigil('eval', '--scenarios', folder);
    expect(evaluation.code).toBe(2);
    expect(evaluation.stderr).toMatch(/no usable scenario/);
  });

  it('reports a missing asset inventory with its path', async () => {
    const result = await vigil(
      'investigate',
      join(demo, 'logs', 'zeek'),
      '--assets',
      join(folder, 'missing.yaml'),
      '--db',
      join(folder, 'y.db'),
    );
    expect(result.code).toBe(2);
    expect(result.stderr).toContain('missing.yaml');
  });

  it('investigates the demo story into one incident whose plan cites evidence', async () => {
    const result = await vigil(
      'investigate',
      join(demo, 'logs'),
      '--rules',
      join(repositoryRoot, 'rules'),
      '--intel',
      join(demo, 'intel', 'c2-indicators.json'),
      '--assets',
      join(demo, 'assets.yaml'),
      '--json',
      '--db',
      join(folder, 'investigate.db'),
    );
    expect(result.code, result.stderr).toBe(0);
    const report = JSON.parse(result.stdout);
    expect(report.incidents).toHaveLength(1);
    const [incident] = report.incidents;
    expect(incident.tactics).toEqual(
      expect.arrayContaining([
        'execution',
        'persistence',
        'credential-access',
        'lateral-movement',
        'command-and-control',
      ]),
    );
    expect(incident.entities.hosts).toEqual(
      expect.arrayContaining(['ws-fin-07.corp.example', 'srv-file-02.corp.example']),
    );
    const actions = incident.plan.actions.map(
      (action: { actionType: string; target: { value: string } }) => `${action.actionType} ${action.target.value}`,
    );
    expect(actions).toContain('block-ip 203.0.113.66');
    expect(actions).toContain('isolate-host ws-fin-07.corp.example');
    for (const action of incident.plan.actions) expect(action.evidence.length).toBeGreaterThan(0);
    // Without ATT&CK (as `npm start` runs), the demo's C2 indicators still put their matches in
    // command-and-control: the intelligence names them "Loader C2 address" and "Loader C2 domain".
    const indicatorAlerts = new Set(
      incident.evidence
        .filter((item: { source: string }) => item.source === 'indicator')
        .map((item: { alertId: string }) => item.alertId),
    );
    expect(indicatorAlerts.size).toBeGreaterThan(10);
    const stageOf = (tactic: string) =>
      incident.stages.find((stage: { tactic: string }) => stage.tactic === tactic)?.alerts ?? [];
    // And every other demo alert has a kill-chain place too (analytics name their tactics).
    expect(stageOf('unknown')).toEqual([]);
    expect(stageOf('command-and-control')).toEqual(expect.arrayContaining([...indicatorAlerts]));
  });

  it('imports threat intelligence into the store and reports what it kept', async () => {
    const result = await vigil('intel', 'import', join(demo, 'intel'), '--json', '--db', join(folder, 'intel.db'));
    expect(result.code, result.stderr).toBe(0);
    expect(JSON.parse(result.stdout)).toEqual({
      objects: 3,
      indicators: 2,
      rejected: [],
      contextObjects: 0,
      joined: 0,
    });
  });

  it('checks rules and reports the broken ones with file and reason', async () => {
    const rules = join(folder, 'rules');
    rmSync(rules, { recursive: true, force: true });
    const { mkdirSync } = await import('node:fs');
    mkdirSync(rules);
    writeFileSync(
      join(rules, 'good.yml'),
      'title: Whoami\nid: 6f1d0c5e-0000-4000-8000-000000000001\nlogsource:\n  category: process_creation\n  product: windows\ndetection:\n  selection:\n    Image|endswith: \\whoami.exe\n  condition: selection\nlevel: low\n',
    );
    writeFileSync(
      join(rules, 'bad.yml'),
      'title: Broken\nlogsource:\n  product: windows\ndetection:\n  selection:\n    Image|frobnicate: x\n  condition: selection\n',
    );
    const result = await vigil('rules', 'check', rules, '--json');
    const report = JSON.parse(result.stdout);
    expect(report).toMatchObject({ rules: 2, compiled: 1 });
    expect(report.failed[0].file).toContain('bad.yml');
    expect(report.failed[0].error).toMatch(/frobnicate/);
  });

  it('keeps the trained evidence model in $VIGIL_HOME and trains again, with a warning, when the entry is damaged', async () => {
    const home = mkdtempSync(join(tmpdir(), 'vigil-cli-model-'));
    const atomics = atomicExport(4, home);
    const investigation = async (name: string) => {
      const { stdout, stderr } = await run(
        process.execPath,
        [
          '--import',
          'tsx',
          join(repositoryRoot, 'src', 'cli', 'entry.ts'),
          'investigate',
          join(demo, 'logs', 'windows'),
          '--rules',
          join(repositoryRoot, 'rules'),
          '--atomics',
          atomics,
          '--json',
          '--db',
          join(home, `${name}.db`),
        ],
        {
          cwd: repositoryRoot,
          env: { ...process.env, VIGIL_HOME: home, NO_COLOR: '1' },
          maxBuffer: 1 << 26,
        },
      );
      const report = JSON.parse(stdout) as { incidents: Array<{ techniques: string[] }> };
      return { techniques: report.incidents.map((incident) => incident.techniques), stderr };
    };
    const models = join(home, 'cache', 'evidence-model');
    const entries = () => readdirSync(models).filter((name) => name.endsWith('.bin'));
    const first = await investigation('first');
    expect(entries()).toHaveLength(1);
    const path = join(models, entries()[0]!);
    // One byte of the body (megabytes past the header line) changed.
    const bytes = readFileSync(path);
    bytes[bytes.length >> 1] = (bytes[bytes.length >> 1] as number) ^ 0xff;
    writeFileSync(path, bytes);
    const second = await investigation('second');
    expect(second.stderr).toMatch(
      /evidence-model cache: entry .* is unusable \(checksum mismatch\); training the model again/,
    );
    expect(second.techniques).toEqual(first.techniques);
    rmSync(home, { recursive: true, force: true });
  }, 60_000);
});
