/**
 * The rows of the hostile-input table: each issue-17 input through each entry point it reaches.
 * A case runs the real command or server and reports what happened; `ok` is whether that is what
 * the issue asks for.
 */
import { spawn, spawnSync } from 'node:child_process';
import { createSocket } from 'node:dgram';
import { mkdirSync, statSync, writeFileSync } from 'node:fs';
import { connect } from 'node:net';
import { join } from 'node:path';
import Database from 'better-sqlite3';
import { type CliRun, runCli, storeCounts, waitUntil } from '../../test/hostile-entry-points.js';
import { makeTar } from '../../test/make-tar.js';
import { makeZip } from '../../test/make-zip.js';
import {
  badPortsEve,
  billionLaughs,
  deepJson,
  deepObjectIntel,
  deepPatternIntel,
  escapeUser,
  goodJson,
  invalidValuesIntel,
  mispEventWithBadTag,
  nulRecord,
  png,
  redosIntel,
  redosLogLines,
  sigmaRule,
  sshd,
  syslogBomb,
} from './fixtures.js';
import {
  busRunner,
  type Measured,
  measureServe,
  peakMiB,
  publishWithListener,
  resetPeak,
  serveRunner,
} from './runners.js';

export interface CaseContext {
  home: string;
  runners: Map<string, { close(): Promise<void> }>;
  symlink: typeof import('node:fs').symlinkSync;
  write: typeof writeFileSync;
}

export interface HostileCase {
  /** The issue's item number and the input. */
  input: string;
  entry: string;
  bound: string;
  run(context: CaseContext): Promise<Measured>;
}

const heapMiB = 384;
const cliBound = (seconds: number) => `${seconds} s, ${heapMiB} MiB heap`;
let fileCounter = 0;
const fixture = (home: string, name: string, content: string | Buffer) => {
  const path = join(home, 'fixtures', `${++fileCounter}-${name}`);
  writeFileSync(path, content);
  return path;
};
const database = (home: string) => join(home, 'fixtures', `${++fileCounter}.db`);

const cli = (home: string, seconds: number, args: string[]) => runCli(args, { seconds, heapMiB, home });
const measured = (run: CliRun, ok: boolean, result: string): Measured => ({
  ok: ok && !run.killed,
  result: run.killed ? `killed at its bound (${result})` : result,
  seconds: run.seconds,
  peakMiB: run.peakMiB,
});
const json = (text: string): Record<string, unknown> => {
  try {
    return JSON.parse(text) as Record<string, unknown>;
  } catch {
    return {};
  }
};
const firstLine = (text: string) => text.trim().split('\n')[0]?.slice(0, 140) ?? '';

interface IngestSummary {
  events?: number;
  stored?: number;
  rejectedCount?: number;
  rejected?: { line?: number; reason: string }[];
  problemCount?: number;
  problems?: { line?: number; field: string }[];
}

/** `vigil ingest <file> --json`: stored and rejected counts, the rejections' lines. */
async function ingestCase(home: string, file: string, expected: { stored: number; rejectedLines: number[] }) {
  const run = await cli(home, 60, ['ingest', file, '--json', '--db', database(home)]);
  const summary = json(run.stdout) as IngestSummary;
  const lines = (summary.rejected ?? []).map((rejection) => rejection.line);
  const ok =
    run.code === 0 &&
    summary.stored === expected.stored &&
    JSON.stringify(lines) === JSON.stringify(expected.rejectedLines);
  return measured(
    run,
    ok,
    `exit ${run.code}; ${summary.stored ?? '?'} stored, ${summary.rejectedCount ?? 0} rejected${lines.length ? ` (line ${lines.join(', ')}: ${summary.rejected?.[0]?.reason.slice(0, 60)})` : ''}`,
  );
}

async function hecPost(url: string, token: string, path: string, body: string | Buffer) {
  const response = await fetch(`${url}${path}`, {
    method: 'POST',
    headers: { authorization: `Splunk ${token}` },
    body,
    signal: AbortSignal.timeout(60_000),
  });
  return { status: response.status, text: await response.text() };
}

/** Sends syslog datagrams, one per record. */
async function sendUdp(port: number, records: string[]) {
  const socket = createSocket('udp4');
  for (const record of records) {
    await new Promise<void>((resolve, reject) =>
      socket.send(Buffer.from(record), port, '127.0.0.1', (error) => (error ? reject(error) : resolve())),
    );
    await new Promise((resolve) => setTimeout(resolve, 2));
  }
  socket.close();
}

/** Sends newline-framed syslog over one TCP connection. */
function sendTcp(port: number, records: string[]): Promise<void> {
  return new Promise((resolve, reject) => {
    const socket = connect({ host: '127.0.0.1', port }, () => {
      socket.end(`${records.join('\n')}\n`);
    });
    socket.on('error', reject);
    socket.on('close', () => resolve());
  });
}

const noEscape = (run: CliRun) => !/\u001b/.test(run.stdout + run.stderr);

export function hostileCases(home: string): HostileCase[] {
  return [
    // 1. STIX MATCHES '^(a+)+$'
    {
      input: "1. STIX `MATCHES '^(a+)+$'` + sshd line with a 41-char user",
      entry: 'CLI `investigate --intel`',
      bound: cliBound(120),
      async run() {
        const logs = fixture(home, 'sshd.log', `${redosLogLines.join('\n')}\n`);
        const intel = fixture(home, 'redos.json', redosIntel);
        const run = await cli(home, 120, ['investigate', logs, '--intel', intel, '--json', '--db', database(home)]);
        const ingest = (json(run.stdout).ingest ?? {}) as IngestSummary;
        return measured(
          run,
          run.code === 0 && ingest.stored === 3,
          `exit ${run.code}; ${ingest.stored ?? '?'}/3 stored`,
        );
      },
    },
    {
      input: "1. STIX `MATCHES '^(a+)+$'` + sshd line with a 41-char user",
      entry: 'HEC (`serve --intel`)',
      bound: '60 s to store; /health answered',
      async run({ runners }) {
        const runner = await serveRunner(home, runners);
        return measureServe(runner, async () => {
          const before = storeCounts(runner.database).events;
          const body = redosLogLines.map((line) => JSON.stringify({ event: line, sourcetype: 'syslog' })).join('');
          const reply = await hecPost(runner.serve.url, runner.serve.hecToken, '/services/collector/event', body);
          const stored = await waitUntil(() => storeCounts(runner.database).events >= before + 3, 60_000);
          return {
            ok: reply.status === 200 && stored,
            result: `HTTP ${reply.status}; ${storeCounts(runner.database).events - before}/3 stored`,
          };
        });
      },
    },
    {
      input: "1. STIX `MATCHES '^(a+)+$'` + sshd line with a 41-char user",
      entry: 'worker on Redis (`worker --stages ingest,detect --intel`)',
      bound: '60 s to store',
      run: (context) => busFileCase(context, 'redos.log', `${redosLogLines.join('\n')}\n`, 3, 0),
    },
    // 3. one bad record at the start of a batch
    {
      input: '3. 8 KiB NUL record first, then 20 good',
      entry: 'CLI `ingest`',
      bound: cliBound(60),
      async run() {
        const lines = [nulRecord, ...Array.from({ length: 20 }, (_, index) => sshd(`u${index}`, index))];
        return ingestCase(home, fixture(home, 'nul.log', `${lines.join('\n')}\n`), { stored: 20, rejectedLines: [1] });
      },
    },
    {
      input: '3. 8 KiB NUL record first, then 20 good',
      entry: 'HEC `/raw`',
      bound: '60 s to store; /health answered',
      async run({ runners }) {
        const runner = await serveRunner(home, runners);
        return measureServe(runner, async () => {
          const before = storeCounts(runner.database);
          const lines = [nulRecord, ...Array.from({ length: 20 }, (_, index) => sshd(`raw${index}`, index))];
          const reply = await hecPost(
            runner.serve.url,
            runner.serve.hecToken,
            '/services/collector/raw?sourcetype=syslog',
            `${lines.join('\n')}\n`,
          );
          const stored = await waitUntil(() => storeCounts(runner.database).events >= before.events + 20, 60_000);
          const after = storeCounts(runner.database);
          const rejections = after.rejections.slice(before.rejections.length);
          return {
            // as on /event: the sender hears of the bad line (400), the good lines are kept
            ok: reply.status === 400 && stored && rejections.length === 1,
            result: `HTTP ${reply.status}; ${after.events - before.events}/20 stored, ${rejections.length} rejected (${rejections[0]?.slice(0, 70) ?? '–'})`,
          };
        });
      },
    },
    {
      input: '3. 8 KiB NUL datagram first, then 20 good',
      entry: 'syslog UDP (`serve --syslog-udp`)',
      bound: '60 s to store; /health answered',
      run: (context) =>
        serveSyslogCase(
          context,
          'udp',
          [[nulRecord, ...Array.from({ length: 20 }, (_, index) => sshd(`sudp${index}`, index))]],
          20,
          1,
        ),
    },
    {
      input: '3. 8 KiB NUL line first, then 20 good, on each of 2 connections',
      entry: 'syslog TCP (`serve --syslog-tcp`; NUL is a frame delimiter here)',
      bound: '60 s to store; /health answered',
      run: (context) =>
        serveSyslogCase(
          context,
          'tcp',
          [0, 1].map((connection) => [
            nulRecord,
            ...Array.from({ length: 20 }, (_, index) => sshd(`stcp${connection}-${index}`, index)),
          ]),
          40,
          // this framer reads NUL as RFC 6587's NUL trailer: a delimiter, not a record to reject
          0,
        ),
    },
    {
      input: '3. 8 KiB NUL datagram first, then 20 good',
      entry: 'syslog UDP (`ingest-listener` → Redis → `worker`)',
      bound: '60 s to store',
      run: (context) =>
        busSyslogCase(
          context,
          'udp',
          [[nulRecord, ...Array.from({ length: 20 }, (_, index) => sshd(`udp${index}`, index))]],
          20,
        ),
    },
    {
      input: '3. 8 KiB NUL line first, then 20 good, on each of 2 connections',
      entry: 'syslog TCP (`ingest-listener` → Redis → `worker`)',
      bound: '60 s to store',
      run: (context) =>
        busSyslogCase(
          context,
          'tcp',
          [0, 1].map((connection) => [
            nulRecord,
            ...Array.from({ length: 20 }, (_, index) => sshd(`tcp${connection}-${index}`, index)),
          ]),
          40,
        ),
    },
    // 4. deep JSON
    {
      input: '4. JSON nested 15,000 levels (30 KB line) between 2 good',
      entry: 'CLI `ingest`',
      bound: cliBound(60),
      run: async () =>
        ingestCase(home, fixture(home, 'deep.jsonl', `${[goodJson(1), deepJson(), goodJson(2)].join('\n')}\n`), {
          stored: 2,
          rejectedLines: [2],
        }),
    },
    {
      input: '4. JSON nested 15,000 levels (30 KB line) between 2 good',
      entry: 'HEC `/event`',
      bound: '60 s to store; /health answered',
      async run({ runners }) {
        const runner = await serveRunner(home, runners);
        return measureServe(runner, async () => {
          const before = storeCounts(runner.database);
          const envelope = (marker: string) => JSON.stringify({ event: sshd(marker, 9), sourcetype: 'syslog' });
          const body = `${envelope('hec-deep-before')}{"event":${deepJson()}}${envelope('hec-deep-after')}`;
          const reply = await hecPost(runner.serve.url, runner.serve.hecToken, '/services/collector/event', body);
          const stored = await waitUntil(() => storeCounts(runner.database).events >= before.events + 2, 60_000);
          const after = storeCounts(runner.database);
          const rejections = after.rejections.slice(before.rejections.length);
          return {
            ok: stored && reply.status < 500,
            result: `HTTP ${reply.status} ${firstLine(reply.text).slice(0, 60)}; ${after.events - before.events}/2 stored, ${rejections.length} rejected (${rejections[0]?.slice(0, 60) ?? '–'})`,
          };
        });
      },
    },
    {
      input: '4. JSON nested 15,000 levels (30 KB line) between 2 good',
      entry: 'worker on Redis (`ingest-listener --files`)',
      bound: '60 s to store',
      run: (context) =>
        busFileCase(context, 'deep.jsonl', `${[goodJson(11), deepJson(), goodJson(12)].join('\n')}\n`, 2, 1),
    },
    {
      input: '4. STIX pattern nested 10,000 parentheses + 1 good indicator',
      entry: 'CLI `intel import` (STIX)',
      bound: cliBound(60),
      run: () => intelCase(home, 'deep-pattern.json', deepPatternIntel, 1),
    },
    {
      input: '4. STIX object nested 10,000 levels + 1 good indicator',
      entry: 'CLI `intel import` (STIX)',
      bound: cliBound(60),
      run: () => intelCase(home, 'deep-object.json', deepObjectIntel, 1),
    },
    // 5. Sigma ReDoS
    {
      input: '5. Sigma `(a|a)+$` and `(a+){2,16}$`',
      entry: 'CLI `rules check`',
      bound: cliBound(30),
      async run() {
        const rules = join(home, 'fixtures', 'redos-rules');
        mkdirSync(rules, { recursive: true });
        writeFileSync(join(rules, 'alternation.yml'), sigmaRule('1f0b4c9e-3a2d-4e5f-8a7b-9c0d1e2f3a4b', '(a|a)+$'));
        writeFileSync(join(rules, 'counted.yml'), sigmaRule('2a1c5d0f-4b3e-4f60-9b8c-0d1e2f3a4b5c', '(a+){2,16}$'));
        const run = await cli(home, 30, ['rules', 'check', rules, '--json']);
        const summary = json(run.stdout) as { compiled?: number; failed?: unknown[] };
        return measured(
          run,
          summary.compiled === 2,
          `exit ${run.code}; ${summary.compiled ?? '?'}/2 compiled (linear engine)`,
        );
      },
    },
    {
      input: '5. Sigma `(a|a)+$`, `(a+){2,16}$` on 4 events with a 50,000-char `a…a!` user',
      entry: 'CLI `detect`',
      bound: cliBound(60),
      async run() {
        const rules = join(home, 'fixtures', 'redos-rules-detect');
        mkdirSync(rules, { recursive: true });
        writeFileSync(join(rules, 'alternation.yml'), sigmaRule('3b2d6e1a-5c4f-4a71-8c9d-1e2f3a4b5c6d', '(a|a)+$'));
        writeFileSync(join(rules, 'counted.yml'), sigmaRule('4c3e7f2b-6d5a-4b82-9dae-2f3a4b5c6d7e', '(a+){2,16}$'));
        const bait = `${'a'.repeat(50_000)}!`;
        const logs = fixture(home, 'redos-users.log', `${[bait, 'aaaa', bait, 'bob'].map(sshd).join('\n')}\n`);
        const run = await cli(home, 60, ['detect', logs, '--rules', rules, '--json']);
        const count = run.stdout.split('\n').filter((line) => line.startsWith('{')).length;
        return measured(
          run,
          run.code === 0 && count >= 1,
          `exit ${run.code}; ${count} alert(s) (for \`aaaa\`; the bait matches neither)`,
        );
      },
    },
    {
      input: '5. Sigma `(a|a)+$` / `(?=(a+)+)b` / billion laughs',
      entry: 'API rule upload (`POST /api/v1/rules`)',
      bound: 'each answered; /health answered',
      async run({ runners }) {
        const runner = await serveRunner(home, runners);
        return measureServe(runner, async () => {
          const upload = async (name: string, text: string) => {
            const response = await fetch(`${runner.serve.url}/api/v1/rules`, {
              method: 'POST',
              headers: { authorization: `Bearer ${runner.serve.adminToken}`, 'content-type': 'application/json' },
              body: JSON.stringify({ name, text }),
            });
            return response.status;
          };
          const statuses = [
            await upload('alternation.yml', sigmaRule('5d4f8a3c-7e6b-4c93-aebf-3a4b5c6d7e8f', '(a|a)+$')),
            await upload('lookahead.yml', sigmaRule('6e5a9b4d-8f7c-4da4-bfc0-4b5c6d7e8f90', '(?=(a+)+)b')),
            await upload('laughs.yml', billionLaughs),
          ];
          return {
            ok: statuses[0] === 201 && statuses[1] === 422 && statuses[2] === 422,
            result: `HTTP ${statuses.join(' / ')} (linear engine / refused, naming the selection / refused)`,
          };
        });
      },
    },
    // 6. rate limiter
    {
      input: "6. 650 requests with the admin's token id and a wrong secret",
      entry: 'API (rate limiter)',
      bound: 'the real token still answered 200; /health answered',
      async run({ runners }) {
        const runner = await serveRunner(home, runners);
        return measureServe(runner, async () => {
          const [prefix, id] = runner.serve.adminToken.split('_');
          const forged = `${prefix}_${id}_${'0'.repeat(64)}`;
          const counts = new Map<number, number>();
          for (let batch = 0; batch < 13; batch++) {
            const statuses = await Promise.all(
              Array.from({ length: 50 }, () =>
                fetch(`${runner.serve.url}/api/v1/incidents`, { headers: { authorization: `Bearer ${forged}` } }).then(
                  (response) => response.status,
                ),
              ),
            );
            for (const status of statuses) counts.set(status, (counts.get(status) ?? 0) + 1);
          }
          const real = await fetch(`${runner.serve.url}/api/v1/incidents`, {
            headers: { authorization: `Bearer ${runner.serve.adminToken}` },
          });
          return {
            ok: real.status === 200,
            result: `forged: ${[...counts].map(([status, count]) => `${status}×${count}`).join(', ')}; real token ${real.status}`,
          };
        });
      },
    },
    // 7. database file mode
    {
      input: '7. a new SQLite database',
      entry: 'CLI `ingest`',
      bound: 'created 0600',
      async run() {
        const db = database(home);
        const run = await cli(home, 60, ['ingest', fixture(home, 'one.log', `${sshd('alice', 1)}\n`), '--db', db]);
        const mode = (statSync(db).mode & 0o777).toString(8);
        return measured(run, mode === '600', `exit ${run.code}; mode ${mode}`);
      },
    },
    // 8. terminal escapes
    {
      input: '8. OSC 52 and clear-screen escapes in a user name',
      entry: 'CLI `ingest`, `investigate`, `ingest --rejected` (human output)',
      bound: cliBound(120),
      async run() {
        const db = database(home);
        const logs = fixture(
          home,
          'escapes.log',
          `${[sshd(escapeUser, 1), `\u001b[31m${nulRecord}`, sshd('bob', 2)].join('\n')}\n`,
        );
        const runs = [
          await cli(home, 60, ['ingest', logs, '--db', db]),
          await cli(home, 120, ['investigate', logs, '--db', database(home)]),
          await cli(home, 60, ['ingest', '--rejected', '--db', db]),
        ];
        const clean = runs.every(noEscape);
        return {
          ok: clean && runs.every((run) => !run.killed),
          result: `exits ${runs.map((run) => run.code).join('/')}; ${clean ? 'no ESC byte in any output' : 'ESC reached the terminal'}`,
          seconds: runs.reduce((sum, run) => sum + run.seconds, 0),
          peakMiB: Math.max(...runs.map((run) => run.peakMiB).filter((value) => !Number.isNaN(value))),
        };
      },
    },
    // 10. crash leftovers
    {
      input: '10. SIGKILL of `investigate` (demo logs and intel) at 35 % and 70 % of its run, then a rerun',
      entry: 'CLI `investigate`, `audit verify`',
      bound: 'audit valid after each kill; rerun = uninterrupted run',
      async run() {
        const demo = ['examples/demo/logs', '--intel', 'examples/demo/intel'];
        const baselineDb = database(home);
        const baseline = await cli(home, 300, ['investigate', ...demo, '--db', baselineDb]);
        const expected = incidentCount(baselineDb);
        const notes: string[] = [];
        let ok = baseline.code === 0;
        let seconds = baseline.seconds;
        let peak = baseline.peakMiB;
        for (const fraction of [0.35, 0.7]) {
          const db = database(home);
          const killed = await cli(home, Math.max(0.5, baseline.seconds * fraction), [
            'investigate',
            ...demo,
            '--db',
            db,
          ]);
          const verify = json((await cli(home, 60, ['audit', 'verify', '--json', '--db', db])).stdout) as {
            valid?: boolean;
          };
          const rerun = await cli(home, 300, ['investigate', ...demo, '--db', db]);
          const again = json((await cli(home, 60, ['audit', 'verify', '--json', '--db', db])).stdout) as {
            valid?: boolean;
          };
          const incidents = incidentCount(db);
          ok &&= verify.valid === true && again.valid === true && rerun.code === 0 && incidents === expected;
          notes.push(
            `${Math.round(fraction * 100)} %: ${killed.killed ? 'killed' : `exit ${killed.code}`}, audit ${verify.valid ? 'valid' : 'INVALID'}, rerun ${incidents}/${expected} incidents, audit ${again.valid ? 'valid' : 'INVALID'}`,
          );
          seconds += killed.seconds + rerun.seconds;
          peak = Math.max(peak, rerun.peakMiB);
        }
        return { ok, result: `baseline ${expected} incidents; ${notes.join('; ')}`, seconds, peakMiB: peak };
      },
    },
    // 9. other inputs
    {
      input: '9. two `..` symlinks in a directory',
      entry: 'CLI `ingest`',
      bound: cliBound(60),
      async run({ symlink }) {
        const root = join(home, 'fixtures', 'cycle');
        mkdirSync(join(root, 'a', 'b'), { recursive: true });
        symlink('..', join(root, 'a', 'up'));
        symlink('../..', join(root, 'a', 'b', 'up'));
        writeFileSync(join(root, 'a', 'auth.log'), `${sshd('alice', 1)}\n${sshd('bob', 2)}\n`);
        const run = await cli(home, 60, ['ingest', root, '--db', database(home)]);
        const ok = run.code === 0 && /2 stored/.test(run.stdout) && /symbolic link cycle/.test(run.stdout);
        return measured(
          run,
          ok,
          `exit ${run.code}; ${firstLine(run.stdout)}; cycle ${/symbolic link cycle/.test(run.stdout) ? 'named' : 'not named'}`,
        );
      },
    },
    {
      input: '9. gzip of 256 MiB of syslog (2.8 M lines), quota 4 MiB',
      entry: 'CLI `ingest --max-decompressed-bytes`',
      bound: cliBound(120),
      async run() {
        const file = fixture(home, 'bomb.log.gz', syslogBomb(256));
        const run = await cli(home, 120, [
          'ingest',
          file,
          '--max-decompressed-bytes',
          String(4 << 20),
          '--db',
          database(home),
        ]);
        const refused = /decompress|quota|expand/i.test(run.stdout + run.stderr);
        return measured(run, refused, `exit ${run.code}; ${firstLine(run.stdout)}${refused ? '; quota named' : ''}`);
      },
    },
    {
      input: '9. zip-slip member `../../evil.log` between 2 good members',
      entry: 'CLI `ingest`',
      bound: cliBound(60),
      async run() {
        const zip = fixture(
          home,
          'slip.zip',
          makeZip({
            'one.log': `${sshd('carol', 3)}\n`,
            '../../evil.log': `${sshd('eve', 4)}\n`,
            'two.log': `${sshd('dave', 5)}\n`,
          }),
        );
        const run = await cli(home, 60, ['ingest', zip, '--db', database(home)]);
        const ok = /2 stored/.test(run.stdout) && /member refused/.test(run.stdout);
        return measured(
          run,
          ok,
          `exit ${run.code}; ${firstLine(run.stdout)}; member ${/member refused/.test(run.stdout) ? 'refused by name' : 'not refused'}`,
        );
      },
    },
    {
      input: '9. tar with `../x.log`, `/etc/x.log`, a symlink and a FIFO member between 2 good members',
      entry: 'CLI `ingest`',
      bound: cliBound(60),
      async run() {
        const tar = fixture(
          home,
          'members.tar',
          makeTar([
            { name: 'one.log', content: `${sshd('tara', 1)}\n` },
            { name: '../x.log', content: `${sshd('eve', 2)}\n` },
            { name: '/etc/x.log', content: `${sshd('eve', 3)}\n` },
            { name: 'link.log', type: '2', linkName: '/etc/passwd' },
            { name: 'pipe.log', type: '6' },
            { name: 'two.log', content: `${sshd('tom', 4)}\n` },
          ]),
        );
        const run = await cli(home, 60, ['ingest', tar, '--db', database(home)]);
        const refused = (run.stdout.match(/member refused/g) ?? []).length;
        return measured(
          run,
          run.code === 0 && /2 stored/.test(run.stdout) && refused === 4,
          `exit ${run.code}; ${firstLine(run.stdout)}; ${refused} member(s) refused by name`,
        );
      },
    },
    {
      input: '9. a FIFO with 3 lines written into it',
      entry: 'CLI `ingest`',
      bound: cliBound(60),
      async run() {
        const fifo = join(home, 'fixtures', 'pipe.log');
        if (spawnSync('mkfifo', [fifo]).status !== 0)
          return { ok: false, result: 'mkfifo not available', seconds: 0, peakMiB: Number.NaN };
        const writer = spawn('sh', [
          '-c',
          `printf '%s\\n' "$1" "$2" "$3" > "$4"`,
          'sh',
          sshd('f1', 1),
          sshd('f2', 2),
          sshd('f3', 3),
          fifo,
        ]);
        const run = await cli(home, 60, ['ingest', fifo, '--json', '--db', database(home)]);
        writer.kill();
        const summary = json(run.stdout) as IngestSummary;
        const ok =
          (run.code === 0 && summary.stored === 3) || (run.code === 2 && run.stderr.trim().split('\n').length === 1);
        return measured(
          run,
          ok,
          `exit ${run.code}; ${summary.stored ?? 0} stored${run.code === 0 ? '' : `; ${firstLine(run.stderr)}`}`,
        );
      },
    },
    {
      input: '9. a missing input file',
      entry: 'CLI `ingest`',
      bound: 'exit 2, one line',
      async run() {
        const run = await cli(home, 30, ['ingest', join(home, 'fixtures', 'nope.log'), '--db', database(home)]);
        const lines = run.stderr.trim().split('\n');
        return measured(
          run,
          run.code === 2 && lines.length === 1,
          `exit ${run.code}; ${lines.length} line(s) on stderr`,
        );
      },
    },
    {
      input: '9. `--intel` missing, `--intel` a log file',
      entry: 'CLI `investigate`',
      bound: 'exit 2, one line',
      async run() {
        const logs = fixture(home, 'plain.log', `${sshd('bob', 1)}\n`);
        const runs = [
          await cli(home, 30, [
            'investigate',
            logs,
            '--intel',
            join(home, 'fixtures', 'nope.json'),
            '--db',
            database(home),
          ]),
          await cli(home, 30, ['investigate', logs, '--intel', logs, '--db', database(home)]),
        ];
        const ok = runs.every((run) => run.code === 2 && run.stderr.trim().split('\n').length === 1);
        return {
          ok,
          result: `exits ${runs.map((run) => run.code).join('/')}; ${firstLine(runs[1]?.stderr ?? '').slice(0, 80)}`,
          seconds: runs.reduce((sum, run) => sum + run.seconds, 0),
          peakMiB: Math.max(...runs.map((run) => run.peakMiB).filter((value) => !Number.isNaN(value))),
        };
      },
    },
    {
      input: '9. ports −2^53 and 10^20 between good records',
      entry: 'CLI `ingest`',
      bound: cliBound(60),
      async run() {
        const run = await cli(home, 60, [
          'ingest',
          fixture(home, 'ports.json', `${badPortsEve}\n`),
          '--json',
          '--db',
          database(home),
        ]);
        const summary = json(run.stdout) as IngestSummary;
        const fields = (summary.problems ?? []).map((problem) => `${problem.line}:${problem.field}`);
        return measured(
          run,
          summary.stored === 3 && fields.length === 2,
          `exit ${run.code}; ${summary.stored ?? '?'}/3 stored, dropped ${fields.join(', ')}`,
        );
      },
    },
    {
      input: '9. MISP event with one malformed tag, 2 good attributes',
      entry: 'CLI `intel import` (MISP)',
      bound: cliBound(60),
      run: () => intelCase(home, 'misp-event.json', mispEventWithBadTag, 2),
    },
    {
      input: '9. `not-an-ip`, an md5 `zzzz`, 1 good indicator',
      entry: 'CLI `intel import` (STIX)',
      bound: cliBound(60),
      run: () => intelCase(home, 'invalid-values.json', invalidValuesIntel, 1),
    },
    {
      input: '9. a PNG',
      entry: 'CLI `intel import`',
      bound: 'no binary printed',
      async run() {
        const run = await cli(home, 30, ['intel', 'import', fixture(home, 'logo.png', png), '--db', database(home)]);
        const binary = /[\u0000-\u0008\u000e-\u001f]/.test(run.stdout + run.stderr);
        return measured(
          run,
          !binary && run.stdout.length < 400,
          `exit ${run.code}; ${firstLine(run.stdout.split('\n')[1] ?? run.stdout)}`,
        );
      },
    },
  ];
}

/** `vigil intel import --json`: indicators stored, objects rejected. */
async function intelCase(home: string, name: string, content: string, goodIndicators: number): Promise<Measured> {
  const run = await cli(home, 60, ['intel', 'import', fixture(home, name, content), '--json', '--db', database(home)]);
  const summary = json(run.stdout) as {
    indicators?: number;
    stored?: number;
    rejected?: { reason?: string; message?: string }[];
  };
  const stored = summary.stored ?? summary.indicators;
  const rejected = summary.rejected ?? [];
  const reason = rejected[0]?.reason ?? rejected[0]?.message ?? '';
  return measured(
    run,
    run.code === 0 && stored === goodIndicators && rejected.length > 0,
    `exit ${run.code}; ${stored ?? '?'}/${goodIndicators} stored, ${rejected.length} rejected${reason ? ` (${String(reason).slice(0, 70)})` : ''}${run.code !== 0 ? `; ${firstLine(run.stderr)}` : ''}`,
  );
}

async function busFileCase(
  context: CaseContext,
  name: string,
  content: string,
  good: number,
  rejected: number,
): Promise<Measured> {
  const runner = await busRunner(context.home, context.runners);
  if (!runner) return { ok: false, result: 'skipped: redis-server not installed', seconds: 0, peakMiB: Number.NaN };
  const folder = join(runner.database, '..');
  const file = join(folder, `${++fileCounter}-${name}`);
  writeFileSync(file, content);
  const before = storeCounts(runner.database);
  const pid = runner.worker.pid as number;
  resetPeak(pid);
  const started = performance.now();
  const stored = await publishWithListener(
    runner,
    folder,
    [file],
    () => {
      const now = storeCounts(runner.database);
      return now.events >= before.events + good && now.rejections.length >= before.rejections.length + rejected;
    },
    60_000,
  );
  const after = storeCounts(runner.database);
  const rejections = after.rejections.slice(before.rejections.length);
  return {
    ok: stored && after.events - before.events === good && rejections.length === rejected,
    result: `${after.events - before.events}/${good} stored, ${rejections.length} rejected${rejections[0] ? ` (${rejections[0].slice(0, 70)})` : ''}`,
    seconds: (performance.now() - started) / 1000,
    peakMiB: peakMiB(pid),
  };
}

async function busSyslogCase(
  context: CaseContext,
  transport: 'udp' | 'tcp',
  batches: string[][],
  good: number,
): Promise<Measured> {
  const runner = await busRunner(context.home, context.runners);
  if (!runner) return { ok: false, result: 'skipped: redis-server not installed', seconds: 0, peakMiB: Number.NaN };
  const before = storeCounts(runner.database);
  const pid = runner.worker.pid as number;
  resetPeak(pid);
  const started = performance.now();
  if (transport === 'udp') for (const batch of batches) await sendUdp(runner.udpPort, batch);
  else await Promise.all(batches.map((batch) => sendTcp(runner.tcpPort, batch)));
  const stored = await waitUntil(() => storeCounts(runner.database).events >= before.events + good, 60_000);
  const after = storeCounts(runner.database);
  const rejections = after.rejections.slice(before.rejections.length);
  return {
    ok: stored && after.events - before.events === good,
    result: `${after.events - before.events}/${good} stored, ${rejections.length} rejected in the store${rejections[0] ? ` (${rejections[0].slice(0, 60)})` : ''}`,
    seconds: (performance.now() - started) / 1000,
    peakMiB: peakMiB(pid),
  };
}

async function serveSyslogCase(
  context: CaseContext,
  transport: 'udp' | 'tcp',
  batches: string[][],
  good: number,
  rejected: number,
): Promise<Measured> {
  const runner = await serveRunner(context.home, context.runners);
  const ports = runner.serve.syslog;
  if (!ports) return { ok: false, result: 'serve has no syslog listener', seconds: 0, peakMiB: Number.NaN };
  return measureServe(runner, async () => {
    const before = storeCounts(runner.database);
    if (transport === 'udp') for (const batch of batches) await sendUdp(ports.udp, batch);
    else await Promise.all(batches.map((batch) => sendTcp(ports.tcp, batch)));
    const stored = await waitUntil(() => {
      const now = storeCounts(runner.database);
      return now.events >= before.events + good && now.rejections.length >= before.rejections.length + rejected;
    }, 60_000);
    const after = storeCounts(runner.database);
    const rejections = after.rejections.slice(before.rejections.length);
    return {
      ok: stored && after.events - before.events === good && rejections.length === rejected,
      result: `${after.events - before.events}/${good} stored, ${rejections.length} rejected (${rejections[0]?.slice(0, 60) ?? '–'})`,
    };
  });
}

function incidentCount(path: string): number {
  try {
    const db = new Database(path, { readonly: true, fileMustExist: true });
    try {
      return (db.prepare('select count(*) as count from incidents').get() as { count: number }).count;
    } finally {
      db.close();
    }
  } catch {
    return -1;
  }
}
