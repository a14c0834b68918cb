import { addressType, type ObservableType } from '../../core/index.js';

/** A value that must never fire an indicator (public resolvers, CDN ranges, a user's allow-list). */
export interface BenignValue {
  type: ObservableType;
  /** Address, CIDR network, domain (subdomains included) or exact value. */
  value: string;
  reason: string;
}

/** Public DNS resolvers: traffic to them is normal, so feeds that list them must not fire. */
export const publicDnsResolvers: readonly BenignValue[] = [
  ['8.8.8.8', 'Google Public DNS'],
  ['8.8.4.4', 'Google Public DNS'],
  ['2001:4860:4860::8888', 'Google Public DNS'],
  ['2001:4860:4860::8844', 'Google Public DNS'],
  ['1.1.1.1', 'Cloudflare DNS'],
  ['1.0.0.1', 'Cloudflare DNS'],
  ['2606:4700:4700::1111', 'Cloudflare DNS'],
  ['2606:4700:4700::1001', 'Cloudflare DNS'],
  ['9.9.9.9', 'Quad9'],
  ['149.112.112.112', 'Quad9'],
  ['2620:fe::fe', 'Quad9'],
  ['208.67.222.222', 'OpenDNS'],
  ['208.67.220.220', 'OpenDNS'],
  ['94.140.14.14', 'AdGuard DNS'],
  ['94.140.15.15', 'AdGuard DNS'],
].flatMap(([value = '', name]) => {
  const type = addressType(value);
  return type ? [{ type, value, reason: `public DNS resolver (${name})` }] : [];
});

/** Addresses that are never meaningful as indicators: loopback, unspecified, link-local, broadcast. */
export const reservedAddresses: readonly BenignValue[] = [
  { type: 'ipv4-addr', value: '127.0.0.0/8', reason: 'loopback' },
  { type: 'ipv4-addr', value: '0.0.0.0/32', reason: 'unspecified address' },
  { type: 'ipv4-addr', value: '255.255.255.255/32', reason: 'broadcast' },
  { type: 'ipv4-addr', value: '169.254.0.0/16', reason: 'link-local' },
  { type: 'ipv6-addr', value: '::1/128', reason: 'loopback' },
  { type: 'ipv6-addr', value: 'fe80::/10', reason: 'link-local' },
];

/** The built-in known-benign list. */
export const defaultKnownBenign: readonly BenignValue[] = [...publicDnsResolvers, ...reservedAddresses];
