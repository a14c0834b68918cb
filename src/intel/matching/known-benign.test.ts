import { describe, expect, it } from 'vitest';
import { publicDnsResolvers } from './known-benign.js';

describe('the built-in known-benign resolvers', () => {
  it('types all fifteen resolver addresses, five of them IPv6', () => {
    expect(publicDnsResolvers).toHaveLength(15);
    expect(publicDnsResolvers.filter((entry) => entry.type === 'ipv6-addr').map((entry) => entry.value)).toEqual([
      '2001:4860:4860::8888',
      '2001:4860:4860::8844',
      '2606:4700:4700::1111',
      '2606:4700:4700::1001',
      '2620:fe::fe',
    ]);
  });
});
