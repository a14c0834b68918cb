import { describe, expect, it } from 'vitest';
import { importMispDocument } from '../misp/import-misp.js';
import { importStixDocument } from './import-stix.js';

const uuid = (n: number) => `5f2b0c3e-0000-4000-8000-${String(n).padStart(12, '0')}`;

describe('intel values are validated at import, the rest is kept', () => {
  it('rejects an ip-dst of not-an-ip, an md5 of zzzz and a port of 70000 with their field, keeping the good attributes', () => {
    const event = {
      Event: {
        uuid: uuid(0),
        info: 'mixed event',
        Tag: [{ name: 'tlp:green' }, { name: 5 }, 'not-a-tag'],
        Attribute: [
          { uuid: uuid(1), type: 'ip-dst', value: 'not-an-ip', to_ids: true },
          { uuid: uuid(2), type: 'md5', value: 'zzzz', to_ids: true },
          { uuid: uuid(3), type: 'ip-dst|port', value: '198.51.100.9|70000', to_ids: true },
          { uuid: uuid(4), type: 'domain', value: 'bad domain.example', to_ids: true },
          { uuid: uuid(5), type: 'ip-dst', value: '198.51.100.7', to_ids: true, Tag: [{ colour: '#fff' }] },
          { uuid: uuid(6), type: 'md5', value: 'd41d8cd98f00b204e9800998ecf8427e', to_ids: true },
          { uuid: uuid(7), type: 'hostname', value: 'c2.example.org', to_ids: true },
        ],
      },
    };
    const result = importMispDocument(event, 'event.json');
    expect(result.indicators.map((indicator) => indicator.value)).toEqual([
      '198.51.100.7',
      'd41d8cd98f00b204e9800998ecf8427e',
      'c2.example.org',
    ]);
    expect(result.indicators.every((indicator) => indicator.tlp === 'green')).toBe(true);
    const byPosition = Object.fromEntries(result.rejected.map((rejection) => [rejection.position, rejection.reason]));
    expect(byPosition['Attribute[0].value']).toMatch(/ip-dst: "not-an-ip" is not an IP address/);
    expect(byPosition['Attribute[1].value']).toMatch(/md5: "zzzz" is not a md5 hash/);
    expect(byPosition['Attribute[2].value']).toMatch(/part 2 of ip-dst\|port: "70000" is not a port/);
    expect(byPosition['Attribute[3].value']).toMatch(/not a host or domain name/);
    expect(byPosition['Tag[1]']).toMatch(/ignored: name/);
    expect(byPosition['Tag[2]']).toMatch(/ignored/);
    expect(byPosition['Attribute[4].Tag[0]']).toMatch(/ignored: name/);
    expect(result.rejected).toHaveLength(7);
  });

  it('rejects a STIX indicator whose single value is not of its type, keeping the rest of the bundle', async () => {
    const indicator = (n: number, pattern: string) => ({
      type: 'indicator',
      spec_version: '2.1',
      id: `indicator--${uuid(n)}`,
      created: '2024-01-01T00:00:00.000Z',
      modified: '2024-01-01T00:00:00.000Z',
      pattern,
      pattern_type: 'stix',
      valid_from: '2024-01-01T00:00:00Z',
    });
    const bundle = {
      type: 'bundle',
      id: `bundle--${uuid(9)}`,
      objects: [
        indicator(1, "[ipv4-addr:value = 'not-an-ip']"),
        indicator(2, "[ipv4-addr:value = '203.0.113.5']"),
        indicator(3, "[domain-name:value = 'a..b']"),
      ],
    };
    const result = await importStixDocument([JSON.stringify(bundle)], 'bundle.json');
    expect(result.indicators.map((item) => item.value)).toEqual(['203.0.113.5']);
    expect(result.rejected.map((item) => item.objectId)).toEqual([`indicator--${uuid(1)}`, `indicator--${uuid(3)}`]);
    expect(result.rejected[0]?.reason).toMatch(/pattern: "not-an-ip" is not an IP address/);
  });
});
