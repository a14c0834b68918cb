import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { ExternalServiceError } from '../../core/index.js';
import { openStores, type Stores } from '../../store/index.js';
import { toNodeListener } from './node-http-adapter.js';
import { TaxiiClient } from './taxii-client.js';
import { TaxiiCollections } from './taxii-collections.js';
import { createTaxiiHandler } from './taxii-server.js';

const collectionId = '91a7b528-80eb-42ed-a74d-c6fbd5a26116';

function indicator(number: number, modified = '2024-01-01T00:00:00.000Z') {
  const suffix = String(number).padStart(12, '0');
  return {
    type: 'indicator',
    spec_version: '2.1',
    id: `indicator--00000000-0000-4000-8000-${suffix}`,
    created: '2024-01-01T00:00:00.000Z',
    modified,
    pattern: `[ipv4-addr:value = '198.51.100.${number}']`,
    pattern_type: 'stix',
    valid_from: '2024-01-01T00:00:00Z',
  };
}

describe('TAXII 2.1 client ↔ server on loopback', () => {
  let server: Server;
  let base: string;
  let clock = Date.parse('2024-06-01T00:00:00Z');
  let stores: Stores;

  beforeAll(async () => {
    stores = await openStores(':memory:');
    const store = new TaxiiCollections({ store: stores.taxii, now: () => new Date(clock) });
    await store.ensureCollection({
      id: collectionId,
      title: 'Vigil indicators',
      can_read: true,
      can_write: true,
      media_types: ['application/stix+json;version=2.1'],
    });
    server = createServer();
    await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
    base = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
    const handler = createTaxiiHandler({
      collections: store,
      baseUrl: base,
      pageSize: 10,
      authorize: (headers) =>
        headers.authorization === 'Bearer writer-token'
          ? { canRead: true, canWrite: true }
          : headers.authorization === 'Bearer reader-token'
            ? { canRead: true, canWrite: false }
            : undefined,
    });
    server.on('request', toNodeListener(handler));
  });

  afterAll(async () => {
    await new Promise<void>((resolve) => server.close(() => resolve()));
    await stores.close();
  });

  it('discovers, publishes, pages with next and polls with added_after', async () => {
    const writer = new TaxiiClient({ authentication: { kind: 'bearer', token: 'writer-token' }, retries: 0 });
    const discovery = await writer.discovery(base);
    const apiRootUrl = discovery.api_roots![0]!;
    expect((await writer.apiRoot(apiRootUrl)).versions).toEqual(['application/taxii+json;version=2.1']);
    const [collection] = await writer.collections(apiRootUrl);
    expect(collection).toMatchObject({ id: collectionId, can_write: true });
    const collectionUrl = `${apiRootUrl}collections/${collectionId}/`;

    const status = await writer.addObjects(
      collectionUrl,
      [...Array(25).keys()].map((number) => indicator(number + 1)),
    );
    expect(status).toMatchObject({ status: 'complete', total_count: 25, success_count: 25, failure_count: 0 });
    expect((await writer.status(apiRootUrl, status.id)).success_count).toBe(25);

    const pages = [];
    for await (const page of writer.allObjects(collectionUrl, { limit: 10 })) pages.push(page);
    expect(pages.map((page) => page.envelope.objects?.length)).toEqual([10, 10, 5]);
    expect(pages.map((page) => page.envelope.more)).toEqual([true, true, false]);
    expect(new Set(pages.flatMap((page) => page.envelope.objects!.map((object) => object.id))).size).toBe(25);
    expect(Date.parse(pages[0]!.dateAddedFirst!)).toBeLessThan(Date.parse(pages[2]!.dateAddedLast!));

    const reader = new TaxiiClient({ authentication: { kind: 'bearer', token: 'reader-token' }, retries: 0 });
    const firstPoll = await reader.poll(collectionUrl, {});
    expect(firstPoll.objects).toHaveLength(25);
    clock += 60_000;
    await writer.addObjects(collectionUrl, [indicator(26), indicator(27), indicator(3, '2024-02-01T00:00:00.000Z')]);
    const secondPoll = await reader.poll(collectionUrl, firstPoll.state);
    expect(secondPoll.objects.map((object) => object.id).sort()).toEqual(
      [indicator(3).id, indicator(26).id, indicator(27).id].sort(),
    );
    expect((await reader.poll(collectionUrl, secondPoll.state)).objects).toEqual([]);

    const manifest = await reader.manifest(collectionUrl, { match: { id: [indicator(3).id], version: ['all'] } });
    expect(manifest.objects?.map((entry) => entry.version)).toEqual([
      '2024-01-01T00:00:00.000Z',
      '2024-02-01T00:00:00.000Z',
    ]);
    const typed = await reader.objects(collectionUrl, { match: { type: ['malware'] } });
    expect(typed.envelope.objects ?? []).toEqual([]);
  });

  it('answers errors as TAXII error envelopes and refuses writes without permission', async () => {
    const reader = new TaxiiClient({ authentication: { kind: 'bearer', token: 'reader-token' }, retries: 0 });
    const collectionUrl = `${base}/vigil/collections/${collectionId}/`;
    await expect(reader.addObjects(collectionUrl, [indicator(99)])).rejects.toThrow(/403: Forbidden/);
    await expect(new TaxiiClient({ retries: 0 }).collections(`${base}/vigil/`)).rejects.toThrow(/401/);
    await expect(reader.collection(`${base}/vigil/collections/unknown/`)).rejects.toThrow(/404: Not Found/);
    await expect(reader.objects(collectionUrl, { next: 'garbage' })).rejects.toThrow(/400/);
  });

  it('retries server errors with back-off and rejects HTML answers', async () => {
    let calls = 0;
    const flaky = (async () => {
      calls += 1;
      return calls < 3
        ? new Response('busy', { status: 503 })
        : new Response(JSON.stringify({ collections: [] }), {
            headers: { 'content-type': 'application/taxii+json;version=2.1' },
          });
    }) as typeof fetch;
    const client = new TaxiiClient({ fetch: flaky, retries: 3, backoffMilliseconds: 1 });
    expect(await client.collections('https://taxii.example/api/')).toEqual([]);
    expect(calls).toBe(3);
    const html = (async () =>
      new Response('<html>login</html>', { headers: { 'content-type': 'text/html' } })) as typeof fetch;
    await expect(
      new TaxiiClient({ fetch: html, retries: 0 }).collections('https://taxii.example/api/'),
    ).rejects.toBeInstanceOf(ExternalServiceError);
    const hanging = ((_url: string, init?: RequestInit) =>
      new Promise((_resolve, reject) =>
        init?.signal?.addEventListener('abort', () => reject(init.signal?.reason)),
      )) as typeof fetch;
    const timeouts = new TaxiiClient({ fetch: hanging, retries: 1, timeoutMilliseconds: 20, backoffMilliseconds: 1 });
    await expect(timeouts.collections('https://taxii.example/api/')).rejects.toThrow(/failed after 2 attempts/);
  });
});
