/**
 * Hostile input through the command line, as a user runs it (node bin/vigil.js, the compiled
 * code). Each case states its bounds: it must finish within `seconds`, inside a 384 MiB heap
 * (`--max-old-space-size`: a run that needs more dies and fails the case), reject exactly the bad
 * records with their positions and store every good one. Bounds are on hostile input only.
 */
import { execFile } from 'node:child_process';
import { mkdirSync, mkdtempSync, rmSync, symlinkSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { promisify } from 'node:util';
import { afterAll, describe, expect, it } from 'vitest';
import { makeZip } from './make-zip.js';
import { repositoryRoot } from './shared-data.js';

const run = promisify(execFile);
const folder = mkdtempSync(join(tmpdir(), 'vigil-hostile-cli-'));
afterAll(() => rmSync(folder, { recursive: true, force: true }));

const heapMiB = 384;

async function vigil(seconds: number, ...args: string[]) {
  const started = performance.now();
  try {
    const { stdout, stderr } = await run(
      process.execPath,
      [`--max-old-space-size=${heapMiB}`, join(repositoryRoot, 'bin', 'vigil.js'), ...args],
      {
        cwd: repositoryRoot,
        env: { ...process.env, VIGIL_HOME: folder, NO_COLOR: '1' },
        timeout: seconds * 1000,
        maxBuffer: 64 << 20,
      },
    );
    return { code: 0, stdout, stderr, seconds: (performance.now() - started) / 1000 };
  } catch (error) {
    const failure = error as { code: number; stdout: string; stderr: string; killed?: boolean };
    if (failure.killed) throw new Error(`vigil ${args.join(' ')} ran past its bound of ${seconds} s`);
    return {
      code: failure.code,
      stdout: failure.stdout,
      stderr: failure.stderr,
      seconds: (performance.now() - started) / 1000,
    };
  }
}

const sshd = (user: string, index: number) =>
  `<38>Mar  2 10:00:${String(index % 60).padStart(2, '0')} web1 sshd[2211]: Failed password for ${user} from 203.0.113.${index} port 22 ssh2`;

describe('hostile input through the CLI', () => {
  it('ingest: a 5,000-level nested JSON line and an 8 KiB NUL line are rejected by line, every good line stored (bound 60 s)', async () => {
    const file = join(folder, 'mixed.jsonl');
    const good = (index: number) => JSON.stringify({ EventID: 4624, Channel: 'Security', Computer: `ws-${index}` });
    const deep = `{"EventID":4625,"Channel":"Security","x":${'['.repeat(5000)}${']'.repeat(5000)}}`;
    writeFileSync(file, `${[good(1), deep, good(2), '\u0000'.repeat(8192), good(3)].join('\n')}\n`);
    const result = await vigil(60, 'ingest', file, '--json', '--db', join(folder, 'mixed.db'));
    expect(result.code).toBe(0);
    const summary = JSON.parse(result.stdout);
    expect(summary).toMatchObject({ events: 3, stored: 3, rejectedCount: 2 });
    expect(summary.rejected).toEqual([
      { file, line: 2, reason: 'JSON nested deeper than 64 levels (at character 105)' },
      { file, line: 4, reason: 'binary content (NUL byte) in record' },
    ]);
  });

  it('ingest and detect: values invalid at the edge are dropped, counted and listed by record and field (bound 60 s)', async () => {
    const file = join(folder, 'eve-hostile.json');
    const http = (line: number, hostname: string) =>
      JSON.stringify({
        timestamp: `2026-03-01T10:00:0${line}.000000+0000`,
        event_type: 'http',
        src_ip: '10.0.0.9',
        src_port: 51000 + line,
        dest_ip: '203.0.113.5',
        dest_port: line === 2 ? 1e20 : 80,
        proto: 'TCP',
        http: { hostname, url: '/x', http_method: 'GET', status: 200 },
      });
    writeFileSync(
      file,
      `${[http(1, 'good.example.com'), http(2, 'evil.com\u001b[2J;rm'), http(3, 'ok.example.org')].join('\n')}\n`,
    );
    const human = await vigil(60, 'ingest', file, '--db', join(folder, 'edge.db'));
    expect(human.code).toBe(0);
    expect(human.stdout).toContain('3 events read, 3 stored');
    expect(human.stdout).toContain('2 invalid value(s) dropped from stored events (raw kept):');
    expect(human.stdout).toContain(`${file}:2 url.domain: "evil.com\\u001b[2J;rm" is not a host name or address`);
    expect(human.stdout).toMatch(/:2 destination\.port: .*is not a port/);
    expect(human.stdout).not.toContain('\u001b');
    const json = JSON.parse((await vigil(60, 'ingest', file, '--json', '--db', join(folder, 'edge-2.db'))).stdout);
    expect(json).toMatchObject({ events: 3, stored: 3, problemCount: 2 });
    expect(json.problems.map((problem: { line: number; field: string }) => [problem.line, problem.field])).toEqual([
      [2, 'destination.port'],
      [2, 'url.domain'],
    ]);
    mkdirSync(join(folder, 'no-rules'), { recursive: true });
    const detect = await vigil(60, 'detect', file, '--rules', join(folder, 'no-rules'));
    expect(detect.stderr).toContain(`vigil: invalid value dropped ${file}:2 url.domain:`);
  });

  it('ingest: symlink cycles, a zip-slip member and escape sequences; human output shows the escapes as text (bound 60 s)', async () => {
    const root = join(folder, 'tree');
    mkdirSync(join(root, 'a', 'b'), { recursive: true });
    symlinkSync('..', join(root, 'a', 'up'));
    symlinkSync('../..', join(root, 'a', 'b', 'up'));
    writeFileSync(
      join(root, 'a', 'auth.log'),
      `${sshd('\u001b]52;c;ZXZpbA==\u0007\u001b[2Jroot', 1)}\n${sshd('bob', 2)}\n`,
    );
    writeFileSync(
      join(root, 'logs.zip'),
      makeZip({
        'one.log': `${sshd('carol', 3)}\n`,
        '../../evil.log': `${sshd('eve', 4)}\n`,
        'two.log': `${sshd('dave', 5)}\n`,
      }),
    );
    const result = await vigil(60, 'ingest', root, '--db', join(folder, 'tree.db'));
    expect(result.code).toBe(0);
    expect(result.stdout).toMatch(/^4 events read, 4 stored/);
    expect(result.stdout).toContain('logs.zip:../../evil.log: member refused: invalid relative path');
    expect(result.stdout).toContain('symbolic link cycle');
    expect(result.stdout).not.toMatch(/\u001b/);
    const investigated = await vigil(120, 'investigate', join(root, 'a', 'auth.log'), '--db', join(folder, 'tree2.db'));
    expect(investigated.stdout + investigated.stderr).not.toMatch(/\u001b/);
  });

  it("investigate: [user-account:user_id MATCHES '^(a+)+$'] against a 41-character user name finishes (bound 120 s)", async () => {
    const intel = join(folder, 'redos.json');
    writeFileSync(
      intel,
      JSON.stringify({
        type: 'bundle',
        id: 'bundle--6f8b6f9a-3c3b-4e1f-9a55-1c1b0e1c9f01',
        objects: [
          {
            type: 'indicator',
            spec_version: '2.1',
            id: 'indicator--0b9a3f46-6f1d-4a8e-8d4e-6a2f8a3b9c11',
            created: '2024-01-01T00:00:00.000Z',
            modified: '2024-01-01T00:00:00.000Z',
            pattern: "[user-account:user_id MATCHES '^(a+)+$']",
            pattern_type: 'stix',
            valid_from: '2024-01-01T00:00:00.000Z',
          },
        ],
      }),
    );
    const logs = join(folder, 'sshd.log');
    writeFileSync(logs, `${[sshd(`${'a'.repeat(41)}!`, 1), sshd('aaaa', 2), sshd('bob', 3)].join('\n')}\n`);
    const result = await vigil(120, 'investigate', logs, '--intel', intel, '--json', '--db', join(folder, 'redos.db'));
    expect(result.code).toBe(0);
    expect(JSON.parse(result.stdout).ingest).toMatchObject({ events: 3, stored: 3 });
  });

  it('exit 2 with one line: a missing input, --intel missing or not intelligence, a PNG to intel import (bound 30 s each)', async () => {
    const missing = await vigil(30, 'ingest', join(folder, 'nope.log'), '--db', join(folder, 'x.db'));
    expect(missing.code).toBe(2);
    expect(missing.stderr.trim().split('\n')).toEqual([
      `vigil: cannot read ${join(folder, 'nope.log')}: no such file or directory`,
    ]);
    const noIntel = await vigil(
      30,
      'investigate',
      join(folder, 'sshd.log'),
      '--intel',
      join(folder, 'nope.json'),
      '--db',
      join(folder, 'y.db'),
    );
    expect(noIntel.code).toBe(2);
    expect(noIntel.stderr.trim().split('\n')).toHaveLength(1);
    const notIntel = await vigil(
      30,
      'investigate',
      join(folder, 'sshd.log'),
      '--intel',
      join(folder, 'sshd.log'),
      '--db',
      join(folder, 'z.db'),
    );
    expect(notIntel.code).toBe(2);
    expect(notIntel.stderr).toMatch(/holds no threat intelligence/);
    const png = join(folder, 'logo.png');
    writeFileSync(png, Buffer.from('89504e470d0a1a0a0000000d4948445200000001000000010806000000', 'hex'));
    const imported = await vigil(30, 'intel', 'import', png, '--db', join(folder, 'i.db'));
    expect(imported.stdout.trim().split('\n')).toEqual([
      '0 objects read, 0 indicators stored',
      `  rejected ${png}: the file is binary, not threat intelligence`,
    ]);
  });

  it('rules check: (a|a)+$ and (a+){2,16}$ compile onto the linear-time engine (bound 30 s)', async () => {
    const rules = join(folder, 'rules');
    mkdirSync(rules, { recursive: true });
    const rule = (id: string, pattern: string) =>
      `title: hostile ${id}\nid: ${id}\nlogsource: { product: linux, service: sshd }\ndetection:\n  selection:\n    User|re: '${pattern}'\n  condition: selection\nlevel: low\n`;
    writeFileSync(join(rules, 'alternation.yml'), rule('1f0b4c9e-3a2d-4e5f-8a7b-9c0d1e2f3a4b', '(a|a)+$'));
    writeFileSync(join(rules, 'counted.yml'), rule('2a1c5d0f-4b3e-4f60-9b8c-0d1e2f3a4b5c', '(a+){2,16}$'));
    const result = await vigil(30, 'rules', 'check', rules, '--json');
    expect(JSON.parse(result.stdout)).toMatchObject({ rules: 2, compiled: 2, failed: [] });
  });

  it('rules check and playbooks check: 20,000-level YAML is refused by line beside good files, never aborting Node (bound 30 s each)', async () => {
    const rules = join(folder, 'deep-rules');
    mkdirSync(rules, { recursive: true });
    const good = `title: good\nid: 3b2d6e1a-5c4f-4a71-8c9d-1e2f3a4b5c6d\nlogsource: { product: linux, service: sshd }\ndetection:\n  selection:\n    User: root\n  condition: selection\nlevel: low\n`;
    writeFileSync(join(rules, 'good.yml'), good);
    writeFileSync(
      join(rules, 'flow.yml'),
      `title: deep\ndetection:\n  selection: ${'['.repeat(20_000)}${']'.repeat(20_000)}\n`,
    );
    writeFileSync(join(rules, 'block.yml'), `title: deep\ndetection:\n  selection:\n    ${'- '.repeat(20_000)}x\n`);
    const checked = await vigil(30, 'rules', 'check', rules, '--json');
    const report = JSON.parse(checked.stdout) as { compiled: number; failed: { file: string; error: string }[] };
    expect(report.compiled).toBe(1);
    expect(report.failed.map((failure) => [failure.file.split('/').pop(), failure.error])).toEqual(
      expect.arrayContaining([
        ['flow.yml', expect.stringMatching(/nested deeper than 64 levels at line 3/)],
        ['block.yml', expect.stringMatching(/nested deeper than 64 levels at line 4/)],
      ]),
    );
    const playbook = join(folder, 'deep-playbook.yaml');
    writeFileSync(playbook, `name: deep\nsteps: ${'['.repeat(20_000)}${']'.repeat(20_000)}\n`);
    const playbooks = await vigil(30, 'playbooks', 'check', playbook);
    expect(playbooks.code).toBe(1);
    expect(`${playbooks.stdout}${playbooks.stderr}`).toMatch(/nested deeper than 64 levels at line 2/);
  });
});
