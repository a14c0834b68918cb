/**
 * Issue 3's bad-input promise on real data: shared corpus files with corruption injected at known
 * lines report exactly those lines, and every other line is still read.
 */
import { execFileSync } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { gunzipSync } from 'node:zlib';
import { afterAll, expect, it } from 'vitest';
import { describeWithShared, sharedPath } from '../../test/shared-data.js';
import { readEvents } from './index.js';

const folder = mkdtempSync(join(tmpdir(), 'vigil-corrupt-'));
afterAll(() => rmSync(folder, { recursive: true, force: true }));

/** Replaces the given 1-based lines with the corruption and writes the result; returns the line count. */
function corrupt(text: string, name: string, damage: Record<number, string>): { file: string; lines: number } {
  const lines = text.split('\n');
  if (lines.at(-1) === '') lines.pop();
  for (const [line, replacement] of Object.entries(damage)) lines[Number(line) - 1] = replacement;
  const file = join(folder, name);
  writeFileSync(file, `${lines.join('\n')}\n`);
  return { file, lines: lines.length };
}

async function readAll(file: string) {
  let events = 0;
  const rejected: { line?: number | undefined; reason: string }[] = [];
  for await (const batch of readEvents([file])) {
    events += batch.events.length;
    rejected.push(...batch.rejected);
  }
  return { events, rejectedLines: rejected.map((item) => item.line).sort((left, right) => (left ?? 0) - (right ?? 0)) };
}

const cutShort = (line: string) => line.slice(0, Math.floor(line.length / 2));
const oversized = `{"EventID":1,"CommandLine":"${'A'.repeat(2 * 1024 * 1024)}"}`;

describeWithShared('corruption injected into shared corpus files', () => {
  it('an OTRF Windows JSON log: truncated records, binary noise and a 2 MB line are reported by line', async () => {
    const archive = sharedPath(
      'otrf-security-datasets',
      'datasets',
      'atomic/windows/credential_access/host/psh_windows_vault_web_credentials.zip',
    );
    const text = execFileSync('unzip', ['-p', archive], { maxBuffer: 256 * 1024 * 1024 }).toString('utf8');
    const original = text.split('\n');
    const damage = {
      3: cutShort(original[2]!),
      10: '\u0000\u0001\u0002\u00ff binary noise \u0000',
      25: oversized,
      40: cutShort(original[39]!),
    };
    const { file, lines } = corrupt(text, 'windows.json', damage);
    const result = await readAll(file);
    expect(result.rejectedLines).toEqual([3, 10, 25, 40]);
    expect(result.events).toBe(lines - 4);
  });

  it('a Zeek TSV log: broken rows are reported, the header and the other rows are kept', async () => {
    const text = gunzipSync(readFileSync(sharedPath('zeek', 'zed-sample-data', 'zeek-default', 'ssh.log.gz'))).toString(
      'utf8',
    );
    const original = text.split('\n');
    const firstRow = original.findIndex((line) => !line.startsWith('#')) + 1;
    const damage = {
      [firstRow + 1]: 'only\ttwo',
      [firstRow + 5]: original[firstRow + 4]!.split('\t').slice(0, 3).join('\t'),
    };
    const { file } = corrupt(text, 'ssh.log', damage);
    const rows = original.filter((line) => line.length > 0 && !line.startsWith('#')).length;
    const result = await readAll(file);
    expect(result.rejectedLines).toEqual([firstRow + 1, firstRow + 5]);
    expect(result.events).toBe(rows - 2);
  });

  it('loghub syslog: a 2 MB line and NUL bytes are reported, the other 1,998 lines read', async () => {
    const text = readFileSync(sharedPath('syslog', 'loghub', 'OpenSSH', 'OpenSSH_2k.log'), 'utf8');
    const { file } = corrupt(text, 'openssh.log', { 100: 'A'.repeat(2 * 1024 * 1024), 1500: '\u0000\u0000\u0000' });
    const result = await readAll(file);
    expect(result.rejectedLines).toEqual([100, 1500]);
    expect(result.events).toBe(1998);
  });
});
