import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import BetterSqlite3 from 'better-sqlite3';
import { afterAll, describe, expect, it } from 'vitest';
import { sampleArtifacts, sampleExplanation } from '../../core/test-support/sample-artifacts.js';
import { migrations } from '../migrations.js';
import { openStore, openStores } from '../open-store.js';
import type { IncidentArtifactsPatch } from '../store.js';
import { runLeaseContract } from '../test-support/run-lease-contract.js';
import { runStoreContract, sampleEvent, sampleIncident } from '../test-support/store-contract.js';
import { openSqliteConnection } from './open-sqlite-database.js';
import { SqliteStore } from './sqlite-store.js';

runStoreContract('sqlite in memory', () => openStore(':memory:'));
runLeaseContract('sqlite in memory', () => openStores(':memory:'));

describe('SQLite store on disk', () => {
  const folder = mkdtempSync(join(tmpdir(), 'vigil-store-'));
  afterAll(() => rmSync(folder, { recursive: true, force: true }));

  it('keeps every stage artifact while two connections merge into one incident at once', async () => {
    const path = join(folder, 'merge.db');
    const writers = [await openStore(path), await openStore(path)];
    await writers[0]!.saveIncident(sampleIncident('i1'), { correlation: sampleExplanation(3) });
    const values: Record<string, unknown> = sampleArtifacts('i1');
    const keys = Object.keys(values).filter((key) => key !== 'correlation');
    await Promise.all(
      writers.flatMap((writer, index) =>
        Array.from({ length: keys.length }, (_, merge) =>
          writer.mergeIncidentArtifacts('i1', {
            [keys[(index + merge) % keys.length]!]: values[keys[(index + merge) % keys.length]!],
          } as IncidentArtifactsPatch),
        ),
      ),
    );
    const found = await writers[1]!.getIncident('i1');
    expect(found?.artifacts).toEqual({ ...values, correlation: sampleExplanation(3) });
    for (const writer of writers) await writer.close();
  });

  it('uses WAL, survives reopening, and migrates only once', async () => {
    const path = join(folder, 'nested', 'vigil.db');
    const first = await openStore(path);
    await first.insertEvents([sampleEvent('e1')]);
    await first.close();
    const second = await openStore(path);
    expect(await second.insertEvents([sampleEvent('e1')])).toEqual({ stored: 0, duplicates: 1 });
    await second.close();
    const raw = new BetterSqlite3(path, { readonly: true });
    expect(raw.pragma('journal_mode', { simple: true })).toBe('wal');
    expect(raw.pragma('page_size', { simple: true })).toBe(16384);
    const applied = raw.prepare('select count(*) as count from kysely_migration').get() as { count: number };
    expect(applied.count).toBe(Object.keys(migrations).length);
    raw.close();
  });

  it('keeps the page size of a database created before, and full synchronisation after a replayable write', async () => {
    const path = join(folder, 'old-pages.db');
    const old = new BetterSqlite3(path);
    old.pragma('page_size = 4096');
    old.exec('create table placeholder (x)');
    old.close();
    const { database, connection } = await openSqliteConnection(path);
    const store = new SqliteStore(database, connection);
    expect(connection.pragma('synchronous', { simple: true })).toBe(2);
    await store.insertEvents([sampleEvent('e1'), sampleEvent('e2')], { durability: 'replayable' });
    expect(connection.pragma('synchronous', { simple: true })).toBe(2);
    expect(await store.countEvents()).toBe(2);
    await store.close();
    const raw = new BetterSqlite3(path, { readonly: true });
    expect(raw.pragma('page_size', { simple: true })).toBe(4096);
    raw.close();
  });

  it('detects an audit entry edited behind its back', async () => {
    const path = join(folder, 'audit.db');
    const store = await openStore(path);
    await store.appendAudit({
      actor: 'alice',
      action: 'incident-created',
      subject: { kind: 'incident', id: 'i1' },
      details: {},
    });
    await store.appendAudit({
      actor: 'alice',
      action: 'incident-closed',
      subject: { kind: 'incident', id: 'i1' },
      details: {},
    });
    const raw = new BetterSqlite3(path);
    raw.prepare("update audit_log set actor = 'mallory' where sequence = 0").run();
    raw.close();
    expect(await store.verifyAudit()).toEqual({ valid: false, entries: 2, brokenAt: 0 });
    await store.close();
  });

  it('detects a note or an assignment changed or added behind the audit chain', async () => {
    const path = join(folder, 'case.db');
    const store = await openStore(path);
    await store.appendAudit({
      actor: 'vigil',
      action: 'incident-created',
      subject: { kind: 'incident', id: 'i1' },
      details: {},
    });
    await store.recordCaseEntry({
      kind: 'note',
      id: 'n1',
      incidentId: 'i1',
      author: 'alice',
      at: '2024-05-01T11:00:00.000Z',
      text: 'isolate srv-file-02 after the copy',
    });
    expect(await store.verifyAudit()).toEqual({ valid: true, entries: 2 });
    const raw = new BetterSqlite3(path);
    const edited = JSON.stringify({
      kind: 'note',
      id: 'n1',
      incidentId: 'i1',
      author: 'alice',
      at: '2024-05-01T11:00:00.000Z',
      text: 'nothing to do here',
    });
    raw.prepare("update case_entries set body = ? where id = 'n1'").run(edited);
    const forged = JSON.stringify({
      kind: 'assignment',
      id: 'a9',
      incidentId: 'i1',
      author: 'alice',
      at: '2024-05-01T11:01:00.000Z',
      assignee: 'mallory',
    });
    raw
      .prepare(
        "insert into case_entries (id, incident_id, kind, created_at, body) values ('a9', 'i1', 'assignment', ?, ?)",
      )
      .run('2024-05-01T11:01:00.000Z', forged);
    raw.close();
    expect(await store.verifyAudit()).toEqual({ valid: false, entries: 2, caseEntriesWithoutEntry: ['a9', 'n1'] });
    await store.close();
  });
});
