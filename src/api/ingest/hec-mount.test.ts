import { mkdtempSync, readdirSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { indicatorSchema } from '../../core/index.js';
import { investigateWithStoredKnowledge, loadKnowledge } from '../../pipeline/index.js';
import { type ApiFixture, createFixture } from '../test-support/api-fixture.js';
import { createHecMount, type HecBatchOutcome } from './hec-mount.js';

const hecToken = '11111111-2222-3333-4444-555555555555';
let fixture: ApiFixture;
let spoolFolder: string;
const outcomes: (HecBatchOutcome | { error: string })[] = [];
let waiters: (() => void)[] = [];
const nextBatch = () => new Promise<void>((resolve) => waiters.push(resolve));

beforeAll(async () => {
  spoolFolder = mkdtempSync(join(tmpdir(), 'vigil-hec-'));
  const knowledge = await loadKnowledge({ rules: [], intel: [] });
  let stores: ApiFixture['stores'] | undefined;
  const mount = createHecMount({
    tokens: [hecToken],
    spoolFolder,
    investigate: async (file) => {
      const investigation = await investigateWithStoredKnowledge([file], knowledge, stores!, {
        format: 'splunk-json',
      });
      return { events: investigation.ingest.events, incidents: investigation.incidents.length };
    },
    onBatch: (outcome) => {
      outcomes.push(outcome);
      for (const resolve of waiters) resolve();
      waiters = [];
    },
  });
  fixture = await createFixture({ mounts: [mount] });
  stores = fixture.stores;
  // an analyst's indicator: the next investigation matches it
  await fixture.stores.store.upsertIndicators([
    indicatorSchema.parse({
      id: 'indicator--c2',
      type: 'ipv4-addr',
      value: '198.51.100.77',
      source: 'analyst:ana',
      confidence: 90,
    }),
  ]);
});
afterAll(() => fixture.close());

const post = (url: string, body: string, authorization = `Splunk ${hecToken}`) =>
  fixture.app.inject({
    method: 'POST',
    url,
    payload: body,
    headers: { authorization, 'content-type': 'application/json' },
  });

describe('HEC ingest on the API server', () => {
  it('refuses requests without a valid HEC token, and API tokens are not HEC tokens', async () => {
    const anonymous = await fixture.app.inject({
      method: 'POST',
      url: '/services/collector/event',
      payload: '{"event":"x"}',
    });
    expect(anonymous.json()).toEqual({ text: 'Token is required', code: 2 });
    expect((await post('/services/collector/event', '{"event":"x"}', 'Splunk nope')).statusCode).toBe(403);
    const apiToken = fixture.auth('admin').authorization.replace('Bearer ', 'Splunk ');
    expect((await post('/services/collector/event', '{"event":"x"}', apiToken)).statusCode).toBe(403);
    expect((await fixture.app.inject({ url: '/services/collector/health' })).json()).toMatchObject({ code: 17 });
  });

  it('investigates received events like a replay: an indicator hit becomes an incident', async () => {
    const before = await fixture.stores.store.countEvents();
    const envelopes = [
      {
        time: 1730804400,
        host: 'web-7',
        sourcetype: '_json',
        event: { action: 'connect', src_ip: '10.1.1.7', dest_ip: '198.51.100.77', dest_port: 443 },
      },
      { time: 1730804401, host: 'web-7', sourcetype: '_json', event: { action: 'heartbeat' } },
    ];
    const batch = nextBatch();
    const response = await post('/services/collector/event', envelopes.map((item) => JSON.stringify(item)).join(''));
    expect(response.json()).toEqual({ text: 'Success', code: 0 });
    await batch;
    expect(outcomes.at(-1)).toEqual({ events: 2, incidents: 1 });
    expect(await fixture.stores.store.countEvents()).toBe(before + 2);
    const incidents = await fixture.stores.store.listIncidents();
    expect(incidents.some((incident) => incident.entities.ips.includes('198.51.100.77'))).toBe(true);
    expect(readdirSync(spoolFolder)).toEqual([]);
    const metrics = (await fixture.app.inject({ url: '/metrics', headers: fixture.auth('viewer') })).body;
    expect(metrics).toContain('vigil_events_received_total{input="hec"} 2');
  });

  it('takes raw lines with metadata from the query string, keeping good lines beside bad ones', async () => {
    const batch = nextBatch();
    const response = await post(
      '/services/collector/raw?sourcetype=syslog&host=gw-1',
      '<34>Oct 11 22:14:15 gw-1 sshd[42]: Failed password for root from 203.0.113.50 port 22 ssh2\n',
    );
    expect(response.json()).toEqual({ text: 'Success', code: 0 });
    await batch;
    expect(outcomes.at(-1)).toMatchObject({ events: 1 });
    const events = (
      await fixture.app.inject({
        url: '/api/v1/events?q=Failed%20password',
        headers: fixture.auth('viewer'),
      })
    ).json().items;
    expect(events).toHaveLength(1);
    expect(events[0].origin.format).toBe('splunk-json');
  });
});
