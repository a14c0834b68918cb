/**
 * Vigil's TAXII client against medallion, the OASIS TAXII 2.1 reference server (memory backend,
 * ../shared/peers): a collection of 23 objects paged 5 at a time (5 pages), a poll that fails
 * mid-way when the server is killed (the pages before are kept and the state points after them),
 * the same poll resumed after a restart, a publication with `addObjects`, and refused
 * credentials. Medallion starts once, and once more for the restart.
 */
import { mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, expect, it } from 'vitest';
import { describeWithPeers, startPython } from '../../../test/peers/peers.js';
import { freePort, waitFor } from '../../../test/services/free-port.js';
import { sharedPath } from '../../../test/shared-data.js';
import { ExternalServiceError } from '../../core/index.js';
import { uuidV4From } from '../stix/uuid-v5.js';
import { TaxiiClient } from './taxii-client.js';

const collectionId = '365fed99-08fa-fdcd-a1b3-fb247eb41d01';
const count = 23;

function indicator(index: number) {
  const time = new Date(Date.UTC(2024, 0, 1, 0, index)).toISOString();
  return {
    type: 'indicator',
    spec_version: '2.1',
    id: `indicator--${uuidV4From(`medallion-${index}`)}`,
    created: time,
    modified: time,
    pattern: `[ipv4-addr:value = '198.51.100.${index + 1}']`,
    pattern_type: 'stix',
    valid_from: time,
  };
}

describeWithPeers("Vigil's TAXII client against medallion", () => {
  let folder: string;
  let port: number;
  let base: string;
  let server: ReturnType<typeof startPython> | undefined;
  const objects = [...Array(count).keys()].map(indicator);

  const start = async () => {
    server = startPython([
      '-m',
      'medallion.scripts.run',
      '--host',
      '127.0.0.1',
      '--port',
      String(port),
      '--no-conf-dir',
      '-c',
      join(folder, 'config.json'),
    ]);
    await waitFor(
      async () =>
        (
          await fetch(`${base}/taxii2/`, {
            headers: {
              accept: 'application/taxii+json;version=2.1',
              authorization: `Basic ${Buffer.from('admin:Password0').toString('base64')}`,
            },
          })
        ).ok,
      20_000,
    );
  };
  const stop = () => {
    server?.kill('SIGKILL');
    server = undefined;
  };

  beforeAll(async () => {
    folder = mkdtempSync(join(tmpdir(), 'vigil-medallion-'));
    port = await freePort();
    base = `http://127.0.0.1:${port}`;
    const data = JSON.parse(
      readFileSync(
        sharedPath('stix-taxii', 'medallion-testdata', 'medallion', 'test', 'data', 'default_data.json'),
        'utf8',
      ).replaceAll('http://localhost:5000', base),
    );
    const collection = data.trustgroup1.collections.find((item: { id: string }) => item.id === collectionId);
    collection.objects = objects;
    collection.manifest = objects.map((object, index) => ({
      id: object.id,
      date_added: new Date(Date.UTC(2024, 5, 1, 0, 0, index)).toISOString().replace('Z', '000Z'),
      version: object.modified,
      media_type: 'application/stix+json;version=2.1',
    }));
    writeFileSync(join(folder, 'data.json'), JSON.stringify(data));
    writeFileSync(
      join(folder, 'config.json'),
      JSON.stringify({
        backend: { module_class: 'MemoryBackend', filename: join(folder, 'data.json') },
        users: { admin: 'Password0' },
        taxii: { max_page_size: 5 },
      }),
    );
    await start();
  }, 30_000);
  afterAll(stop);

  const collectionUrl = () => `${base}/trustgroup1/collections/${collectionId}/`;
  const client = (fetcher?: typeof fetch) =>
    new TaxiiClient({
      authentication: { kind: 'basic', username: 'admin', password: 'Password0' },
      retries: 1,
      backoffMilliseconds: 50,
      ...(fetcher ? { fetch: fetcher } : {}),
    });

  it('pages through more than three pages, always sending limit', async () => {
    const urls: string[] = [];
    const recording = ((url: string, init?: RequestInit) => {
      urls.push(String(url));
      return fetch(url, init);
    }) as typeof fetch;
    const result = await client(recording).poll(collectionUrl(), {}, { limit: 5 });
    expect(result.error).toBeUndefined();
    expect(result.pages).toBeGreaterThan(3);
    expect(result.objects.map((object) => object.id).sort()).toEqual(objects.map((object) => object.id).sort());
    expect(urls.every((url) => /[?&]limit=5/.test(url))).toBe(true);
    expect(urls.some((url) => /[?&]next=/.test(url))).toBe(true);
  }, 30_000);

  it('keeps the pages it had when the server dies mid-poll, and resumes from there after a restart', async () => {
    let objectRequests = 0;
    const killing = (async (url: string, init?: RequestInit) => {
      if (String(url).includes('/objects/')) {
        objectRequests += 1;
        if (objectRequests === 3) stop();
      }
      return fetch(url, init);
    }) as typeof fetch;
    const partial = await client(killing).poll(collectionUrl(), {}, { limit: 5 });
    expect(partial.error).toBeInstanceOf(ExternalServiceError);
    expect(partial.error?.message).toMatch(/failed after 2 attempts/);
    expect(partial.objects).toHaveLength(10);
    const position = partial.state[collectionUrl()];
    expect(position).toBeDefined();

    await start();
    const resumed = await client().poll(collectionUrl(), partial.state, { limit: 5 });
    expect(resumed.error).toBeUndefined();
    const all = [...partial.objects, ...resumed.objects].map((object) => object.id);
    expect(new Set(all).size).toBe(all.length);
    expect(all.sort()).toEqual(objects.map((object) => object.id).sort());
    expect((await client().poll(collectionUrl(), resumed.state, { limit: 5 })).objects).toEqual([]);
  }, 60_000);

  it('publishes with addObjects and reads the status; refused credentials fail with the status code', async () => {
    const extra = indicator(99);
    const status = await client().addObjects(collectionUrl(), [extra]);
    expect(status).toMatchObject({ total_count: 1, success_count: 1, failure_count: 0 });
    const page = await client().objects(collectionUrl(), { match: { id: [extra.id] } });
    expect(page.envelope.objects?.[0]).toMatchObject({ id: extra.id, pattern: extra.pattern });
    const wrong = new TaxiiClient({
      authentication: { kind: 'basic', username: 'admin', password: 'wrong' },
      retries: 0,
    });
    const refused = await wrong.poll(collectionUrl(), {});
    expect(refused.error?.statusCode).toBe(401);
    expect(refused.objects).toEqual([]);
  }, 30_000);
});
