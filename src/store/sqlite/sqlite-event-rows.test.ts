/**
 * Event rows across migration 0008 (the raw record in a column of its own): rows written before
 * it read back unchanged, rows written after keep the record byte for byte outside the body, and
 * migrating down folds every record back into its body.
 */
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import BetterSqlite3 from 'better-sqlite3';
import { Kysely, Migrator, SqliteDialect } from 'kysely';
import { afterAll, describe, expect, it } from 'vitest';
import { type Event, rememberRecordSnapshot, snapshotRecord } from '../../core/index.js';
import { migrationProvider } from '../migrations.js';
import { openStore } from '../open-store.js';
import { sampleEvent } from '../test-support/store-contract.js';

/** A record as an exporter writes it: Windows paths, a tab, CRLF inside a value, non-ASCII, spaces kept. */
const awkwardRaw =
  '{"Image":"C:\\\\Windows\\\\System32\\\\cmd.exe","CommandLine":"cmd /c \\"echo\\ttab\\"","Message":"line one\\r\\nline two é 漢字 \\ud83d\\ude00"}  ';

function eventWithRaw(id: string, raw: string): Event {
  return { ...sampleEvent(id), raw };
}

describe('event rows and migration 0008', () => {
  const folder = mkdtempSync(join(tmpdir(), 'vigil-event-rows-'));
  afterAll(() => rmSync(folder, { recursive: true, force: true }));

  it('stores a normalised JSON record as the changes to it, and reads back the same event', async () => {
    const store = await openStore(join(folder, 'plan.db'));
    const parsed = JSON.parse(awkwardRaw) as Record<string, unknown>;
    const snapshot = snapshotRecord(awkwardRaw, parsed);
    // As a normaliser does: values made canonical in place, aliases added.
    parsed.Image = 'c:\\windows\\system32\\cmd.exe';
    parsed.EventID = 1;
    const event: Event = {
      ...sampleEvent('planned'),
      fields: parsed,
      message: parsed.Message as string,
      raw: awkwardRaw,
    };
    rememberRecordSnapshot(event, snapshot);
    await store.insertEvents([event]);
    expect(await store.getEvents(['planned'])).toEqual([event]);
    await store.close();
    const reader = new BetterSqlite3(join(folder, 'plan.db'), { readonly: true });
    const { body } = reader.prepare("select body from events where id = 'planned'").get() as { body: string };
    reader.close();
    const stored = JSON.parse(body) as Record<string, unknown>;
    expect(stored).not.toHaveProperty('fields');
    expect(stored).not.toHaveProperty('message');
    expect(stored.fieldsPlan).toEqual([-1, ['Image', 'c:\\windows\\system32\\cmd.exe'], 2, ['EventID', 1]]);
    expect(stored.messageField).toBe('Message');
  });

  it('reads rows written before it, stores new records outside the body, and folds them back when migrated down', async () => {
    const path = join(folder, 'vigil.db');
    const connection = new BetterSqlite3(path);
    const database = new Kysely<unknown>({ dialect: new SqliteDialect({ database: connection }) });
    const migrator = new Migrator({ db: database, provider: migrationProvider });
    expect((await migrator.migrateTo('0007-case-entries')).error).toBeUndefined();
    // A row as every store before migration 0008 wrote it: the whole event, raw included, in the body.
    const old = eventWithRaw('old', awkwardRaw);
    connection
      .prepare('insert into events (id, timestamp, format, dataset, host, body) values (?, ?, ?, ?, ?, ?)')
      .run(old.id, old.timestamp, old.origin.format, 'Security', 'ws01', JSON.stringify(old));
    await database.destroy();

    const store = await openStore(path);
    const fresh = eventWithRaw('new', awkwardRaw);
    await store.insertEvents([fresh]);
    const byId = (events: Event[]) => [...events].sort((a, b) => a.id.localeCompare(b.id));
    expect(byId(await store.getEvents(['old', 'new']))).toEqual([fresh, old]);
    // Same time: listed by id.
    expect(await store.listEvents()).toEqual([fresh, old]);
    await store.close();

    const reader = new BetterSqlite3(path, { readonly: true });
    const rows = reader.prepare('select id, body, raw from events order by id').all() as {
      id: string;
      body: string;
      raw: string | null;
    }[];
    reader.close();
    expect(rows.map((row) => [row.id, row.raw])).toEqual([
      ['new', awkwardRaw],
      ['old', null],
    ]);
    expect(JSON.parse(rows[0]!.body)).not.toHaveProperty('raw');
    expect(rows[0]!.body.length).toBeLessThan(rows[1]!.body.length - awkwardRaw.length);

    const downConnection = new BetterSqlite3(path);
    const down = new Kysely<unknown>({ dialect: new SqliteDialect({ database: downConnection }) });
    // down to 0007, whatever migrations came after 0008
    expect(
      (await new Migrator({ db: down, provider: migrationProvider }).migrateTo('0007-case-entries')).error,
    ).toBeUndefined();
    const bodies = downConnection.prepare('select id, body from events order by id').all() as {
      id: string;
      body: string;
    }[];
    await down.destroy();
    expect(bodies.map((row) => JSON.parse(row.body))).toEqual([fresh, old]);
  });
});
