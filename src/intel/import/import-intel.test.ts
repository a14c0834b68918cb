import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';
import { InputInvalidError } from '../../core/index.js';
import { importIntel } from './import-intel.js';

const fixture = (name: string) => fileURLToPath(new URL(`../__fixtures__/${name}`, import.meta.url));

describe('importIntel', () => {
  it('imports a STIX bundle, keeps custom objects and rejects a broken pattern with its position', async () => {
    const result = await importIntel([fixture('small-bundle.json')]);
    expect(result.objects).toBe(5);
    expect(result.stixObjects.map((object) => object.type)).toContain('x-acme-widget');
    expect(result.stixObjects.find((object) => object.type === 'x-acme-widget')?.x_acme_colour).toBe('blue');
    expect(result.rejected).toHaveLength(1);
    expect(result.rejected[0]).toMatchObject({
      objectId: 'indicator--a1b2c3d4-0000-4000-8000-000000000003',
      position: 'objects[2]',
    });
    expect(result.rejected[0]?.reason).toMatch(/pattern position 28: expected '\]'/);
    const c2 = result.indicators.find((indicator) => indicator.id.endsWith('0001'));
    expect(c2).toMatchObject({
      type: 'ipv4-addr',
      value: '203.0.113.7',
      tlp: 'amber',
      confidence: 80,
      techniques: ['T1071'],
    });
    const compound = result.indicators.find((indicator) => indicator.id.endsWith('0002'));
    expect(compound?.value).toBeUndefined();
    expect(compound?.pattern).toContain('MATCHES');
  });

  it('fails the whole import in strict mode, naming the object', async () => {
    const attempt = importIntel([fixture('small-bundle.json')], { strict: true });
    await expect(attempt).rejects.toBeInstanceOf(InputInvalidError);
    await expect(attempt).rejects.toThrow(/indicator--a1b2c3d4-0000-4000-8000-000000000003/);
  });

  it('imports a MISP event: one indicator per to_ids attribute, tags, galaxies and sightings', async () => {
    const result = await importIntel([fixture('small-misp-event.json')]);
    expect(result.objects).toBe(6);
    expect(result.rejected).toEqual([]);
    expect(result.indicators.map((indicator) => indicator.id).sort()).toEqual([
      'indicator--5f1e0c2a-2222-4a4a-9b9b-000000000001',
      'indicator--5f1e0c2a-2222-4a4a-9b9b-000000000002',
      'indicator--5f1e0c2a-2222-4a4a-9b9b-000000000004',
      'indicator--5f1e0c2a-3333-4a4a-9b9b-000000000001',
    ]);
    const byId = new Map(
      result.indicators.map((indicator) => [
        indicator.id.replace('indicator--5f1e0c2a-2222-4a4a-9b9b-00000000000', ''),
        indicator,
      ]),
    );
    expect(byId.get('1')).toMatchObject({
      type: 'domain-name',
      value: 'phish.example.org',
      tlp: 'green',
      confidence: 85,
      techniques: ['T1566.002'],
    });
    expect(byId.get('2')).toMatchObject({ type: 'ipv4-addr', value: '198.51.100.23' });
    expect(byId.get('2')?.pattern).toBe(
      "[network-traffic:dst_ref.value = '198.51.100.23' AND network-traffic:dst_port = 443]",
    );
    expect(byId.get('4')?.tlp).toBe('amber');
    const file = result.indicators.find((indicator) => indicator.type === 'sha256');
    expect(file?.pattern).toBe(
      "[file:name = 'invoice.exe' AND file:hashes.'SHA-256' = '2c26b46b68ffc68ff99b453c1d30413413422d706483bfa0f98a5e886266e7ae']",
    );
    expect(file?.source).toBe('misp:Test CERT: Test phishing campaign');
    expect(result.sightings).toEqual([
      {
        indicatorId: 'indicator--5f1e0c2a-2222-4a4a-9b9b-000000000001',
        count: 1,
        lastSeen: '2024-05-01T11:40:00.000Z',
      },
    ]);
  });

  it('imports a plain IOC list, refanging values and reporting unrecognisable lines', async () => {
    const result = await importIntel([fixture('ioc-list.txt')]);
    expect(result.indicators.map((indicator) => [indicator.type, indicator.value])).toEqual([
      ['ipv4-addr', '203.0.113.99'],
      ['url', 'https://evil.example.com/payload'],
      ['domain-name', 'bad-domain.example.net'],
      ['md5', '44d88612fea8a8f36de82e1278abb02f'],
      ['ipv4-addr', '10.66.0.0/16'],
    ]);
    expect(result.rejected).toEqual([expect.objectContaining({ position: 'line 6' })]);
  });

  it('refuses a missing input (exit 2 in the CLI), and with requireIndicators an input holding none', async () => {
    await expect(importIntel([fixture('ioc-list.txt'), '/nonexistent/feed.json'])).rejects.toMatchObject({
      code: 'input-unreadable',
      message: 'cannot read /nonexistent/feed.json: no such file or directory',
    });
    const png = join(mkdtempSync(join(tmpdir(), 'vigil-intel-')), 'logo.png');
    writeFileSync(png, Buffer.from('89504e470d0a1a0a0000000d49484452000000010000000108060000001f15c489', 'hex'));
    const relaxed = await importIntel([png, fixture('ioc-list.txt')]);
    expect(relaxed.rejected[0]).toEqual({ source: png, reason: 'the file is binary, not threat intelligence' });
    expect(relaxed.indicators).toHaveLength(5);
    await expect(importIntel([png], { requireIndicators: true })).rejects.toThrow(
      `${png} holds no threat intelligence: the file is binary, not threat intelligence`,
    );
  });

  it('reads a MISP feed and a STIX bundle over HTTP through an injected fetch', async () => {
    const { readFile } = await import('node:fs/promises');
    const bundle = await readFile(fixture('small-bundle.json'), 'utf8');
    const fetchStub = (async (url: string | URL | Request) =>
      String(url).endsWith('bundle.json')
        ? new Response(bundle)
        : new Response('<html>gateway timeout</html>', { status: 200 })) as typeof fetch;
    const result = await importIntel(['https://intel.example/bundle.json', 'https://intel.example/list.txt'], {
      fetch: fetchStub,
    });
    expect(result.indicators.length).toBe(2);
    expect(result.rejected.map((rejection) => rejection.reason)).toContain('answered HTML, not threat intelligence');
  });
});
