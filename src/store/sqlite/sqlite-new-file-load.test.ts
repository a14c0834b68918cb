/**
 * A first load of replayable events into a database file this process created runs with a
 * rollback journal (no WAL file while it runs) and leaves the file in WAL mode, flushed, with full
 * synchronisation; an existing file, a synced load and a second load keep WAL throughout.
 */
import { existsSync, mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import BetterSqlite3 from 'better-sqlite3';
import { afterAll, describe, expect, it } from 'vitest';
import { ingestIntoStore } from '../../pipeline/ingest/index.js';
import { openStore } from '../open-store.js';
import { sampleEvent, sampleIncident } from '../test-support/store-contract.js';
import { openSqliteConnection } from './open-sqlite-database.js';
import { SqliteStore } from './sqlite-store.js';

const sample = fileURLToPath(new URL('../../ingest/__fixtures__/windows/nxlog-sysmon-security.jsonl', import.meta.url));

describe('loading replayable events into a new SQLite file', () => {
  const folder = mkdtempSync(join(tmpdir(), 'vigil-new-file-'));
  afterAll(() => rmSync(folder, { recursive: true, force: true }));

  const journalOf = (path: string) => {
    const raw = new BetterSqlite3(path, { readonly: true });
    const mode = raw.pragma('journal_mode', { simple: true });
    const check = raw.pragma('integrity_check', { simple: true });
    raw.close();
    return { mode, check };
  };

  it('writes without a WAL file while loading, then is back in WAL mode with full synchronisation', async () => {
    const path = join(folder, 'new.db');
    const { database, connection, created } = await openSqliteConnection(path);
    expect(created).toBe(true);
    const store = new SqliteStore(database, connection, { created });
    const during = await store.loadReplayableEvents(async () => {
      await store.insertEvents([sampleEvent('e1'), sampleEvent('e2')], { durability: 'replayable' });
      // A synced write inside the load is committed fully synchronised; the load's setting returns.
      await store.insertEvents([sampleEvent('e3')]);
      return {
        wal: existsSync(`${path}-wal`),
        journal: connection.pragma('journal_mode', { simple: true }),
        synchronous: connection.pragma('synchronous', { simple: true }),
      };
    });
    expect(during).toEqual({ wal: false, journal: 'delete', synchronous: 0 });
    expect(connection.pragma('journal_mode', { simple: true })).toBe('wal');
    expect(connection.pragma('synchronous', { simple: true })).toBe(2);
    // A second load into the same file is an ordinary WAL load.
    const second = await store.loadReplayableEvents(async () => {
      await store.insertEvents([sampleEvent('e4')], { durability: 'replayable' });
      return connection.pragma('journal_mode', { simple: true });
    });
    expect(second).toBe('wal');
    await store.saveIncident(sampleIncident('i1'));
    expect(await store.countEvents()).toBe(4);
    await store.close();
    expect(journalOf(path)).toEqual({ mode: 'wal', check: 'ok' });
  });

  it('keeps WAL for an existing file, for a synced ingest, and restores it when the load throws', async () => {
    const path = join(folder, 'existing.db');
    await (await openStore(path)).close();
    const existing = await openStore(path);
    const seen: boolean[] = [];
    await ingestIntoStore([sample], existing, {
      durability: 'replayable',
      onStored: () => seen.push(existsSync(`${path}-wal`)),
    });
    await existing.close();
    expect(seen).toEqual([true]);

    const syncedPath = join(folder, 'synced.db');
    const synced = await openStore(syncedPath);
    const syncedSeen: boolean[] = [];
    await ingestIntoStore([sample], synced, { onStored: () => syncedSeen.push(existsSync(`${syncedPath}-wal`)) });
    await synced.close();
    expect(syncedSeen.every(Boolean)).toBe(true);

    const failedPath = join(folder, 'failed.db');
    const failed = await openStore(failedPath);
    await expect(
      failed.loadReplayableEvents(async () => {
        await failed.insertEvents([sampleEvent('e1')], { durability: 'replayable' });
        throw new Error('read failed');
      }),
    ).rejects.toThrow('read failed');
    await failed.saveIncident(sampleIncident('i1'));
    expect(existsSync(`${failedPath}-wal`)).toBe(true);
    await failed.close();
    expect(journalOf(failedPath)).toEqual({ mode: 'wal', check: 'ok' });
  });

  it('is what vigil ingest of files into a new database does', async () => {
    const path = join(folder, 'ingest.db');
    const store = await openStore(path);
    const seen: boolean[] = [];
    const summary = await ingestIntoStore([sample], store, {
      durability: 'replayable',
      onStored: () => seen.push(existsSync(`${path}-wal`)),
    });
    await store.close();
    expect(summary.stored).toBe(summary.events);
    expect(seen).toEqual([false]);
    expect(journalOf(path)).toEqual({ mode: 'wal', check: 'ok' });
  });
});
