import { fc, it as property } from '@fast-check/vitest';
import { describe, expect, it } from 'vitest';
import { extractObservables } from './observables.js';

describe('extractObservables', () => {
  property.prop([fc.ipV6()])('recognises every IPv6 address', (ip) => {
    expect(extractObservables({ fields: {}, source: { ip } })).toEqual([
      { type: 'ipv6-addr', value: ip, field: 'source.ip' },
    ]);
  });

  property.prop([fc.ipV4()])('recognises every IPv4 address, defanged or not', (ip) => {
    const expected = [{ type: 'ipv4-addr', value: ip, field: 'source.ip' }];
    expect(extractObservables({ fields: {}, source: { ip } })).toEqual(expected);
    expect(extractObservables({ fields: {}, source: { ip: ip.replaceAll('.', '[.]') } })).toEqual(expected);
  });

  it('keeps one observable per type and value, and skips placeholders and non-addresses', () => {
    const observables = extractObservables({
      fields: {},
      source: { ip: '192.0.2.1:', domain: 'Evil.Example.' },
      destination: { ip: '-', domain: 'evil.example' },
      freeText: ['seen 192.0.2.1 and hxxp://evil[.]example/x and 192.0.2.1 again'],
    });
    expect(observables).toEqual([
      { type: 'domain-name', value: 'evil.example', field: 'source.domain' },
      { type: 'url', value: 'http://evil.example/x', field: 'message' },
      { type: 'ipv4-addr', value: '192.0.2.1', field: 'message' },
    ]);
  });
});
