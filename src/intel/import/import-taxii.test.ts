import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { ExternalServiceError } from '../../core/index.js';
import { openStores, type Stores } from '../../store/index.js';
import { toNodeListener } from '../taxii/node-http-adapter.js';
import type { TaxiiPollState } from '../taxii/taxii-client.js';
import { TaxiiCollections } from '../taxii/taxii-collections.js';
import { createTaxiiHandler } from '../taxii/taxii-server.js';
import { importIntel } from './import-intel.js';

const collectionId = '6a1c2d3e-0000-4000-8000-00000000abcd';
const indicator = (number: number) => ({
  type: 'indicator',
  spec_version: '2.1',
  id: `indicator--6a1c2d3e-0000-4000-8000-${String(number).padStart(12, '0')}`,
  created: '2024-01-01T00:00:00.000Z',
  modified: '2024-01-01T00:00:00.000Z',
  pattern: `[domain-name:value = 'c2-${number}.example']`,
  pattern_type: 'stix',
  valid_from: '2024-01-01T00:00:00Z',
});

describe('importIntel from a taxii+http collection', () => {
  let server: Server;
  let collection: string;
  let clock = Date.parse('2024-06-01T00:00:00Z');
  let stores: Stores;
  let store: TaxiiCollections;

  beforeAll(async () => {
    stores = await openStores(':memory:');
    store = new TaxiiCollections({ store: stores.taxii, now: () => new Date(clock) });
    await store.ensureCollection({
      id: collectionId,
      title: 'feed',
      can_read: true,
      can_write: false,
      media_types: [],
    });
    server = createServer();
    await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
    const base = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
    server.on(
      'request',
      toNodeListener(
        createTaxiiHandler({
          collections: store,
          baseUrl: base,
          pageSize: 4,
          authorize: (headers) =>
            headers.authorization === 'Bearer reader' ? { canRead: true, canWrite: false } : undefined,
        }),
      ),
    );
    collection = `taxii+${base}/vigil/collections/${collectionId}/`;
  });
  afterAll(async () => {
    await new Promise<void>((resolve) => server.close(() => resolve()));
    await stores.close();
  });

  it('pulls every page, then only what was added since the last poll', async () => {
    await store.addObjects(collectionId, [1, 2, 3, 4, 5, 6].map(indicator));
    const state: TaxiiPollState = {};
    const first = await importIntel([collection], {
      taxii: { authentication: { kind: 'bearer', token: 'reader' }, state },
    });
    expect(first.rejected).toEqual([]);
    expect(first.indicators.map((item) => item.value).sort()).toEqual(
      [1, 2, 3, 4, 5, 6].map((number) => `c2-${number}.example`),
    );
    clock += 60_000;
    await store.addObjects(collectionId, [indicator(7)]);
    const second = await importIntel([collection], {
      taxii: { authentication: { kind: 'bearer', token: 'reader' }, state },
    });
    expect(second.indicators.map((item) => item.value)).toEqual(['c2-7.example']);
  });

  it('fails on refused credentials, naming the collection and the status (an exit code, not a silent rejection)', async () => {
    const attempt = importIntel([collection], { taxii: { authentication: { kind: 'bearer', token: 'wrong' } } });
    await expect(attempt).rejects.toBeInstanceOf(ExternalServiceError);
    await expect(attempt).rejects.toThrow(
      /collections\/6a1c2d3e-0000-4000-8000-00000000abcd\/objects\/.* answered 401/,
    );
    const kept = await importIntel([collection], {
      keepPartial: true,
      taxii: { authentication: { kind: 'bearer', token: 'wrong' } },
    });
    expect(kept.failures[0]?.message).toMatch(/401/);
    expect(kept.indicators).toEqual([]);
  });
});
