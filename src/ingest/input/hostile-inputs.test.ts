/** Hostile containers: symlink cycles, FIFOs, special files, zip slip, decompression bombs. */
import { execFileSync, spawn } from 'node:child_process';
import { mkdirSync, mkdtempSync, symlinkSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { gzipSync } from 'node:zlib';
import { describe, expect, it } from 'vitest';
import { makeZip } from '../../../test/make-zip.js';
import { collectAll } from '../collect-all.js';

const scratch = () => mkdtempSync(join(tmpdir(), 'vigil-hostile-'));
const syslog = (index: number) =>
  `<34>Oct 11 22:14:15 host-${index} sshd[42]: Failed password for root from 203.0.113.${index % 250} port 22`;
const lines = (from: number, count: number) =>
  Array.from({ length: count }, (_, index) => syslog(from + index)).join('\n');

describe('hostile inputs', () => {
  it('reads a folder with two `..` symlink cycles once and names the cycles (bound 10 s)', async () => {
    const root = scratch();
    mkdirSync(join(root, 'a', 'b'), { recursive: true });
    writeFileSync(join(root, 'a', 'one.log'), `${lines(0, 5)}\n`);
    symlinkSync('..', join(root, 'a', 'up'));
    symlinkSync('../..', join(root, 'a', 'b', 'up-twice'));
    const started = performance.now();
    const { events, rejected } = await collectAll([root]);
    expect(performance.now() - started).toBeLessThan(10_000);
    expect(events).toHaveLength(5);
    expect(rejected.map((item) => item.reason)).toContain('symbolic link cycle: already read, skipped');
  });

  it('reads a FIFO once, whole, and reports one inside a folder instead of blocking on it', async () => {
    const root = scratch();
    const fifo = join(root, 'pipe');
    execFileSync('mkfifo', [fifo]);
    const writer = spawn('sh', ['-c', `cat > '${fifo}'`], { stdio: ['pipe', 'ignore', 'ignore'] });
    writer.stdin.end(`${lines(0, 30)}\n`);
    const { events, rejected } = await collectAll([fifo]);
    expect(events).toHaveLength(30);
    expect(rejected).toEqual([]);
    const folder = scratch();
    execFileSync('mkfifo', [join(folder, 'pipe')]);
    writeFileSync(join(folder, 'good.log'), `${lines(0, 3)}\n`);
    const inFolder = await collectAll([folder]);
    expect(inFolder.events).toHaveLength(3);
    expect(inFolder.rejected).toEqual([
      { file: join(folder, 'pipe'), reason: 'not a regular file (FIFO, socket or device): skipped' },
    ]);
  });

  it('refuses a zip-slip member alone and keeps every later good member', async () => {
    const root = scratch();
    const archive = join(root, 'logs.zip');
    writeFileSync(
      archive,
      makeZip({
        'first.log': `${lines(0, 4)}\n`,
        '../../etc/evil.log': `${lines(100, 2)}\n`,
        'later.log': `${lines(10, 6)}\n`,
        '/abs.log': 'x\n',
      }),
    );
    const { events, rejected } = await collectAll([archive]);
    expect(events).toHaveLength(10);
    expect(rejected).toEqual([
      {
        file: `${archive}:../../etc/evil.log`,
        reason: expect.stringMatching(/^member refused: invalid relative path/),
      },
      { file: `${archive}:/abs.log`, reason: expect.stringMatching(/^member refused: absolute path/) },
    ]);
  });

  it('stops a decompression bomb at the quota with a reason naming the limit, keeping what came before', async () => {
    const root = scratch();
    const bomb = join(root, 'bomb.log.gz');
    writeFileSync(bomb, gzipSync(Buffer.from(`${lines(0, 200_000)}\n`)));
    const { events, rejected } = await collectAll([bomb], { limits: { maxDecompressedBytes: 1024 * 1024 } });
    expect(events.length).toBeGreaterThan(1000);
    expect(events.length).toBeLessThan(20_000);
    expect(rejected.at(-1)?.reason).toMatch(/decompresses to more than 1048576 bytes \(limit maxDecompressedBytes/);

    const many = join(root, 'many.zip');
    writeFileSync(
      many,
      makeZip(Object.fromEntries(Array.from({ length: 30 }, (_, index) => [`m${index}.log`, `${syslog(index)}\n`]))),
    );
    const limited = await collectAll([many], { limits: { maxMembers: 10 } });
    expect(limited.events).toHaveLength(10);
    expect(limited.rejected).toEqual([
      { file: many, reason: expect.stringContaining('more than 10 archive members (limit maxMembers') },
    ]);
  });
});
