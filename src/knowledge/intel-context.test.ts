/**
 * Relationships joined across TAXII polls: Vigil's TAXII 2.1 server over HTTP serves one
 * collection whose objects are added between polls; each poll is imported and stored as
 * `vigil intel watch` does (storeIntelImport), in both arrival orders. The intelligence is our
 * own: an indicator of a C2 domain, the loader it indicates, the intrusion set that uses the
 * loader (and its C2 technique), and the threat actor the set is attributed to.
 */
import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Indicator } from '../core/index.js';
import {
  createTaxiiHandler,
  importIntel,
  TaxiiCollections,
  type TaxiiPollState,
  toNodeListener,
} from '../intel/index.js';
import { openStores, type Stores } from '../store/index.js';
import { storeIntelImport } from './intel-context.js';

const time = '2025-05-01T00:00:00.000Z';
const common = { spec_version: '2.1', created: time, modified: time };
const id = (type: string, number: number) => `${type}--5b0e9a1c-0000-4000-8000-${String(number).padStart(12, '0')}`;
const indicator = {
  type: 'indicator',
  ...common,
  id: id('indicator', 1),
  name: 'Loader C2 domain',
  pattern: "[domain-name:value = 'update-cdn.example']",
  pattern_type: 'stix',
  valid_from: time,
};
const loader = { type: 'malware', ...common, id: id('malware', 2), name: 'Quillpen Loader', is_family: true };
const group = { type: 'intrusion-set', ...common, id: id('intrusion-set', 3), name: 'Paper Heron' };
const c2 = {
  type: 'attack-pattern',
  ...common,
  id: id('attack-pattern', 4),
  name: 'Web Protocols',
  external_references: [{ source_name: 'mitre-attack', external_id: 'T1071.001' }],
  kill_chain_phases: [{ kill_chain_name: 'mitre-attack', phase_name: 'command-and-control' }],
};
const actor = { type: 'threat-actor', ...common, id: id('threat-actor', 5), name: 'Heron Collective' };
const relationship = (number: number, source: { id: string }, type: string, target: { id: string }) => ({
  type: 'relationship',
  ...common,
  id: id('relationship', number),
  relationship_type: type,
  source_ref: source.id,
  target_ref: target.id,
});
const indicates = relationship(10, indicator, 'indicates', loader);
const groupUsesLoader = relationship(11, group, 'uses', loader);
const groupUsesC2 = relationship(12, group, 'uses', c2);
const groupOfActor = relationship(13, group, 'attributed-to', actor);

const collectionId = '5b0e9a1c-0000-4000-8000-00000000c011';

describe('threat-intelligence relationships joined across TAXII polls', () => {
  let server: Server;
  let base: string;
  let clock = Date.parse('2025-06-01T00:00:00Z');
  let feed: Stores;
  let collections: TaxiiCollections;
  let number = 0;

  beforeAll(async () => {
    feed = await openStores(':memory:');
    collections = new TaxiiCollections({ store: feed.taxii, now: () => new Date(clock) });
    server = createServer();
    await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
    base = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
    server.on(
      'request',
      toNodeListener(
        createTaxiiHandler({
          collections,
          baseUrl: base,
          pageSize: 3,
          authorize: (headers) =>
            headers.authorization === 'Bearer r' ? { canRead: true, canWrite: false } : undefined,
        }),
      ),
    );
  });
  afterAll(async () => {
    await new Promise<void>((resolve) => server.close(() => resolve()));
    await feed.close();
  });

  /** Polls a fresh collection once per batch (only what was added since), storing each poll in one store. */
  async function pollInTurn(batches: object[][]): Promise<{ indicator: Indicator | undefined; joined: number[] }> {
    const collection = collectionId.replace(/c011$/, `c${String(100 + number++)}`);
    await collections.ensureCollection({
      id: collection,
      title: 'feed',
      can_read: true,
      can_write: false,
      media_types: [],
    });
    const stores = await openStores(':memory:');
    const state: TaxiiPollState = {};
    const joined: number[] = [];
    try {
      for (const batch of batches) {
        clock += 60_000;
        await collections.addObjects(collection, batch);
        const result = await importIntel([`taxii+${base}/vigil/collections/${collection}/`], {
          taxii: { authentication: { kind: 'bearer', token: 'r' }, state },
        });
        expect(result.rejected).toEqual([]);
        // TAXII serves each object's newest version: an older one added after a newer is not served again.
        expect(result.stixObjects.length).toBeLessThanOrEqual(batch.length);
        joined.push((await storeIntelImport(stores, result)).joined);
      }
      const [stored] = await stores.store.getIndicators([indicator.id]);
      return { indicator: stored, joined };
    } finally {
      await stores.close();
    }
  }

  const attributionOf = (stored: Indicator | undefined) =>
    (stored?.attribution ?? []).map((entry) => [entry.kind, entry.name, entry.techniques ?? []]).sort();

  const expected = [
    ['intrusion-set', 'Paper Heron', ['T1071.001']],
    ['malware', 'Quillpen Loader', []],
    ['threat-actor', 'Heron Collective', []],
  ];

  it('attributes an indicator by relationships that arrive in later polls', async () => {
    const { indicator: stored, joined } = await pollInTurn([
      [indicator],
      [indicates, loader],
      [groupUsesLoader, group, groupUsesC2, c2],
      [groupOfActor, actor],
    ]);
    expect(attributionOf(stored)).toEqual(expected);
    // The earlier indicator was joined again at each poll that told more about it.
    expect(joined).toEqual([0, 1, 1, 1]);
    expect(stored?.value).toBe('update-cdn.example');
    expect(stored?.attribution?.find((entry) => entry.kind === 'intrusion-set')?.via).toMatch(
      /indicator indicates malware "Quillpen Loader".*intrusion-set "Paper Heron" uses malware/,
    );
  });

  it('attributes an indicator that arrives after its relationships, the same way', async () => {
    const { indicator: stored, joined } = await pollInTurn([
      [groupOfActor, actor, groupUsesC2, c2],
      [groupUsesLoader, group, indicates, loader],
      [indicator],
    ]);
    expect(attributionOf(stored)).toEqual(expected);
    expect(joined).toEqual([0, 0, 1]);
  });

  it('keeps the walk bounded: what is five hops away is not attributed', async () => {
    const sets = [1, 2, 3, 4].map((step) => ({
      type: 'intrusion-set',
      ...common,
      id: id('intrusion-set', 20 + step),
      name: `Set ${step}`,
    }));
    const chain = sets.map((set, step) =>
      relationship(30 + step, step === 0 ? group : sets[step - 1]!, 'attributed-to', set),
    );
    const { indicator: stored } = await pollInTurn([
      [indicator, indicates, loader],
      [groupUsesLoader, group],
      [...sets, ...chain],
    ]);
    const names = (stored?.attribution ?? []).map((entry) => entry.name);
    // indicator → loader (1) → group (2) → Set 1 (3) → Set 2 (4): Set 3 and Set 4 are beyond 4 hops.
    expect(names).toEqual(expect.arrayContaining(['Quillpen Loader', 'Paper Heron', 'Set 1', 'Set 2']));
    expect(names).not.toContain('Set 3');
    expect(names).not.toContain('Set 4');
  });

  const later = '2025-05-02T00:00:00.000Z';
  const indicatesRevoked = { ...indicates, modified: later, revoked: true };
  const otherMalware = { type: 'malware', ...common, id: id('malware', 6), name: 'Otter Stealer', is_family: true };
  const indicatesOther = { ...indicates, modified: later, target_ref: otherMalware.id };

  it('takes back an attribution when a later poll revokes the relationship that gave it', async () => {
    const { indicator: stored, joined } = await pollInTurn([
      [indicator, indicates, loader],
      [groupUsesLoader, group, groupUsesC2, c2],
      [indicatesRevoked],
    ]);
    expect(joined).toEqual([0, 1, 1]);
    expect(attributionOf(stored)).toEqual([]);
    expect(stored?.techniques).toEqual([]);
    expect(stored?.fromRelationships).toBeUndefined();
  });

  it('never attributes when the revocation arrives before the relationship it revokes', async () => {
    const { indicator: stored } = await pollInTurn([
      [indicatesRevoked],
      [groupUsesLoader, group, groupUsesC2, c2],
      [indicator, indicates, loader],
    ]);
    expect(attributionOf(stored)).toEqual([]);
  });

  it('follows a newer version of a relationship that points elsewhere, in both arrival orders', async () => {
    for (const batches of [
      [
        [indicator, indicates, loader, groupUsesLoader, group],
        [indicatesOther, otherMalware],
      ],
      [
        [indicatesOther, otherMalware],
        [indicator, indicates, loader, groupUsesLoader, group],
      ],
    ]) {
      const { indicator: stored } = await pollInTurn(batches);
      expect(attributionOf(stored)).toEqual([['malware', 'Otter Stealer', []]]);
    }
  });
});
