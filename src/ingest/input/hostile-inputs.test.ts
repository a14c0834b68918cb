/** Hostile containers: symlink cycles, FIFOs, special files, zip slip, decompression bombs. */
import { execFileSync, spawn } from 'node:child_process';
import { mkdirSync, mkdtempSync, symlinkSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { gzipSync } from 'node:zlib';
import { describe, expect, it } from 'vitest';
import { makeTar } from '../../../test/make-tar.js';
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

  it('refuses a zip-slip member, a symbolic link and a FIFO alone and keeps every later good member', async () => {
    const root = scratch();
    const archive = join(root, 'logs.zip');
    writeFileSync(
      archive,
      makeZip(
        {
          'first.log': `${lines(0, 4)}\n`,
          '../../etc/evil.log': `${lines(100, 2)}\n`,
          'later.log': `${lines(10, 6)}\n`,
          '/abs.log': 'x\n',
          'link.log': '/etc/shadow',
          'fifo.log': '',
          'last.log': `${lines(20, 1)}\n`,
        },
        { 'link.log': 0o120777, 'fifo.log': 0o010644, 'last.log': 0o100644 },
      ),
    );
    const { events, rejected } = await collectAll([archive]);
    expect(events).toHaveLength(11);
    expect(rejected).toEqual([
      {
        file: `${archive}:../../etc/evil.log`,
        reason: expect.stringMatching(/^member refused: invalid relative path/),
      },
      { file: `${archive}:/abs.log`, reason: expect.stringMatching(/^member refused: absolute path/) },
      {
        file: `${archive}:link.log`,
        reason: 'member refused: symbolic link, not a regular file (only regular files are read)',
      },
      { file: `${archive}:fifo.log`, reason: 'member refused: FIFO, not a regular file (only regular files are read)' },
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

describe('hostile tar archives', () => {
  it('refuses links, devices, FIFOs and escaping names by member, reading every good member around them', async () => {
    const root = scratch();
    const archive = join(root, 'logs.tar');
    writeFileSync(
      archive,
      makeTar([
        { name: 'first.log', content: `${lines(0, 3)}\n` },
        { name: '../../etc/cron.d/evil.log', content: `${lines(100, 2)}\n` },
        { name: '/var/log/abs.log', content: `${lines(200, 2)}\n` },
        { name: 'passwd.log', type: '2', linkName: '/etc/passwd' },
        { name: 'hard.log', type: '1', linkName: 'first.log' },
        { name: 'tty.log', type: '3' },
        { name: 'disk.log', type: '4' },
        { name: 'pipe.log', type: '6' },
        { name: 'sub/', type: '5' },
        { name: 'sub/later.log', content: `${lines(10, 4)}\n` },
      ]),
    );
    const { events, rejected } = await collectAll([archive]);
    expect(events.map((event) => event.origin.file)).toEqual([
      ...Array(3).fill(`${archive}:first.log`),
      ...Array(4).fill(`${archive}:sub/later.log`),
    ]);
    const refused = (kind: string) => `, not a regular file (only regular files are read)`.replace(/^/, kind);
    expect(rejected).toEqual([
      {
        file: `${archive}:../../etc/cron.d/evil.log`,
        reason: 'member refused: invalid relative path: ../../etc/cron.d/evil.log (a path outside the archive)',
      },
      {
        file: `${archive}:/var/log/abs.log`,
        reason: 'member refused: absolute path: /var/log/abs.log (a path outside the archive)',
      },
      { file: `${archive}:passwd.log`, reason: refused('member refused: symbolic link to "/etc/passwd"') },
      { file: `${archive}:hard.log`, reason: refused('member refused: hard link to "first.log"') },
      { file: `${archive}:tty.log`, reason: refused('member refused: character device') },
      { file: `${archive}:disk.log`, reason: refused('member refused: block device') },
      { file: `${archive}:pipe.log`, reason: refused('member refused: FIFO') },
    ]);
  });

  it('refuses the symbolic link and the `../` member of an archive written by GNU tar (gzip), keeping the rest', async () => {
    const root = scratch();
    mkdirSync(join(root, 'in', 'logs'), { recursive: true });
    writeFileSync(join(root, 'in', 'logs', 'a.log'), `${lines(0, 2)}\n`);
    writeFileSync(join(root, 'in', 'outside.log'), `${lines(50, 1)}\n`);
    symlinkSync('/etc/shadow', join(root, 'in', 'logs', 'shadow.log'));
    writeFileSync(join(root, 'in', 'logs', 'z.log'), `${lines(20, 3)}\n`);
    const archive = join(root, 'logs.tar.gz');
    // -P keeps the `../` GNU tar would strip, as a hostile archive has it.
    execFileSync('tar', [
      '-czPf',
      archive,
      '-C',
      join(root, 'in', 'logs'),
      'a.log',
      'shadow.log',
      '../outside.log',
      'z.log',
    ]);
    const { events, rejected } = await collectAll([archive]);
    expect(events).toHaveLength(5);
    expect(rejected.map((item) => [item.file, item.reason.replace(/ \(.*$/, '')])).toEqual([
      [`${archive}:shadow.log`, 'member refused: symbolic link to "/etc/shadow", not a regular file'],
      [`${archive}:../outside.log`, 'member refused: invalid relative path: ../outside.log'],
    ]);
  });

  it('counts refused members against the member quota and meters skipped entries against the volume quota', async () => {
    const root = scratch();
    const links = join(root, 'links.tar');
    writeFileSync(
      links,
      makeTar([
        ...Array.from({ length: 50 }, (_, index) => ({ name: `l${index}.log`, type: '2', linkName: '/etc/passwd' })),
        { name: 'good.log', content: `${lines(0, 1)}\n` },
      ]),
    );
    const limited = await collectAll([links], { limits: { maxMembers: 20 } });
    expect(limited.rejected).toHaveLength(21);
    expect(limited.rejected.at(-1)).toEqual({
      file: links,
      reason: 'input more than 20 archive members (limit maxMembers, --max-members); the rest of it is not read',
    });
    // A folder entry that claims 4 MiB of content: skipped, but its bytes are decompressed and counted.
    const padded = join(root, 'padded.tar.gz');
    writeFileSync(
      padded,
      gzipSync(
        makeTar([
          { name: 'big/', type: '5', content: 'x'.repeat(4 << 20) },
          { name: 'after.log', content: `${lines(0, 1)}\n` },
        ]),
      ),
    );
    const metered = await collectAll([padded], { limits: { maxDecompressedBytes: 1 << 20 } });
    expect(metered.events).toEqual([]);
    expect(metered.rejected.at(-1)?.reason).toMatch(
      /decompresses to more than 1048576 bytes \(limit maxDecompressedBytes/,
    );
  });
});
