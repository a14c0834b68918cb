import { createHash } from 'node:crypto';
import { mkdtempSync, readdirSync, readFileSync, rmSync, statSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import BetterSqlite3 from 'better-sqlite3';
import { afterEach, describe, expect, it } from 'vitest';
import type { Incident } from '../../core/index.js';
import type { AttackCatalog } from '../../detect/index.js';
import { openRetrievalStore, type RetrievalIndexImage, type RetrievalStore } from '../../store/index.js';
import type { ProcedureExample } from '../classifier/read-bundle-procedures.js';
import { openCachedAttackRetrieval, type RetrievalCacheOptions } from './retrieval-cache.js';
import { seedRetrieval } from './seed-retrieval.js';

type Technique = ReturnType<AttackCatalog['techniques']>[number];
const technique = (id: string, name: string, description: string) =>
  ({
    id,
    name,
    description,
    tactics: ['credential-access'],
    revoked: false,
    deprecated: false,
  }) as unknown as Technique;
const catalogOf = (lsassText: string) => ({
  techniques: () => [
    technique('T1003.001', 'LSASS Memory', lsassText),
    technique('T1059.001', 'PowerShell', 'Adversaries may abuse PowerShell commands and scripts for execution.'),
    technique('T1021.002', 'SMB/Windows Admin Shares', 'Adversaries may use valid accounts to reach admin shares.'),
  ],
});
const catalog = catalogOf('Adversaries may access credential material in the memory of LSASS.');
const procedures: ProcedureExample[] = [
  { text: 'used procdump to dump lsass memory', technique: 'T1003.001', actorId: 'G0001' },
  { text: 'ran encoded PowerShell downloaders', technique: 'T1059.001', actorId: 'G0002' },
  { text: 'copied tools to the ADMIN$ share of servers', technique: 'T1021.002', actorId: 'S0003' },
];
const pastIncident: Incident = {
  id: 'incident--past',
  title: 'Credential access on ws09.corp',
  severity: 'high',
  status: 'new',
  alertIds: ['a1'],
  eventIds: ['e1'],
  entities: { hosts: ['ws09.corp'], users: [], ips: [], domains: [], hashes: [], processes: [], files: [] },
  techniques: ['T1003.001'],
  tactics: ['credential-access'],
  stages: [],
  firstSeen: '2024-05-01T10:00:00.000Z',
  lastSeen: '2024-05-01T10:05:00.000Z',
  groupedBy: [],
};
const intelObjects = [
  {
    type: 'report',
    id: 'report--1',
    name: 'Procdump against LSASS',
    description: 'The actor dumped lsass with procdump and moved over admin shares.',
  },
];
const rest = { intelObjects, pastIncidents: [{ incident: pastIncident, verdict: 'true-positive' as const }] };

/** Every row of the index's tables, the write time (`updated_at`) left out. */
function rowsOf(image: Buffer) {
  const database = new BetterSqlite3(image);
  try {
    return {
      documents: database
        .prepare(
          'select rowid, id, kind, source, title, body, techniques, entities, tactics, verdict from retrieval_documents order by rowid',
        )
        .all(),
      techniques: database.prepare('select * from retrieval_techniques order by rowid').all(),
      entities: database.prepare('select * from retrieval_entities order by rowid').all(),
    };
  } finally {
    database.close();
  }
}

async function searches(retrieval: RetrievalStore) {
  return [
    await retrieval.search({ text: 'lsass procdump memory', limit: 20 }),
    await retrieval.search({ text: 'admin shares', kinds: ['document'], techniques: ['T1021.002'], limit: 20 }),
    await retrieval.search({ text: '', kinds: ['document'], sources: ['attack-technique'], techniques: ['T1003.001'] }),
  ];
}

describe('the retrieval-index cache', () => {
  const folders: string[] = [];
  const opened: RetrievalIndexImage[] = [];
  afterEach(async () => {
    for (const index of opened.splice(0)) await index.store.close();
    for (const folder of folders.splice(0)) rmSync(folder, { recursive: true, force: true });
  });
  const cacheFolder = (warnings: string[] = []): RetrievalCacheOptions => {
    const folder = mkdtempSync(join(tmpdir(), 'vigil-retrieval-cache-'));
    folders.push(folder);
    return { folder, warn: (message) => warnings.push(message), fingerprint: 'test-code' };
  };
  const open = async (cache: RetrievalCacheOptions, attack = catalog) => {
    const index = await openCachedAttackRetrieval({ attack, procedures }, cache);
    opened.push(index);
    return index;
  };
  const entries = (cache: RetrievalCacheOptions) =>
    readdirSync(cache.folder).filter((name) => name.endsWith('.sqlite'));
  const entryPath = (cache: RetrievalCacheOptions) => join(cache.folder, entries(cache)[0]!);

  it('gives, filled and from the entry, the index seeded from nothing, row for row, with the same hits', async () => {
    const fresh = await openRetrievalStore(':memory:');
    try {
      await seedRetrieval(fresh, { attack: catalog, procedures, ...rest });
      const expected = await searches(fresh);
      expect(expected[0]!.length).toBeGreaterThanOrEqual(3);
      // The three technique and three procedure texts, the report and the past incident.
      expect(await fresh.countDocuments()).toBe(8);
      const warnings: string[] = [];
      const cache = cacheFolder(warnings);
      const filling = await open(cache);
      await seedRetrieval(filling.store, { attack: catalog, procedures, ...rest });
      expect(entries(cache)).toHaveLength(1);
      const inode = statSync(entryPath(cache)).ino;
      const reading = await open(cache);
      await seedRetrieval(reading.store, { attack: catalog, procedures, ...rest });
      expect(statSync(entryPath(cache)).ino).toBe(inode);
      expect(warnings).toEqual([]);
      const reference = await openCachedAttackRetrieval({ attack: catalog, procedures }, undefined);
      opened.push(reference);
      await seedRetrieval(reference.store, { attack: catalog, procedures, ...rest });
      for (const index of [filling, reading]) {
        expect(rowsOf(index.image())).toEqual(rowsOf(reference.image()));
        expect(await searches(index.store)).toEqual(expected);
      }
    } finally {
      await fresh.close();
    }
  });

  it('is a different entry when a document changes', async () => {
    const cache = cacheFolder();
    await open(cache);
    const changed = await open(cache, catalogOf('Adversaries may read mimikatz sekurlsa output from LSASS.'));
    expect(entries(cache)).toHaveLength(2);
    expect((await changed.store.search({ text: 'sekurlsa' })).map((hit) => hit.id)).toEqual([
      'attack-technique--T1003.001',
    ]);
  });

  it('is a different entry when the code that writes the index changes', async () => {
    const cache = cacheFolder();
    await open(cache);
    await open({ ...cache, fingerprint: 'other-code' });
    expect(entries(cache)).toHaveLength(2);
  });

  it('rebuilds, with a warning, an entry whose bytes changed', async () => {
    const warnings: string[] = [];
    const cache = cacheFolder(warnings);
    await open(cache);
    const path = entryPath(cache);
    const bytes = readFileSync(path);
    bytes[bytes.length - 100]! ^= 0xff;
    writeFileSync(path, bytes);
    const rebuilt = await open(cache);
    expect(warnings).toEqual([expect.stringContaining('checksum mismatch')]);
    expect(await rebuilt.store.countDocuments()).toBe(6);
    expect(readFileSync(path).equals(bytes)).toBe(false);
  });

  it('rebuilds, with a warning, a forged entry whose checksum passes but whose index is not the one expected', async () => {
    const warnings: string[] = [];
    const cache = cacheFolder(warnings);
    await open(cache);
    const path = entryPath(cache);
    const bytes = readFileSync(path);
    const newline = bytes.indexOf(0x0a);
    const header = JSON.parse(bytes.toString('utf8', 0, newline)) as { checksum: string };
    // Another index (one technique text fewer) put under this key, its checksum made to match.
    const other = await openCachedAttackRetrieval(
      { attack: { techniques: () => catalog.techniques().slice(1) }, procedures },
      undefined,
    );
    opened.push(other);
    await seedRetrieval(other.store, { attack: { techniques: () => catalog.techniques().slice(1) }, procedures });
    const body = other.image();
    header.checksum = createHash('sha256').update(body).digest('hex');
    writeFileSync(path, Buffer.concat([Buffer.from(`${JSON.stringify(header)}\n`), body]));
    const rebuilt = await open(cache);
    expect(warnings).toEqual([expect.stringContaining('5 documents, not 6')]);
    expect(await rebuilt.store.countDocuments()).toBe(6);
    // A body that is no SQLite image at all, checksum matching too.
    const junk = Buffer.from('not a database, but long enough to look like one '.repeat(100));
    header.checksum = createHash('sha256').update(junk).digest('hex');
    writeFileSync(path, Buffer.concat([Buffer.from(`${JSON.stringify(header)}\n`), junk]));
    warnings.length = 0;
    expect(await (await open(cache)).store.countDocuments()).toBe(6);
    expect(warnings).toEqual([expect.stringContaining('unusable')]);
  });

  it('leaves one whole entry when two writers fill it at once, which the next open reads', async () => {
    const warnings: string[] = [];
    const cache = cacheFolder(warnings);
    await Promise.all([open(cache), open(cache)]);
    expect(readdirSync(cache.folder)).toHaveLength(1);
    const inode = statSync(entryPath(cache)).ino;
    expect(await (await open(cache)).store.countDocuments()).toBe(6);
    expect(statSync(entryPath(cache)).ino).toBe(inode);
    expect(warnings).toEqual([]);
  });
});
