/**
 * Vigil's TAXII 2.1 server (the Fastify app `vigil serve` runs, on a real socket) driven by the
 * unmodified OASIS client, taxii2-client: every endpoint, the Bearer, Token and Basic schemes,
 * add_objects with a per-object failure, status, a body over 256 KiB, objects served as posted,
 * paging, filters, versions, manifest and delete; then a restart on the same database.
 * One python3 process runs the whole client script.
 */
import type { AddressInfo } from 'node:net';
import { afterAll, beforeAll, expect, it } from 'vitest';
import { describeWithPeers, peerScript, runPythonJson } from '../../test/peers/peers.js';
import { uuidV4From } from '../intel/index.js';
import { createApp } from './app.js';
import { type ApiFixture, createFixture, fixedNow } from './test-support/api-fixture.js';

interface Row {
  operation: string;
  ok: boolean;
  detail: string;
}

const indicator = (name: string, modified = '2024-03-01T00:00:00.000Z', description?: string) => ({
  type: 'indicator',
  spec_version: '2.1',
  id: `indicator--${uuidV4From(name)}`,
  created: '2024-03-01T00:00:00.000Z',
  modified,
  name: `third-party ${name}`,
  pattern: `[domain-name:value = '${name}.example.org']`,
  pattern_type: 'stix',
  valid_from: '2024-03-01T00:00:00Z',
  indicator_types: ['malicious-activity'],
  ...(description ? { description } : {}),
  x_partner_score: 7.5,
});

describeWithPeers('taxii2-client (OASIS) against vigil serve', () => {
  let fixture: ApiFixture;
  let discovery: string;
  const posted = ['c2-one', 'c2-two', 'c2-three', 'c2-four', 'c2-five', 'c2-six', 'c2-seven'].map((name) =>
    indicator(name),
  );
  const versioned = indicator('c2-versioned', '2024-04-01T00:00:00.000Z');
  const firstVersion = indicator('c2-versioned');

  beforeAll(async () => {
    fixture = await createFixture();
    await fixture.app.listen({ host: '127.0.0.1', port: 0 });
    discovery = `http://127.0.0.1:${(fixture.app.server.address() as AddressInfo).port}/taxii/taxii2/`;
  });
  afterAll(async () => fixture?.close());

  it('passes every operation of the OASIS client', async () => {
    const large = [...Array(300).keys()].map((index) => indicator(`bulk-${index}`, undefined, 'x'.repeat(1_000)));
    const rows = await runPythonJson<Row[]>(peerScript('taxii-client-check.py'), [], {
      discovery,
      collection: 'vigil-indicators',
      reader: { name: 'viewer', token: fixture.tokens.viewer },
      writer: { name: 'analyst', token: fixture.tokens.analyst },
      objects: [...posted, firstVersion, versioned],
      versioned: versioned.id,
      bad: { ...indicator('broken'), pattern: "[domain-name:value = 'broken.example" },
      large,
    });
    console.info(
      `[taxii2-client → vigil serve]\n${rows.map((row) => `${row.ok ? 'PASS' : 'FAIL'} | ${row.operation} | ${row.detail}`).join('\n')}`,
    );
    expect(rows.filter((row) => !row.ok)).toEqual([]);
    expect(rows.length).toBeGreaterThanOrEqual(25);
    // POSTed indicators reach the store, which every investigation's index reads
    const stored = new Set((await fixture.stores.store.listIndicators({ limit: 10_000 })).map((item) => item.id));
    expect(posted.every((item) => stored.has(item.id))).toBe(true);
  }, 120_000);

  it('keeps the collections across a restart on the same database', async () => {
    const again = await createApp({
      store: fixture.stores.store,
      tokens: fixture.stores.tokens,
      taxii: fixture.stores.taxii,
      clock: () => fixedNow,
      watchIntervalMs: 0,
    });
    const response = await again.inject({
      url: `/taxii/vigil/collections/vigil-indicators/objects/${posted[0]!.id}/`,
      headers: { accept: 'application/taxii+json;version=2.1', authorization: `Token ${fixture.tokens.viewer}` },
    });
    expect(response.statusCode).toBe(200);
    expect(response.headers['content-type']).toBe('application/taxii+json;version=2.1');
    expect(response.json().objects).toEqual([posted[0]]);
    await again.close();
  });
});
