/** The TAXII tables (migration 0006-taxii) on SQLite (a file, reopened) and PostgreSQL. */
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { describeWithServices } from '../../test/services/index.js';
import { openStores } from './open-store.js';
import type { Stores } from './stores.js';

const object = (n: number, modified = '2024-01-01T00:00:00.000Z') => ({
  id: `indicator--00000000-0000-4000-8000-${String(n).padStart(12, '0')}`,
  version: modified,
  type: n % 2 === 0 ? 'indicator' : 'malware',
  specVersion: '2.1',
  body: JSON.stringify({ id: n, modified, note: 'kept as received' }),
});

async function exercise(open: () => Promise<Stores>): Promise<void> {
  const now = new Date('2024-06-01T00:00:00.000Z');
  let stores = await open();
  await stores.taxii.saveCollection('feed', '{"id":"feed"}');
  const first = await stores.taxii.addObjects('feed', [object(1), object(2), object(3)], now);
  expect(first.every((item) => item.added)).toBe(true);
  const dates = first.map((item) => item.dateAdded);
  expect([...dates].sort()).toEqual(dates);
  expect(new Set(dates).size).toBe(3);
  const again = await stores.taxii.addObjects('feed', [object(2), object(2, '2024-02-01T00:00:00.000Z')], now);
  expect(again.map((item) => item.added)).toEqual([false, true]);
  await stores.taxii.saveStatus('s1', '{"id":"s1"}');
  await stores.close();

  stores = await open();
  expect(await stores.taxii.listCollections()).toEqual([{ id: 'feed', body: '{"id":"feed"}' }]);
  const all = await stores.taxii.listObjects('feed', {});
  expect(all).toHaveLength(4);
  expect(all[0]?.body).toBe(object(1).body);
  expect((await stores.taxii.listObjects('feed', { types: ['indicator'] })).map((item) => item.id)).toEqual([
    object(2).id,
    object(2).id,
  ]);
  expect(await stores.taxii.listObjects('feed', { addedAfter: dates[2]! })).toHaveLength(1);
  expect(await stores.taxii.listObjects('feed', { ids: [object(3).id], specVersions: ['2.0'] })).toEqual([]);
  expect(await stores.taxii.deleteObject('feed', object(2).id, ['2024-01-01T00:00:00.000Z'])).toBe(1);
  expect(await stores.taxii.deleteObject('feed', object(1).id)).toBe(1);
  expect(await stores.taxii.listObjects('feed', {})).toHaveLength(2);
  expect(await stores.taxii.getStatus('s1')).toBe('{"id":"s1"}');
  expect(await stores.taxii.getStatus('s2')).toBeUndefined();
  // a later add after a restart still gets a later date_added than everything before
  const later = await stores.taxii.addObjects('feed', [object(9)], new Date('2020-01-01T00:00:00.000Z'));
  expect(later[0]!.dateAdded > dates[2]!).toBe(true);
  await stores.close();
}

describe('SqlTaxiiStore on SQLite', () => {
  it('persists collections, object versions and statuses across a reopen', async () => {
    const folder = mkdtempSync(join(tmpdir(), 'vigil-taxii-store-'));
    try {
      await exercise(() => openStores(join(folder, 'vigil.db')));
    } finally {
      rmSync(folder, { recursive: true, force: true });
    }
  });
});

describeWithServices('SqlTaxiiStore on PostgreSQL', { postgres: true }, (services) => {
  it('persists collections, object versions and statuses across a reopen', async () => {
    const url = services().postgres.createDatabase('taxii');
    await exercise(() => openStores(url));
  }, 60_000);
});
