import { afterEach, describe, expect, it } from 'vitest';
import { openRetrievalStore } from '../open-store.js';
import type { RetrievalStore } from '../retrieval-store.js';
import { ftsQueryOf } from '../sql-retrieval-store.js';

describe('SQLite retrieval store (FTS5, BM25)', () => {
  let store: RetrievalStore | undefined;
  afterEach(async () => {
    await store?.close();
  });

  async function seeded(): Promise<RetrievalStore> {
    store = await openRetrievalStore(':memory:');
    await store.indexDocuments([
      {
        id: 'attack-technique--T1003.001',
        kind: 'document',
        source: 'attack-technique',
        title: 'OS Credential Dumping: LSASS Memory',
        body: 'Adversaries may attempt to access credential material stored in the process memory of LSASS.',
        techniques: ['T1003.001'],
        entities: [],
      },
      {
        id: 'attack-technique--T1059.001',
        kind: 'document',
        source: 'attack-technique',
        title: 'Command and Scripting Interpreter: PowerShell',
        body: 'Adversaries may abuse PowerShell commands and scripts for execution.',
        techniques: ['T1059.001'],
        entities: [],
      },
      {
        id: 'incident--old',
        kind: 'incident',
        source: 'incident',
        title: 'Credential dumping on ws01',
        body: 'procdump accessed lsass memory on ws01; analyst confirmed',
        techniques: ['T1003.001'],
        entities: ['host:ws01', 'user:corp\\alice'],
        tactics: ['credential-access'],
        verdict: 'true-positive',
      },
    ]);
    return store;
  }

  it('ranks by BM25 and returns snippets, kinds and verdicts', async () => {
    const retrieval = await seeded();
    const hits = await retrieval.search({ text: 'lsass memory dump' });
    expect(hits.map((hit) => hit.id)).toContain('attack-technique--T1003.001');
    expect(hits[0]!.score).toBeGreaterThan(0);
    expect(hits.some((hit) => hit.id === 'attack-technique--T1059.001')).toBe(false);
    const incident = hits.find((hit) => hit.kind === 'incident');
    expect(incident).toMatchObject({ verdict: 'true-positive', tactics: ['credential-access'] });
  });

  it('filters by technique, entity, kind and excluded ids', async () => {
    const retrieval = await seeded();
    expect((await retrieval.search({ text: 'memory', techniques: ['T1059.001'] })).map((hit) => hit.id)).toEqual([]);
    expect((await retrieval.search({ text: '', entities: ['HOST:ws01'] })).map((hit) => hit.id)).toEqual([
      'incident--old',
    ]);
    const documents = await retrieval.search({ text: 'lsass', kinds: ['document'] });
    expect(documents.map((hit) => hit.id)).toEqual(['attack-technique--T1003.001']);
    expect(
      await retrieval.search({ text: 'lsass', excludeIds: ['incident--old', 'attack-technique--T1003.001'] }),
    ).toEqual([]);
  });

  it('replaces documents by id and counts them', async () => {
    const retrieval = await seeded();
    await retrieval.indexDocuments([
      {
        id: 'incident--old',
        kind: 'incident',
        source: 'incident',
        title: 'Benign admin tool',
        body: 'backup software',
        techniques: [],
        entities: [],
        verdict: 'benign',
      },
    ]);
    expect(await retrieval.countDocuments()).toBe(3);
    expect(await retrieval.countDocuments('incident')).toBe(1);
    expect(await retrieval.search({ text: 'procdump' })).toEqual([]);
    expect((await retrieval.search({ text: 'backup' }))[0]?.verdict).toBe('benign');
  });

  it('writes many documents in statements of several rows: an id given twice keeps the last, filters find each', async () => {
    store = await openRetrievalStore(':memory:');
    const documents = Array.from({ length: 450 }, (_, index) => ({
      id: `doc-${index % 430}`,
      kind: 'document' as const,
      source: 'attack-procedure',
      title: `procedure ${index}`,
      body: `word${index} shared text`,
      techniques: [`t${1000 + (index % 7)}`, `T${1000 + (index % 7)}`],
      entities: [`host:ws${index}`],
    }));
    expect(await store.indexDocuments(documents)).toBe(450);
    expect(await store.countDocuments()).toBe(430);
    // doc-5 was given as index 5 and again as 435: the later text replaced the earlier one
    expect((await store.search({ text: 'word435' })).map((hit) => hit.id)).toEqual(['doc-5']);
    expect(await store.search({ text: 'word5' })).toEqual([]);
    expect((await store.search({ text: '', entities: ['host:ws435'] })).map((hit) => hit.id)).toEqual(['doc-5']);
    expect(await store.search({ text: '', entities: ['host:ws5'] })).toEqual([]);
    const t1003 = await store.search({ text: 'shared', techniques: ['T1003'], limit: 100 });
    const last = new Map(documents.map((document) => [document.id, document]));
    const expected = [...last.values()].filter((document) => document.techniques[1] === 'T1003');
    expect(t1003.map((hit) => hit.id).sort()).toEqual(expected.map((document) => document.id).sort());
    expect(expected.length).toBeGreaterThan(50);
  });

  it('treats query text as words only, never as FTS syntax', () => {
    expect(ftsQueryOf('NEAR(a b) OR "x" title:* -- powershell powershell')).toBe('"near" OR "title" OR "powershell"');
    expect(ftsQueryOf('a ^ *')).toBe('');
  });
});
