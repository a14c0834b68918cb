/**
 * Migration 0010 (the incidents' status index): a database at 0009 with incidents migrates and
 * counts them as before, the count reads the index, and migrating down drops only the index.
 */
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import BetterSqlite3 from 'better-sqlite3';
import { Kysely, Migrator, SqliteDialect } from 'kysely';
import { afterAll, describe, expect, it } from 'vitest';
import { migrationProvider } from '../migrations.js';
import { openStore } from '../open-store.js';
import { sampleIncident } from '../test-support/store-contract.js';

describe('migration 0010: incidents by status', () => {
  const folder = mkdtempSync(join(tmpdir(), 'vigil-incident-status-'));
  afterAll(() => rmSync(folder, { recursive: true, force: true }));

  it('keeps a 0009 database readable, counts by status through the index, and migrates down', async () => {
    const path = join(folder, 'vigil.db');
    const open = () => {
      const connection = new BetterSqlite3(path);
      const database = new Kysely<unknown>({ dialect: new SqliteDialect({ database: connection }) });
      return { connection, database, migrator: new Migrator({ db: database, provider: migrationProvider }) };
    };
    const old = open();
    expect((await old.migrator.migrateTo('0009-intel-context')).error).toBeUndefined();
    await old.database.destroy();
    const before = await openStore(path);
    await before.saveIncident(sampleIncident('i1'));
    await before.saveIncident({ ...sampleIncident('i2'), status: 'closed' });
    await before.close();
    // openStore migrated it to 0010; the incidents written before read back and count as before.
    const after = await openStore(path);
    await after.saveIncident({ ...sampleIncident('i3'), status: 'closed' });
    expect(await after.countIncidentsByStatus()).toEqual({ new: 1, closed: 2 });
    expect((await after.listIncidents()).map((incident) => incident.id).sort()).toEqual(['i1', 'i2', 'i3']);
    await after.close();
    const reader = new BetterSqlite3(path, { readonly: true });
    const plan = reader.prepare('explain query plan select status, count(*) from incidents group by status').all() as {
      detail: string;
    }[];
    reader.close();
    expect(plan.map((step) => step.detail).join(' ')).toContain('incidents_status');
    const down = open();
    expect((await down.migrator.migrateTo('0009-intel-context')).error).toBeUndefined();
    const indexes = down.connection
      .prepare("select name from sqlite_master where type = 'index' and tbl_name = 'incidents'")
      .all() as { name: string }[];
    expect(indexes.map((index) => index.name)).not.toContain('incidents_status');
    expect(down.connection.prepare('select count(*) as count from incidents').get()).toEqual({ count: 3 });
    await down.database.destroy();
  });
});
