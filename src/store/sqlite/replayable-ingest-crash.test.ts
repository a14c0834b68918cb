/**
 * What a crash during a `replayable` ingest (`vigil ingest` of files) can lose: a process killed
 * with SIGKILL part way leaves a sound database holding whole transactions only, and ingesting the
 * file again stores exactly the missing events, so the store ends as a clean ingest leaves it. (A
 * power loss can also drop the last commits, which are not flushed; the re-run restores those the
 * same way. That cannot be simulated here.)
 */
import { spawn } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import BetterSqlite3 from 'better-sqlite3';
import { afterAll, describe, expect, it } from 'vitest';
import { ingestIntoStore } from '../../pipeline/ingest/index.js';
import { openStore } from '../open-store.js';

const child = fileURLToPath(new URL('./__fixtures__/ingest-then-die.ts', import.meta.url));
const sample = fileURLToPath(new URL('../../ingest/__fixtures__/windows/nxlog-sysmon-security.jsonl', import.meta.url));

const runChild = (...arguments_: string[]) =>
  new Promise<{ signal: NodeJS.Signals | null; stdout: string }>((resolve) => {
    const process_ = spawn(process.execPath, ['--import', 'tsx', child, ...arguments_], {
      stdio: ['ignore', 'pipe', 'inherit'],
    });
    let stdout = '';
    process_.stdout.on('data', (chunk) => {
      stdout += chunk;
    });
    process_.on('close', (_code, signal) => resolve({ signal, stdout }));
  });

describe('a replayable ingest killed part way', () => {
  const folder = mkdtempSync(join(tmpdir(), 'vigil-crash-'));
  afterAll(() => rmSync(folder, { recursive: true, force: true }));

  it('keeps whole transactions only, and a re-run restores the rest exactly', async () => {
    // 400 Windows records (the sample's 7, each copy marked), with runs of identical lines, which
    // only their occurrence tells apart.
    const lines = readFileSync(sample, 'utf8').split('\n').filter(Boolean);
    const records: string[] = [];
    for (let copy = 0; records.length < 400; copy++)
      for (const line of lines) {
        const record = `${line.slice(0, -1)},"_copy":${Math.floor(copy / 2)}}`;
        records.push(record);
      }
    const file = join(folder, 'events.jsonl');
    writeFileSync(file, `${records.slice(0, 400).join('\n')}\n`);

    const crashed = join(folder, 'crashed.db');
    // Transactions of 60 KiB of records (3 batches of 50): killed when batch 5 of 8 is reported,
    // so batches 1 to 6 are stored (two transactions), 7 and 8 are not.
    const run = await runChild(crashed, file, String(60 * 1024), '5');
    expect(run.signal).toBe('SIGKILL');
    expect(run.stdout).toBe('');

    const raw = new BetterSqlite3(crashed);
    expect(raw.pragma('integrity_check', { simple: true })).toBe('ok');
    const kept = (raw.prepare('select count(*) as count from events').get() as { count: number }).count;
    raw.close();
    expect(kept).toBe(300);

    const again = await openStore(crashed);
    const summary = await ingestIntoStore([file], again, { durability: 'replayable' });
    expect(summary).toMatchObject({ events: 400, stored: 400 - kept, duplicates: kept, rejectedCount: 0 });
    const clean = await openStore(join(folder, 'clean.db'));
    expect((await ingestIntoStore([file], clean)).stored).toBe(400);
    const all = { limit: 1000 };
    const restored = await again.listEvents(all);
    expect(restored).toHaveLength(400);
    expect(restored).toEqual(await clean.listEvents(all));
    await again.close();
    await clean.close();
  });
});
