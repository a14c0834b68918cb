import { describe, expect, it } from 'vitest';
import { describeWithServices } from '../../../test/services/index.js';
import { sampleArtifacts, sampleExplanation } from '../../core/test-support/sample-artifacts.js';
import { openStore } from '../open-store.js';
import type { IncidentArtifactsPatch } from '../store.js';
import { runLeaseContract } from '../test-support/run-lease-contract.js';
import { runStoreContract, sampleEvent, sampleIncident } from '../test-support/store-contract.js';
import { openPostgresRetrievalStore, openPostgresStores, redactLocation } from './open-postgres-stores.js';
import { postgresBranches, postgresMigrations } from './postgres-migrations.js';

describeWithServices('PostgreSQL store', { postgres: true }, (services) => {
  let databases = 0;
  const freshDatabase = () => services().postgres.createDatabase(`contract_${++databases}`);

  runStoreContract('postgres', () => openStore(freshDatabase()));
  runLeaseContract('postgres', () => openPostgresStores(freshDatabase()));

  it('runs every shared migration (with PostgreSQL branches) once, also when workers start together', async () => {
    const url = freshDatabase();
    const opened = await Promise.all([openPostgresStores(url), openPostgresStores(url), openPostgresStores(url)]);
    const [first] = opened;
    expect(await first!.store.insertEvents([sampleEvent('e1')])).toEqual({ stored: 1, duplicates: 0 });
    const secondStore = opened[1]!.store;
    expect(await secondStore.insertEvents([sampleEvent('e1')])).toEqual({ stored: 0, duplicates: 1 });
    for (const stores of opened) await stores.close();
    const reopened = await openPostgresStores(url);
    expect(await reopened.store.countEvents()).toBe(1);
    await reopened.close();
    expect(Object.keys(postgresMigrations)).toContain(Object.keys(postgresBranches)[0]);
  });

  it('searches the retrieval index with tsvector ranking and filters', async () => {
    const stores = await openPostgresStores(freshDatabase());
    await stores.retrieval.indexDocuments([
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
        entities: ['host:ws01'],
        tactics: ['credential-access'],
        verdict: 'true-positive',
      },
    ]);
    const hits = await stores.retrieval.search({ text: 'lsass memory dumping' });
    expect(hits.map((hit) => hit.id)).toContain('attack-technique--T1003.001');
    expect(hits.map((hit) => hit.id)).not.toContain('attack-technique--T1059.001');
    expect(hits[0]!.score).toBeGreaterThan(0);
    expect(hits.find((hit) => hit.kind === 'incident')).toMatchObject({
      verdict: 'true-positive',
      tactics: ['credential-access'],
    });
    expect((await stores.retrieval.search({ text: 'memory', techniques: ['T1059.001'] })).length).toBe(0);
    expect((await stores.retrieval.search({ text: '', entities: ['HOST:WS01'] })).map((hit) => hit.id)).toEqual([
      'incident--old',
    ]);
    expect(
      (await stores.retrieval.search({ text: 'lsass', excludeIds: ['incident--old'] })).map((hit) => hit.id),
    ).toEqual(['attack-technique--T1003.001']);
    // Query syntax in the text is data: it never reaches to_tsquery as operators.
    expect(await stores.retrieval.search({ text: "lsass' | !(&:* memory" })).not.toHaveLength(0);
    await stores.retrieval.indexDocuments([
      {
        id: 'incident--old',
        kind: 'incident',
        source: 'incident',
        title: 'renamed',
        body: 'nothing',
        techniques: [],
        entities: [],
      },
    ]);
    expect(await stores.retrieval.countDocuments('incident')).toBe(1);
    expect(await stores.retrieval.countDocuments()).toBe(3);
    await stores.close();
  });

  it('keeps runs, the step ledger, tokens and knowledge over the same pool', async () => {
    const stores = await openPostgresStores(freshDatabase());
    const entry = await stores.runs.markStepStarted('key-1', 'run-1', 'block');
    expect(entry.attempt).toBe(1);
    expect((await stores.runs.markStepStarted('key-1', 'run-1', 'block')).attempt).toBe(2);
    await stores.runs.markStepFinished('key-1', 'succeeded', { rule: 7 });
    expect(await stores.runs.getLedgerEntry('key-1')).toMatchObject({ status: 'succeeded', output: { rule: 7 } });
    await stores.tokens.createToken({
      id: 't1',
      name: 'console',
      role: 'analyst',
      secretHash: 'ab'.repeat(32),
      createdAt: '2024-05-01T10:00:00.000Z',
      createdBy: 'admin',
    });
    await expect(
      stores.tokens.createToken({
        id: 't1',
        name: 'again',
        role: 'viewer',
        secretHash: 'cd'.repeat(32),
        createdAt: '2024-05-01T10:00:00.000Z',
        createdBy: 'admin',
      }),
    ).rejects.toThrow(/already exists/);
    expect(await stores.tokens.revokeToken('t1', '2024-05-02T00:00:00.000Z')).toBe(true);
    expect(await stores.tokens.countActiveTokens()).toBe(0);
    expect(await stores.knowledge.sightingTotals()).toEqual(new Map());
    const context = (version: string) => ({ id: 'malware--1', type: 'malware', version, body: `{"v":"${version}"}` });
    expect(await stores.knowledge.saveIntelObjects([context('2024-02-01T00:00:00Z')])).toBe(1);
    expect(await stores.knowledge.saveIntelObjects([context('2024-01-01T00:00:00Z')])).toBe(0);
    expect((await stores.knowledge.listIntelObjects({ types: ['malware'] }))[0]?.version).toBe('2024-02-01T00:00:00Z');
    await stores.ping();
    await stores.close();
  });

  it('keeps one unbroken audit chain while several processes (pools) append at once', async () => {
    const url = freshDatabase();
    const writers = await Promise.all([openPostgresStores(url), openPostgresStores(url), openPostgresStores(url)]);
    await Promise.all(
      writers.flatMap((writer, index) =>
        Array.from({ length: 15 }, (_, entry) =>
          writer.store.appendAudit({
            actor: `writer-${index}`,
            action: 'test-entry',
            subject: { kind: 'run', id: `run-${entry}` },
            details: {},
          }),
        ),
      ),
    );
    expect(await writers[0]!.store.verifyAudit()).toEqual({ valid: true, entries: 45 });
    for (const writer of writers) await writer.close();
  });

  it('keeps every stage artifact while several processes (pools) merge into one incident at once', async () => {
    const url = freshDatabase();
    const writers = await Promise.all([openPostgresStores(url), openPostgresStores(url), openPostgresStores(url)]);
    await writers[0]!.store.saveIncident(sampleIncident('i1'), { correlation: sampleExplanation(3) });
    const values: Record<string, unknown> = sampleArtifacts('i1');
    const keys = Object.keys(values).filter((key) => key !== 'correlation');
    await Promise.all(
      writers.flatMap((writer, index) =>
        Array.from({ length: keys.length }, (_, merge) =>
          writer.store.mergeIncidentArtifacts('i1', {
            [keys[(index + merge) % keys.length]!]: values[keys[(index + merge) % keys.length]!],
          } as IncidentArtifactsPatch),
        ),
      ),
    );
    const found = await writers[1]!.store.getIncident('i1');
    expect(found?.artifacts).toEqual({ ...values, correlation: sampleExplanation(3) });
    for (const writer of writers) await writer.close();
  });

  it('opens the retrieval index alone over its own pool, closed with it', async () => {
    const retrieval = await openPostgresRetrievalStore(freshDatabase());
    expect(await retrieval.countDocuments()).toBe(0);
    await retrieval.close();
    await expect(retrieval.countDocuments()).rejects.toThrow();
  });
});

describe('PostgreSQL location handling', () => {
  it('never shows a password', () => {
    expect(redactLocation('postgres://vigil:s3cret@db:5432/vigil')).toBe('postgres://vigil:***@db:5432/vigil');
  });
});
